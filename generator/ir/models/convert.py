"""Schemas -> types of the type tree (:mod:`generator.ir.typetree`), one schema at a time.

An object with properties (its own or through ``allOf``) becomes a model class: a component is
its own class, an inline object is hoisted into one named after where it is (the planner names
it). Everything else becomes a type: scalars with their constraints, arrays, maps, enums and
constants, unions (discriminated when their object variants say which they are). 3.0
``nullable``, 3.1 type lists and null union members are "or null". In a lenient context (what a
client reads) string enums are open and discriminated unions keep unknown variants.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from generator.ir.typetree import (
    NO_CONSTRAINTS,
    AnyValue,
    ArrayOf,
    ConstOf,
    Constraints,
    EnumOf,
    MapOf,
    ModelRef,
    NullValue,
    Scalar,
    TypeNode,
    UnionOf,
    nullable,
)
from generator.spec import facts
from generator.spec import pointer as jp
from generator.spec.refs import local_target

if TYPE_CHECKING:
    from generator.ir.models.planner import ModelPlanner

# Formats that change a value's Python type; every other format is documentation.
KEPT_FORMATS = frozenset({"date-time", "date", "time", "duration"})
_SCALARS = frozenset({"string", "integer", "number", "boolean"})
_CONSTRAINT_KEYS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "multipleOf": "multiple_of",
    "minItems": "min_items",
    "maxItems": "max_items",
    "minProperties": "min_properties",
    "maxProperties": "max_properties",
}
# Keywords of a further allOf member that narrow the first member's type.
_RESTRICTING = frozenset({*_CONSTRAINT_KEYS, "exclusiveMinimum", "exclusiveMaximum", "enum", "const"})
_MAX_DEPTH = 48
_MAX_INLINE = 8


@dataclass(frozen=True)
class Context:
    """Where a schema is converted: for which class (``owner``), read or sent (``lenient``), and the
    non-object components being inlined (``inlining``, against loops)."""

    owner: str
    lenient: bool
    hoist: bool = True
    field: str | None = None  # the member converted, at its top (or its array items)
    inlining: tuple[str, ...] = ()
    depth: int = 0

    def deeper(self, *, same_member: bool = False) -> Context:
        """The context one schema down (still the member's own level with ``same_member``)."""
        return replace(self, depth=self.depth + 1, field=self.field if same_member else None)


class Converter:
    """Converts the schemas of one spec; hoisting and naming are the planner's."""

    def __init__(self, planner: ModelPlanner) -> None:
        self.planner = planner
        self.spec = planner.spec

    def convert(self, raw: Any, pointer: str, context: Context) -> TypeNode:
        """The type of the schema ``raw`` found at ``pointer``."""
        if context.depth > _MAX_DEPTH:
            return AnyValue()
        if raw is True or raw == {}:
            return AnyValue()
        if raw is False:
            return AnyValue()  # matches nothing: reported by the approximations
        if not isinstance(raw, dict):
            self.planner.warn(pointer, "schema-not-object", "schema is not a mapping; generated as any value")
            return AnyValue()
        target = local_target(raw.get("$ref"))
        if target is not None:
            found = self.reference(target, pointer, context)
            if any(key not in facts.ANNOTATIONS and key not in ("$ref", "nullable") for key in raw):
                found = self.restrict(found, raw, pointer, context)  # 3.1: keywords beside $ref apply too
            return nullable(found) if raw.get("nullable") is True else found
        return self.structure(raw, pointer, context)

    def reference(self, target: str, pointer: str, context: Context) -> TypeNode:
        """The type a reference stands for: a class, or a copy of a non-object component's type."""
        name = self.planner.class_of(target)
        schema = self.spec.get(target)
        if name is not None:
            found = self.with_scalar_variants(ModelRef(name), schema, target, context)
            # a class whose own schema allows null (3.0 `nullable` on the component) is nullable where referenced
            return nullable(found) if isinstance(schema, dict) and facts.own_nullable(self.spec, schema) else found
        if schema is None:
            self.planner.warn(pointer, "ref-unresolved", f"reference to {target!r} not found; generated as any value")
            return AnyValue()
        if target in context.inlining or len(context.inlining) >= _MAX_INLINE:
            self.planner.recursive(target, context.owner)
            return AnyValue()
        inner = replace(context, inlining=(*context.inlining, target), depth=context.depth + 1)
        return self.convert(schema, target, inner)

    def structure(self, schema: dict[str, Any], pointer: str, context: Context) -> TypeNode:
        """The type of a schema that is not a reference."""
        if "discriminator" in schema and not any(isinstance(schema.get(k), list) for k in facts.UNIONS):
            self.planner.unenforced.add(jp.child(pointer, "discriminator"))
            self.planner.note_once(
                jp.child(pointer, "discriminator"),
                "discriminator-ignored",
                "a discriminator without oneOf or anyOf has nothing to choose between; ignored",
            )
        null = facts.own_nullable(self.spec, schema)
        found = self._structure(schema, pointer, context)
        return nullable(found) if null else found

    def _structure(self, schema: dict[str, Any], pointer: str, context: Context) -> TypeNode:
        if self.planner.is_object(schema):
            return self.object(schema, pointer, context)
        members = schema.get("allOf")
        if isinstance(members, list) and members:
            return self.all_of(schema, members, pointer, context)
        for keyword in facts.UNIONS:
            variants = schema.get(keyword)
            if isinstance(variants, list) and variants:
                found = self.union(schema, keyword, variants, pointer, context)
                if found is not None:
                    return found
        return self.plain(schema, pointer, context)

    # ---------------------------------------------------------------- objects and composition

    def object(self, schema: dict[str, Any], pointer: str, context: Context) -> TypeNode:
        """An object with properties: the class of ``pointer`` (hoisted when inline)."""
        name = self.planner.class_of(pointer)
        if name is None and not context.hoist:
            return MapOf(AnyValue())
        found = ModelRef(name if name is not None else self.planner.hoist(pointer, schema, context))
        return self.with_scalar_variants(found, schema, pointer, context)

    def with_scalar_variants(self, found: TypeNode, schema: Any, pointer: str, context: Context) -> TypeNode:
        """An object's class, or a union of it with the variants of its ``oneOf``/``anyOf`` that are not
        objects (``oneOf: [boolean, object]`` beside ``properties``, which constrain only objects)."""
        if not isinstance(schema, dict) or facts.declared_types(schema):
            return found
        others: list[TypeNode] = []
        for keyword in facts.UNIONS:
            variants = schema.get(keyword)
            for index, variant in enumerate(variants if isinstance(variants, list) else []):
                resolved = self.spec.resolve(variant)
                kinds = facts.types(resolved) if isinstance(resolved, dict) else frozenset()
                if kinds and "object" not in kinds and not facts.is_null_schema(self.spec, variant):
                    where = jp.child(jp.child(pointer, keyword), index)
                    others.append(self.convert(variant, where, context.deeper()))
        return UnionOf(_flatten((*others, found))) if others else found

    def all_of(self, schema: dict[str, Any], members: list[Any], pointer: str, context: Context) -> TypeNode:
        """``allOf`` that is not an object: one real member, with the keywords beside it applied."""
        base = jp.child(pointer, "allOf")
        real = [
            (member, jp.child(base, index))
            for index, member in enumerate(members)
            if not facts.is_nullable_marker(self.spec.resolve(member))
            and not (isinstance(member, dict) and set(member) <= facts.ANNOTATIONS)
        ]
        if not real:
            return self.plain({k: v for k, v in schema.items() if k != "allOf"}, pointer, context)
        member, where = real[0]  # members of different types are reported by the approximations
        found = self.convert(member, where, replace(context, depth=context.depth + 1))
        for other, _ in real[1:]:  # the others' limits apply too (a pattern in a referenced member...)
            resolved = self.spec.resolve(other)
            if isinstance(resolved, dict) and not self.planner.is_object(resolved):
                found = self.restrict(found, {k: v for k, v in resolved.items() if k in _RESTRICTING}, pointer, context)
        return self.restrict(found, schema, pointer, context)

    def restrict(self, found: TypeNode, schema: dict[str, Any], pointer: str, context: Context) -> TypeNode:
        """``found`` narrowed by the keywords of ``schema`` beside a composition (``enum``, limits)."""
        if "enum" in schema or "const" in schema:
            return self.choice(schema, context)
        limits = constraints_of(schema)
        if not limits:
            return found
        if isinstance(found, Scalar):
            return replace(found, constraints=merge(found.constraints, limits))
        if isinstance(found, ArrayOf):
            return replace(found, constraints=merge(found.constraints, limits))
        if isinstance(found, MapOf):
            return replace(found, constraints=merge(found.constraints, limits))
        return found

    def union(
        self, schema: dict[str, Any], keyword: str, variants: list[Any], pointer: str, context: Context
    ) -> TypeNode | None:
        """A union of real variants; None when every variant only lists required names (a group)."""
        if all(facts.is_required_only(self.spec, v) for v in variants):
            return None
        base = jp.child(pointer, keyword)
        kept = [
            (variant, jp.child(base, index))
            for index, variant in enumerate(variants)
            if variant is not False and not facts.is_null_schema(self.spec, variant)
        ]
        if not kept:
            return NullValue()
        if len(kept) == 1:
            only = self.convert(kept[0][0], kept[0][1], replace(context, depth=context.depth + 1))
            return self.restrict(only, schema, pointer, context)
        types = tuple(self.convert(variant, where, context.deeper()) for variant, where in kept)
        flat = _flatten(types)
        discriminator = self.planner.discriminator(schema, pointer, [v for v, _ in kept], flat, context)
        return UnionOf(flat, discriminator)

    # ---------------------------------------------------------------- everything else

    def plain(self, schema: dict[str, Any], pointer: str, context: Context) -> TypeNode:
        """Scalars, arrays, maps, enums and constants, and type lists (3.1)."""
        if "const" in schema or "enum" in schema:
            return self.choice(schema, context)
        declared = [t for t in facts.declared_types(schema) if t != "null"]
        if not declared:
            inferred = facts.types(schema)
            declared = sorted(inferred) if inferred else []
        if not declared:
            return AnyValue()
        found = [self.typed(kind, schema, pointer, context) for kind in dict.fromkeys(declared)]
        node = found[0] if len(found) == 1 else UnionOf(_flatten(tuple(found)))
        if "null" in facts.declared_types(schema):
            node = nullable(node)
        return node

    def typed(self, kind: str, schema: dict[str, Any], pointer: str, context: Context) -> TypeNode:
        """The type of ``schema`` as one JSON type."""
        limits = constraints_of(schema)
        if kind in _SCALARS:
            fmt = schema.get("format")
            kept = fmt if kind == "string" and fmt in KEPT_FORMATS else None
            return Scalar(kind, kept, _only(limits, kind))  # type: ignore[arg-type]
        if kind == "array":
            items = schema.get("items")
            below = context.deeper(same_member=True)
            item = self.convert(items, jp.child(pointer, "items"), below) if items is not None else AnyValue()
            if items is None and isinstance(schema.get("prefixItems"), list):
                prefix = schema["prefixItems"]
                base = jp.child(pointer, "prefixItems")
                item = UnionOf(
                    _flatten(tuple(self.convert(p, jp.child(base, i), context.deeper()) for i, p in enumerate(prefix)))
                )
            return ArrayOf(item, _only(limits, "array"))
        if kind == "object":
            return self.map(schema, pointer, context)
        return AnyValue()

    def map(self, schema: dict[str, Any], pointer: str, context: Context) -> TypeNode:
        """An object without properties: a map of its ``additionalProperties`` (any value when absent)."""
        extra = schema.get("additionalProperties")
        values = (
            self.convert(extra, jp.child(pointer, "additionalProperties"), context.deeper())
            if isinstance(extra, dict)
            else AnyValue()
        )
        names = schema.get("propertyNames")
        keys = Scalar("string")
        if isinstance(names, dict):
            resolved = self.spec.resolve(names)
            if isinstance(resolved, dict):
                keys = Scalar("string", None, _only(constraints_of(resolved), "string"))
        return MapOf(values, keys, _only(constraints_of(schema), "object"))

    def choice(self, schema: dict[str, Any], context: Context) -> TypeNode:
        """``const`` or ``enum``: a constant, or one of the values (open in lenient contexts)."""
        if "const" in schema:
            return ConstOf(schema["const"]) if _is_scalar(schema["const"]) else AnyValue()
        values = schema.get("enum")
        if not isinstance(values, list) or not values:
            return AnyValue()
        plain = [v for v in values if v is not None]
        has_null = len(plain) != len(values) or "null" in facts.declared_types(schema)
        if not all(_is_scalar(v) and not isinstance(v, float) for v in plain):
            kinds = sorted({facts.value_type(v) for v in plain} & _SCALARS)
            scalars: tuple[TypeNode, ...] = tuple(Scalar(k) for k in kinds)  # type: ignore[arg-type]
            base = scalars[0] if len(scalars) == 1 else UnionOf(scalars) if scalars else AnyValue()
            return nullable(base) if has_null else base
        if not plain:
            return NullValue()
        if len(plain) == 1:
            node: TypeNode = ConstOf(plain[0])
        else:
            is_text = all(isinstance(v, str) for v in plain)
            unique = {(type(v), v): v for v in plain}  # True and 1 are different values
            node = EnumOf(tuple(unique.values()), open=context.lenient and is_text)
        return nullable(node) if has_null else node


def constraints_of(schema: dict[str, Any]) -> Constraints:
    """The validation keywords of ``schema`` (3.0 boolean exclusive bounds read as 3.1 ones)."""
    values: dict[str, Any] = {}
    for key, name in _CONSTRAINT_KEYS.items():
        value = schema.get(key)
        if (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
            key == "pattern" and isinstance(value, str)
        ):
            values[name] = value
    if schema.get("uniqueItems") is True:
        values["unique_items"] = True
    for bound, exclusive, name in (
        ("minimum", "exclusiveMinimum", "exclusive_minimum"),
        ("maximum", "exclusiveMaximum", "exclusive_maximum"),
    ):
        flag = schema.get(exclusive)
        if flag is True and name.split("_")[1] in values:
            values[name] = values.pop(bound)
        elif isinstance(flag, (int, float)) and not isinstance(flag, bool):
            values[name] = flag
    return Constraints(**values) if values else NO_CONSTRAINTS


def merge(first: Constraints, second: Constraints) -> Constraints:
    """Both sets of constraints (the second's value where both set one)."""
    values = dict(first.items())
    values.update(second.items())
    return Constraints(**values)


_KIND_CONSTRAINTS = {
    "string": {"min_length", "max_length", "pattern"},
    "integer": {"minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of"},
    "number": {"minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of"},
    "boolean": set(),
    "array": {"min_items", "max_items", "unique_items"},
    "object": {"min_properties", "max_properties"},
}


def _only(limits: Constraints, kind: str) -> Constraints:
    """The constraints that apply to values of JSON type ``kind``."""
    wanted = _KIND_CONSTRAINTS.get(kind, set())
    kept = {name: value for name, value in limits.items() if name in wanted}
    return Constraints(**kept) if kept else NO_CONSTRAINTS


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _flatten(types: tuple[TypeNode, ...]) -> tuple[TypeNode, ...]:
    """Union members, nested unions spread, duplicates dropped, null last."""
    found: list[TypeNode] = []
    null = False
    for node in types:
        members = node.variants if isinstance(node, UnionOf) and node.discriminator is None else (node,)
        for member in members:
            if isinstance(member, NullValue):
                null = True
            elif member not in found:
                found.append(member)
    if any(isinstance(member, AnyValue) for member in found):
        return (AnyValue(),)
    return (*found, *([NullValue()] if null else []))
