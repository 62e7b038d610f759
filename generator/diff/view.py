"""One side of a diff, and schemas seen through it: references followed, 3.0/3.1 spellings unified.

OpenAPI 3.0 ``nullable: true``, 3.1 ``type: [x, "null"]`` and a union with a ``{type: "null"}``
variant all mean "x or null"; :func:`view` turns each into the non-null schema plus a
``nullable`` flag, so that the 3.0 -> 3.1 history compares as equal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator import pointer as jp
from generator.diff.model import SideName

_MAX_CHAIN = 64
_UNIONS = ("anyOf", "oneOf")
# Keys that may sit next to a one-variant union (or allOf) without making it more than a wrapper.
_WRAPPER_KEYS = frozenset(
    {"description", "title", "example", "examples", "externalDocs", "$comment", "nullable", "default", "deprecated"}
)
_VALUE_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"))


@dataclass(frozen=True)
class Version:
    """One spec of the pair: its bundled data, OpenAPI minor version and side."""

    data: dict[str, Any]
    minor: int
    side: SideName

    def follow(self, value: Any, pointer: str) -> tuple[Any, str, str | None]:
        """Follow a chain of local ``$ref`` s: (value, its pointer, last component key crossed)."""
        component: str | None = None
        for _ in range(_MAX_CHAIN):
            ref = value.get("$ref") if isinstance(value, dict) else None
            if not isinstance(ref, str) or not ref.startswith("#"):
                break
            target = jp.from_fragment(ref[1:])
            try:
                value = jp.resolve(self.data, target)
            except (KeyError, ValueError):
                return {}, pointer, component
            pointer = target
            parts = jp.split(target)
            if len(parts) == 3 and parts[:2] == ["components", "schemas"]:
                component = parts[2]
        return value, pointer, component

    def get(self, pointer: str) -> Any:
        """The value at ``pointer``, or None."""
        try:
            return jp.resolve(self.data, pointer)
        except (KeyError, ValueError):
            return None


@dataclass(frozen=True)
class Node:
    """A schema after following references and unwrapping nullable wrappers."""

    schema: dict[str, Any]
    pointer: str
    outer: str
    nullable: bool
    component: str | None
    wrapper: dict[str, Any] | None = None

    @property
    def name(self) -> str | None:
        """The generated class name when explicit or a component: x-specgen-name, else the key."""
        explicit = self.schema.get("x-specgen-name")
        return explicit if isinstance(explicit, str) else self.component


def view(version: Version, raw: Any, pointer: str) -> Node:
    """The schema ``raw`` (at ``pointer``) as a :class:`Node`."""
    value, where, component = version.follow(raw, pointer)
    outer = where
    wrapper: dict[str, Any] | None = None
    nullable = False
    for _ in range(_MAX_CHAIN):
        schema = value if isinstance(value, dict) else {}
        nullable = nullable or own_nullable(version, schema, where)
        inner = _single_member(version, schema, where)
        if inner is None:
            break
        if wrapper is None:
            wrapper = schema
        value, where, crossed = version.follow(*inner)
        component = crossed or component
    schema = value if isinstance(value, dict) else {}
    return Node(schema, where, outer, nullable, component, wrapper)


def is_null_schema(version: Version, raw: Any, pointer: str) -> bool:
    """Whether ``raw`` only allows null (``type: "null"``, ``enum: [null]``...)."""
    value, _, _ = version.follow(raw, pointer)
    if not isinstance(value, dict):
        return False
    kind = value.get("type")
    if kind in ("null", ["null"]):
        return True
    return value.get("enum") == [None] or ("const" in value and value["const"] is None)


def own_nullable(version: Version, schema: dict[str, Any], pointer: str) -> bool:
    """Nullability declared by the schema itself (3.0 ``nullable``, 3.1 type list, a null variant)."""
    if schema.get("nullable") is True:
        return True
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        return True
    for key in _UNIONS:
        members = schema.get(key)
        if isinstance(members, list) and any(
            is_null_schema(version, member, jp.child(jp.child(pointer, key), index))
            for index, member in enumerate(members)
        ):
            return True
    return False


def _single_member(version: Version, schema: dict[str, Any], pointer: str) -> tuple[Any, str] | None:
    """The one non-null member of a wrapper (``anyOf: [X, null]``, ``allOf: [X]``), or None."""
    for key in (*_UNIONS, "allOf"):
        members = schema.get(key)
        if not isinstance(members, list):
            continue
        if any(other not in _WRAPPER_KEYS and other != key and not other.startswith("x-") for other in schema):
            return None
        base = jp.child(pointer, key)
        kept = [
            (member, jp.child(base, index))
            for index, member in enumerate(members)
            if not is_null_schema(version, member, jp.child(base, index))
        ]
        if len(kept) == 1 and (key != "allOf" or len(members) == 1):
            return kept[0]
        return None
    return None


def types(schema: dict[str, Any]) -> frozenset[str]:
    """The non-null JSON types a schema allows; empty means any. Inferred when ``type`` is absent."""
    kind = schema.get("type")
    declared = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    found = frozenset(t for t in declared if isinstance(t, str) and t != "null")
    if found or declared:
        return found
    if any(key in schema for key in ("properties", "additionalProperties", "required", "patternProperties")):
        return frozenset({"object"})
    if "items" in schema or "prefixItems" in schema:
        return frozenset({"array"})
    values, _ = allowed_values(schema)
    if values:
        return frozenset(_value_type(value) for value in values)
    return frozenset()


def _value_type(value: Any) -> str:
    for python_type, name in _VALUE_TYPES:
        if isinstance(value, python_type):
            return name
    return "object"


def allowed_values(schema: dict[str, Any]) -> tuple[list[Any] | None, bool]:
    """Non-null values allowed by ``const`` / ``enum`` (None: unrestricted), and whether it is a constant.

    A one-value ``enum`` is a constant too (the 3.0 spelling of ``const``).
    """
    if "const" in schema:
        return ([], False) if schema["const"] is None else ([schema["const"]], True)
    enum = schema.get("enum")
    if not isinstance(enum, list):
        return None, False
    values = [value for value in enum if value is not None]
    return values, len(values) == 1


def value_key(value: Any) -> str:
    """A hashable, order-independent spelling of a JSON value."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def shown(value: Any) -> str:
    """A JSON value for a message, shortened."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."
