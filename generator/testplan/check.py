"""The validity check of sample values: the spec's schemas as one JSON Schema document, and
jsonschema-rs (draft 2020-12; OpenAPI 3.0 constructs rewritten first) plus the
``x-specgen-invariants`` JSON Schema cannot express.

Everything works on JSON pointers into the (bundled) spec, so a value for a nested schema is
always checked against exactly the schema it is for.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from fractions import Fraction
from math import ceil, floor
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from generator.spec import pointer as jp
from generator.spec.facts import ANNOTATIONS
from generator.spec.invariants import Invariant, InvariantError, from_schema

_URI = "urn:specgen:tests"
_FRAGMENT_SAFE = "/~:@!$&'()*+,;=-._"
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})
_MAX_HOPS = 24  # references followed, at most
#: Compiled validators kept at once, least recently used dropped first: each holds its own copy of
#: every schema it reaches, megabytes for one schema of a large spec's deep graph.
_VALIDATORS_KEPT = 64
#: Keywords beside a ``$ref`` that validate nothing, so the schema validates as its target.
_ANNOTATIONS = ANNOTATIONS | {"$ref", "summary"}


def json_schema_document(data: Any) -> Any:
    """A copy of the spec where every schema reads as JSON Schema 2020-12.

    OpenAPI 3.0's ``nullable`` becomes a type list (or a ``null`` union branch) and boolean
    ``exclusiveMinimum``/``exclusiveMaximum`` become numeric bounds. Nothing moves, so every
    JSON pointer into the spec stays valid in the copy.
    """
    if isinstance(data, list):
        return [json_schema_document(item) for item in data]
    if not isinstance(data, dict):
        return data
    result: dict[str, Any] = {}
    for key, value in data.items():
        keep = key in _DATA_KEYS or (isinstance(key, str) and key.startswith("x-"))
        result[key] = copy.deepcopy(value) if keep else json_schema_document(value)
    if result.get("nullable") is True:
        del result["nullable"]
        kind = result.get("type")
        if isinstance(kind, str):
            result["type"] = [kind, "null"]
            if isinstance(result.get("enum"), list) and None not in result["enum"]:
                result["enum"] = [*result["enum"], None]
        elif isinstance(kind, list) and "null" not in kind:
            result["type"] = [*kind, "null"]
        else:
            for union in ("oneOf", "anyOf"):
                if isinstance(result.get(union), list):
                    result[union] = [*result[union], {"type": "null"}]
                    break
    for bound, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = result.get(bound)
        if isinstance(flag, bool):
            del result[bound]
            if flag and isinstance(result.get(plain), (int, float)):
                result[bound] = result.pop(plain)
    return result


def _any_text(value: str) -> bool:
    return True


# The formats the generated models check (date, date-time, time, duration: parsed as such) are checked
# here too, so that no test relies on a value the client rejects or reshapes; every other format is an
# annotation, as JSON Schema 2020-12 has it.
_UNCHECKED_FORMATS = {
    name: _any_text
    for name in (
        "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri",
        "iri-reference", "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
    )
}  # fmt: skip


class SchemaCheck:
    """Whether a value is valid under the spec's schema at a JSON pointer (invariants included)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.document = json_schema_document(data)
        self._registry = jsonschema_rs.Registry([(_URI, self.document)], draft=jsonschema_rs.Draft202012)
        self._validators: OrderedDict[str, jsonschema_rs.Validator | None] = OrderedDict()
        self._targets: dict[str, str] = {}
        self._has_invariants = _mentions(data, "x-specgen-invariants")

    def _validator(self, pointer: str) -> jsonschema_rs.Validator | None:
        pointer = self._target(pointer)
        validators = self._validators
        if pointer in validators:
            validators.move_to_end(pointer)
            return validators[pointer]
        reference = {"$ref": f"{_URI}#{quote(pointer, safe=_FRAGMENT_SAFE)}"}
        try:
            validator: jsonschema_rs.Validator | None = jsonschema_rs.Draft202012Validator(
                reference, registry=self._registry, validate_formats=True, formats=_UNCHECKED_FORMATS
            )
        except (ValueError, jsonschema_rs.ReferencingError):
            validator = None
        validators[pointer] = validator
        if len(validators) > _VALIDATORS_KEPT:
            validators.popitem(last=False)
        return validator

    def _target(self, pointer: str) -> str:
        """The pointer of the schema that validates as the one at ``pointer`` (past bare local ``$ref``s)."""
        target = self._targets.get(pointer)
        if target is None:
            target = pointer
            for _ in range(_MAX_HOPS):
                try:
                    schema = jp.resolve(self.document, target)
                except (KeyError, ValueError):
                    break
                ref = schema.get("$ref") if isinstance(schema, dict) else None
                if not isinstance(ref, str) or not ref.startswith("#") or not _ANNOTATIONS.issuperset(schema):
                    break
                target = ref_pointer(ref)
            self._targets[pointer] = target
        return target

    def schema_valid(self, pointer: str, value: Any) -> bool:
        """Valid under the JSON Schema at ``pointer`` (False when the schema cannot be compiled)."""
        validator = self._validator(pointer)
        return validator is not None and bool(validator.is_valid(value))

    def valid(self, pointer: str, value: Any) -> bool:
        """Valid under the JSON Schema at ``pointer`` and every invariant of the objects in ``value``."""
        if not self.schema_valid(pointer, value):
            return False
        return not self._has_invariants or self.invariants_hold(pointer, value)

    def invariants_hold(self, pointer: str, value: Any, depth: int = 0) -> bool:
        """No ``x-specgen-invariants`` of the schema at ``pointer`` (or below) is broken by ``value``."""
        if depth > _MAX_HOPS:
            return True
        pointer, schema = self.resolve(pointer)
        if not isinstance(schema, dict):
            return True
        if isinstance(value, dict):
            for invariant in invariants_of(schema):
                if invariant.holds(value) is False:
                    return False
            for name, member in value.items():
                where = member_pointer(pointer, schema, name)
                if where is not None and not self.invariants_hold(where, member, depth + 1):
                    return False
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            where = jp.child(pointer, "items")
            if not all(self.invariants_hold(where, item, depth + 1) for item in value):
                return False
        for key in ("allOf", "anyOf", "oneOf"):
            branches = schema.get(key)
            if not isinstance(branches, list):
                continue
            results = [
                self.invariants_hold(jp.child(jp.child(pointer, key), i), value, depth + 1)
                for i, branch in enumerate(branches)
                if key == "allOf" or self.schema_valid(jp.child(jp.child(pointer, key), i), value)
            ]
            if results and not (all(results) if key == "allOf" else any(results)):
                return False
        return True

    def resolve(self, pointer: str, depth: int = 0) -> tuple[str, Any]:
        """The pointer and schema at ``pointer``, following ``$ref``s."""
        try:
            schema = jp.resolve(self.data, pointer)
        except (KeyError, ValueError):
            return pointer, None
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and depth < 64:
            pointer = ref_pointer(schema["$ref"])
            try:
                schema = jp.resolve(self.data, pointer)
            except (KeyError, ValueError):
                return pointer, None
            depth += 1
        return pointer, schema


def _mentions(node: Any, key: str) -> bool:
    """Whether a mapping anywhere in ``node`` has ``key``."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if key in current:
                return True
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


def ref_pointer(ref: str) -> str:
    """The JSON pointer a local ``$ref`` names."""
    return jp.from_fragment(ref.partition("#")[2])


def invariants_of(schema: dict[str, Any]) -> list[Invariant]:
    """The parsed ``x-specgen-invariants`` of an object schema (none when malformed: lint reports it)."""
    try:
        return from_schema(schema)
    except InvariantError:
        return []


def solve(invariant: Invariant, name: str, values: dict[str, Any]) -> tuple[int, int] | None:
    """For the integer ``name``: the edge value that still satisfies ``invariant`` and the one past it.

    The other names take their ``values``; None when the edge is not an integer, ``name``
    does not occur, or another name is missing.
    """
    coefficient = Fraction(0)
    constant = Fraction(0)
    for sign, terms in ((1, invariant.left), (-1, invariant.right)):
        for term in terms:
            if term.name == name:
                coefficient += sign * term.coefficient
            elif term.name is None:
                constant += sign * term.coefficient
            else:
                other = values.get(term.name)
                if isinstance(other, bool) or not isinstance(other, int):
                    return None
                constant += sign * term.coefficient * other
    if coefficient == 0:
        return None
    op = invariant.op
    if op in (">=", ">"):  # a*x + c >= 0  <=>  -a*x - c <= 0
        coefficient, constant, op = -coefficient, -constant, "<=" if op == ">=" else "<"
    root = -constant / coefficient
    if op == "==":
        return (int(root), int(root) + 1) if root.denominator == 1 else None
    if op == "!=":
        return (int(root) + 1, int(root)) if root.denominator == 1 else None
    if coefficient > 0:  # x <= root (or x < root)
        edge = floor(root) if op == "<=" else ceil(root) - 1
        return edge, edge + 1
    edge = ceil(root) if op == "<=" else floor(root) + 1  # x >= root (or x > root)
    return edge, edge - 1


def member_pointer(pointer: str, schema: dict[str, Any], name: str) -> str | None:
    """Where the schema of the object member ``name`` is: its property, else ``additionalProperties``."""
    if name in mapping(schema.get("properties")):
        return jp.child(jp.child(pointer, "properties"), name)
    if isinstance(schema.get("additionalProperties"), dict):
        return jp.child(pointer, "additionalProperties")
    return None


def mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}
