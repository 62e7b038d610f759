"""Unions of object variants: how a client tells them apart.

With a ``discriminator``, each variant's tag value comes from the mapping, or else from the
variant's own constant for the tag property (real payloads rarely use the schema names OpenAPI
would take). A union the client sends is closed: an unknown tag is an error. A union it reads
is open: a variant it does not know yet becomes an ``Unknown...`` object keeping every member.
Without usable tags (a variant with none, two sharing one, a variant that is not an object) the
union is resolved by shape, with a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.ir.typetree import Discriminator, ModelRef, NullValue, TypeNode
from generator.spec import facts
from generator.spec import pointer as jp
from generator.spec.graph import mapping_target
from generator.spec.refs import local_target

if TYPE_CHECKING:
    from generator.ir.models.convert import Context
    from generator.ir.models.planner import ModelPlanner


class UnionChooser:
    """Decides the discriminator of each union."""

    def __init__(self, planner: ModelPlanner) -> None:
        self.planner = planner
        self.spec = planner.spec

    def choose(
        self, schema: dict[str, Any], pointer: str, variants: list[Any], types: tuple[TypeNode, ...], context: Context
    ) -> Discriminator | None:
        """The discriminator of the union ``schema`` at ``pointer`` (None: by shape)."""
        declared = schema.get("discriminator")
        if not isinstance(declared, dict) or not isinstance(declared.get("propertyName"), str):
            return None
        tag = str(declared["propertyName"])
        where = jp.child(pointer, "discriminator")
        models = [t for t in types if not isinstance(t, NullValue)]
        if not all(isinstance(t, ModelRef) for t in models):
            self.by_shape(where, "a variant or mapping target is not an object")
            return None
        mapping: dict[str, str] = {}
        explicit = declared.get("mapping")
        for value, target in (explicit.items() if isinstance(explicit, dict) else []):
            # A local reference names its exact schema (an inline variant has a class of its own).
            pointer_of = (local_target(target) or mapping_target(target)) if isinstance(target, str) else None
            name = self.planner.class_of(pointer_of or "")
            if name is None:
                self.planner.warn(
                    where,
                    "discriminator-mapping-unresolved",
                    f"mapping {value!r} -> {target!r} names no object component",
                )
                continue
            mapping[str(value)] = name
        for raw, kind in zip(variants, models, strict=False):
            assert isinstance(kind, ModelRef)
            if kind.name in mapping.values():
                continue
            values = self.tag_values(raw, tag)
            if not values:
                self.by_shape(where, "no mapping and a variant has no constant tag")
                return None
            shared = [v for v in values if mapping.get(v, kind.name) != kind.name]
            if shared:
                self.by_shape(where, "no mapping and variants share a tag value")
                return None
            mapping.update({v: kind.name for v in values})
        if not mapping:
            return None
        ordered = tuple(sorted(mapping.items()))
        if context.lenient:
            if context.field is None:
                self.planner.unenforced.add(where)  # deeper than a member: by shape
                return None
            return Discriminator(tag, ordered, self.planner.fallback(context.owner, context.field, tag))
        if not all(self.tag_values(raw, tag) for raw in variants):
            self.by_shape(where, "a variant's tag is not a constant, so a request cannot be told apart by it")
            return None
        if not all(self.requires_tag(raw, tag) for raw in variants):
            self.by_shape(where, "a variant's tag is optional, so a request cannot be told apart by it")
            return None
        if not all(self.literal_tag(raw, tag) for raw in variants):
            self.planner.unenforced.add(where)  # a variant also read from responses keeps its tag open
            return None
        return Discriminator(tag, ordered)

    def literal_tag(self, raw: Any, tag: str) -> bool:
        """Whether the variant's class gives its tag a closed type (a constant, or an enum of a class
        only sent, never read)."""
        if len(self.tag_values(raw, tag)) == 1:
            return True
        _, where = self.spec.follow(raw)
        return not self.planner.is_lenient(where)

    def requires_tag(self, raw: Any, tag: str) -> bool:
        """Whether every value of the variant has the tag property."""
        schema, where = self.spec.follow(raw)
        return isinstance(schema, dict) and tag in facts.object_parts(self.spec, schema, where).always_required

    def tag_values(self, raw: Any, tag: str) -> list[str]:
        """The constant values a variant gives its tag property (``const``, or ``enum`` of strings)."""
        schema, where = self.spec.follow(raw)
        if not isinstance(schema, dict):
            return []
        found = facts.object_parts(self.spec, schema, where).properties.get(tag)
        value = self.spec.resolve(found[0]) if found else None
        if not isinstance(value, dict):
            return []
        if isinstance(value.get("const"), str):
            return [str(value["const"])]
        values = value.get("enum")
        if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            return [str(v) for v in values]
        return []

    def by_shape(self, where: str, reason: str) -> None:
        self.planner.unenforced.add(where)
        self.planner.note_once(where, "discriminator-by-shape", f"{reason}: the union is resolved by shape")
