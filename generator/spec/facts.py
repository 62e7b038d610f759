"""What a schema means, defined once: types, nullability, constants, object parts, models.

OpenAPI 3.0 ``nullable: true`` (on the schema, beside an ``allOf``, or as an ``allOf`` member
that only says so), 3.1 ``type: [x, "null"]`` and a union with a ``{type: "null"}`` member
all mean "x or null". ``allOf`` members are merged into one object: a property or a
``required`` name may come from any member. ``anyOf``/``oneOf`` whose members only list
``required`` names ("send ``file_ids`` or ``files``") are required-alternatives, not unions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any, Literal

from generator.spec import pointer as jp

if TYPE_CHECKING:
    from generator.spec.load import Spec

UNIONS = ("anyOf", "oneOf")
# Keys that describe a schema without constraining values.
ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "$comment",
        "example",
        "examples",
        "externalDocs",
        "deprecated",
        "readOnly",
        "writeOnly",
        "default",
        "xml",
    }
)
# What a union member that only adds requirements may hold besides ``required``.
_REQUIRED_ONLY_KEYS = frozenset({"required", "description", "title", "$comment"})
_VALUE_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"))
_MAX_DEPTH = 64


def declared_types(schema: dict[str, Any]) -> list[str]:
    """The names in ``type`` (a name or a list of them), as written."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [t for t in kind if isinstance(t, str)]
    return []


def types(schema: dict[str, Any]) -> frozenset[str]:
    """The non-null JSON types a schema allows; empty means any. Inferred when ``type`` is absent."""
    declared = declared_types(schema)
    found = frozenset(t for t in declared if t != "null")
    if found or declared:
        return found
    if any(key in schema for key in ("properties", "additionalProperties", "required", "patternProperties")):
        return frozenset({"object"})
    if "items" in schema or "prefixItems" in schema:
        return frozenset({"array"})
    values, _ = allowed_values(schema)
    if values:
        return frozenset(value_type(value) for value in values)
    return frozenset()


def value_type(value: Any) -> str:
    """The JSON type name of a value."""
    for python_type, name in _VALUE_TYPES:
        if isinstance(value, python_type):
            return name
    return "null" if value is None else "object"


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


def constant(schema: Any) -> tuple[Any] | None:
    """``(value,)`` when ``schema`` allows exactly one value (``const`` or a one-value ``enum``)."""
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return (schema["const"],)
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return (enum[0],)
    return None


def value_key(value: Any) -> str:
    """A hashable, order-independent spelling of a JSON value."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def is_null_schema(spec: Spec, raw: Any) -> bool:
    """Whether ``raw`` only allows null (``type: "null"``, ``enum: [null]``, ``const: null``)."""
    value = spec.resolve(raw)
    if not isinstance(value, dict):
        return False
    if value.get("type") in ("null", ["null"]):
        return True
    return value.get("enum") == [None] or ("const" in value and value["const"] is None)


def is_nullable_marker(schema: Any) -> bool:
    """An ``allOf`` member that only says ``nullable: true`` (3.0): the composed schema allows null."""
    return (
        isinstance(schema, dict)
        and schema.get("nullable") is True
        and all(key == "nullable" or key in ANNOTATIONS or key.startswith("x-") for key in schema)
    )


def own_nullable(spec: Spec, schema: dict[str, Any]) -> bool:
    """Nullability the schema declares itself: 3.0 ``nullable`` (beside ``allOf`` too, or as an
    ``allOf`` member of its own), a 3.1 type list with ``null``, or a null member of a union."""
    if schema.get("nullable") is True or "null" in declared_types(schema):
        return True
    for key in UNIONS:
        members = schema.get(key)
        if isinstance(members, list) and any(is_null_schema(spec, member) for member in members):
            return True
    members = schema.get("allOf")
    return isinstance(members, list) and any(is_nullable_marker(spec.resolve(member)) for member in members)


def allows_null(spec: Spec, raw: Any) -> bool:
    """Whether ``null`` is a valid value: declared by the schema or by the one schema it wraps."""
    schema = spec.resolve(raw)
    for _ in range(_MAX_DEPTH):
        if not isinstance(schema, dict):
            return False
        if own_nullable(spec, schema) or is_null_schema(spec, schema):
            return True
        inner = single_member(spec, schema, "")
        if inner is None:
            return False
        schema = spec.resolve(inner[0])
    return False


def single_member(spec: Spec, schema: dict[str, Any], pointer: str) -> tuple[Any, str] | None:
    """The one member of a wrapper (``anyOf: [X, null]``, ``allOf: [X]``, ``allOf: [X, {nullable}]``)
    and its pointer, when the wrapper adds nothing but annotations; else None."""
    for key in (*UNIONS, "allOf"):
        members = schema.get(key)
        if not isinstance(members, list):
            continue
        if any(
            other not in ANNOTATIONS and other not in (key, "nullable") and not other.startswith("x-")
            for other in schema
        ):
            return None
        base = jp.child(pointer, key)
        kept = [
            (member, jp.child(base, index))
            for index, member in enumerate(members)
            if not (is_nullable_marker(spec.resolve(member)) if key == "allOf" else is_null_schema(spec, member))
        ]
        return kept[0] if len(kept) == 1 else None
    return None


def is_required_only(spec: Spec, raw: Any) -> bool:
    """Whether a composition member (references followed) only lists ``required`` names."""
    return lists_only_required(spec.resolve(raw))


def lists_only_required(value: Any) -> bool:
    """Whether a schema only lists ``required`` names (and describes them): as a union member it
    says which properties must be present, not what shape the value has."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("required"), list)
        and all(key in _REQUIRED_ONLY_KEYS for key in value)
    )


def required_alternatives(spec: Spec, schema: dict[str, Any]) -> tuple[str, list[frozenset[str]]] | None:
    """(keyword, required sets) when the schema's anyOf/oneOf is required-alternatives."""
    for keyword in UNIONS:
        members = schema.get(keyword)
        if not isinstance(members, list) or not members:
            continue
        if not all(is_required_only(spec, member) for member in members):
            continue
        sets = [
            frozenset(name for name in spec.resolve(member)["required"] if isinstance(name, str)) for member in members
        ]
        return keyword, sets
    return None


@dataclass(frozen=True)
class ObjectParts:
    """Properties (name -> raw schema and its pointer) and requiredness of an object schema,
    ``allOf`` members merged."""

    properties: dict[str, tuple[Any, str]]
    required: frozenset[str]
    alternatives: frozenset[frozenset[str]]
    exclusive: bool
    alternatives_pointer: str | None

    @property
    def always_required(self) -> frozenset[str]:
        """Names every valid value has."""
        if not self.alternatives:
            return self.required
        common: frozenset[str] = reduce(lambda a, b: a & b, self.alternatives)
        return self.required | common

    @property
    def clauses(self) -> list[frozenset[str]]:
        """The sets of names of which a valid value must have (at least) one."""
        if not self.alternatives:
            return [self.required]
        return [self.required | alternative for alternative in self.alternatives]

    def describe(self) -> str:
        """The alternatives in a message, e.g. ``oneOf[file_ids | files]``."""
        if not self.alternatives:
            return "none"
        shown = sorted(", ".join(sorted(alternative)) for alternative in self.alternatives)
        return f"{'oneOf' if self.exclusive else 'anyOf'}[{' | '.join(shown)}]"


def object_parts(
    spec: Spec, schema: dict[str, Any], pointer: str, direction: Literal["request", "response"] | None = None
) -> ObjectParts:
    """The properties of ``schema`` through ``allOf`` (references followed); with a direction, the
    ones a client sends (request: no ``readOnly``) or reads (response: no ``writeOnly``)."""
    properties: dict[str, tuple[Any, str]] = {}
    required: set[str] = set()
    _collect(spec, schema, pointer, properties=properties, required=required, seen={pointer}, depth=0)
    if direction is not None:
        hidden = "readOnly" if direction == "request" else "writeOnly"
        properties = {name: entry for name, entry in properties.items() if not _flagged(spec, entry[0], hidden)}
    found = required_alternatives(spec, schema)
    if found is None:
        return ObjectParts(properties, frozenset(required), frozenset(), False, None)
    keyword, sets = found
    return ObjectParts(properties, frozenset(required), frozenset(sets), keyword == "oneOf", jp.child(pointer, keyword))


def _collect(
    spec: Spec,
    schema: dict[str, Any],
    pointer: str,
    *,
    properties: dict[str, tuple[Any, str]],
    required: set[str],
    seen: set[str],
    depth: int,
) -> None:
    own = schema.get("properties")
    if isinstance(own, dict):
        base = jp.child(pointer, "properties")
        for name, raw in own.items():
            properties.setdefault(str(name), (raw, jp.child(base, name)))
    names = schema.get("required")
    if isinstance(names, list):
        required.update(name for name in names if isinstance(name, str))
    members = schema.get("allOf")
    if not isinstance(members, list) or depth >= _MAX_DEPTH:
        return
    for index, member in enumerate(members):
        value, where = spec.follow(member, jp.child(jp.child(pointer, "allOf"), index))
        if isinstance(value, dict) and where not in seen:
            seen.add(where)
            _collect(spec, value, where, properties=properties, required=required, seen=seen, depth=depth + 1)


def _flagged(spec: Spec, raw: Any, flag: str) -> bool:
    if isinstance(raw, dict) and raw.get(flag) is True:
        return True
    value = spec.resolve(raw)
    return isinstance(value, dict) and value.get(flag) is True


def declares_properties(schema: Any) -> bool:
    """Whether the schema itself lists at least one property."""
    return isinstance(schema, dict) and isinstance(schema.get("properties"), dict) and bool(schema["properties"])


def is_model(schema: Any) -> bool:
    """An object schema that lists its own properties (not a reference): generated as a class."""
    return declares_properties(schema) and "$ref" not in schema
