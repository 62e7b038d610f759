"""Python type hints for method arguments, from schemas (what a caller may pass).

Object schemas with their own class accept the model or a plain mapping, as the official
SDKs accept dicts; enums become ``Literal``; arrays ``Sequence``. Literal values are
rendered with ``repr``, so spec text stays data.
"""

from __future__ import annotations

from typing import Any

from generator.spec import pointer as jp
from generator.spec.facts import lists_only_required

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
_MAX_DEPTH = 12


class TypeHints:
    """Computes hints against one spec; remembers the model classes the hints name."""

    def __init__(self, data: dict[str, Any], class_for_pointer: dict[str, str], models: set[str]) -> None:
        self.data = data
        self.class_for_pointer = class_for_pointer
        self.models = models
        self.used: set[str] = set()

    def hint(self, schema: Any, where: str, depth: int = 0) -> str:
        """The annotation for a value of ``schema`` found at pointer ``where``."""
        return _join(self._members(schema, where, depth))

    def hint_and_names(self, schema: Any, where: str) -> tuple[str, tuple[str, ...]]:
        """The annotation and the names it needs imported (model classes, typing and abc names)."""
        self.used = set()
        text = self.hint(schema, where)
        names = set(self.used)
        for special in ("Any", "Literal", "Mapping", "Sequence"):
            if f"{special}[" in text or (special == "Any" and ("Any" in text.split(" | ") or "Any]" in text)):
                names.add(special)
        return text, tuple(sorted(names))

    def _members(self, schema: Any, where: str, depth: int) -> list[str]:
        if depth > _MAX_DEPTH or not isinstance(schema, dict):
            return ["Any"]
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = jp.from_fragment(ref.partition("#")[2])
            members = self._class_or_inline(target, depth)
            return [*members, "None"] if schema.get("nullable") is True else members
        own_class = self.class_for_pointer.get(where)
        if own_class in self.models and depth > 0:
            self.used.add(own_class)
            members = [own_class, "Mapping[str, Any]"]
        else:
            members = self._structural(schema, where, depth)
        if schema.get("nullable") is True and "None" not in members:
            members.append("None")
        return members

    def _class_or_inline(self, target: str, depth: int) -> list[str]:
        name = self.class_for_pointer.get(target)
        if name in self.models:
            self.used.add(name)
            return [name, "Mapping[str, Any]"]
        try:
            resolved = jp.resolve(self.data, target)
        except (KeyError, ValueError):
            return ["Any"]
        return self._members(resolved, target, depth + 1)

    def _structural(self, schema: dict[str, Any], where: str, depth: int) -> list[str]:
        literal = _literal(schema)
        if literal is not None:
            return literal
        for key in ("oneOf", "anyOf"):
            variants = schema.get(key)
            if isinstance(variants, list) and variants and not all(lists_only_required(v) for v in variants):
                members: list[str] = []
                for index, variant in enumerate(variants):
                    members.extend(self._members(variant, jp.child(jp.child(where, key), index), depth + 1))
                return members
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            return self._members(all_of[0], jp.child(jp.child(where, "allOf"), 0), depth + 1)
        kind = schema.get("type")
        kinds = (
            [kind]
            if isinstance(kind, str)
            else [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []
        )
        if not kinds:
            if isinstance(schema.get("properties"), dict) or "additionalProperties" in schema:
                kinds = ["object"]
            elif "items" in schema:
                kinds = ["array"]
            else:
                return ["Any"]
        members = []
        for name in kinds:
            if name == "array":
                item = self.hint(schema.get("items", {}), jp.child(where, "items"), depth + 1)
                members.append(f"Sequence[{item}]")
            elif name == "object":
                extra = schema.get("additionalProperties")
                value = (
                    self.hint(extra, jp.child(where, "additionalProperties"), depth + 1)
                    if isinstance(extra, dict)
                    else "Any"
                )
                members.append(f"Mapping[str, {value}]")
            else:
                members.append(_PRIMITIVES.get(name, "Any"))
        return members


def _literal(schema: dict[str, Any]) -> list[str] | None:
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    if not isinstance(values, list) or not values:
        return None
    plain = [v for v in values if v is not None]
    if not all(isinstance(v, (str, int, bool)) for v in plain):
        return None
    members = [f"Literal[{', '.join(repr(v) for v in plain)}]"] if plain else []
    if len(plain) != len(values):
        members.append("None")
    return members


def _join(members: list[str]) -> str:
    unique: list[str] = []
    for member in members:
        if member not in unique:
            unique.append(member)
    if "Any" in unique:
        return "Any"
    if "None" in unique:
        unique = [m for m in unique if m != "None"] + ["None"]
    return " | ".join(unique) or "Any"
