"""Sample values for the generated tests: the spec's schemas as JSON Schema, a validity check, a synthesizer.

Everything works on JSON pointers into the (bundled) spec, so a sample for a nested
schema can always be checked against exactly the schema it is for. Validity is decided
by jsonschema-rs (draft 2020-12, OpenAPI 3.0 constructs rewritten first) plus the
``x-specgen-invariants`` JSON Schema cannot express; the synthesizer only proposes
values, and callers keep the ones the check accepts.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Iterator
from fractions import Fraction
from functools import lru_cache
from itertools import chain
from math import ceil, floor
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from generator.spec import pointer as jp
from generator.spec.facts import ANNOTATIONS, lists_only_required
from generator.spec.invariants import Invariant, InvariantError, from_schema
from generator.testplan.pattern_strings import pattern_strings

_URI = "urn:specgen:tests"
_FRAGMENT_SAFE = "/~:@!$&'()*+,;=-._"
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})
_MAX_DEPTH = 24
#: Compiled validators kept at once, least recently used dropped first: each holds its own copy of
#: every schema it reaches, megabytes for one schema of a large spec's deep graph.
_VALIDATORS_KEPT = 64
#: Keywords beside a ``$ref`` that validate nothing, so the schema validates as its target.
_ANNOTATIONS = ANNOTATIONS | {"$ref", "summary"}
_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00Z",
    "duration": "P1D",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
}
_STRING_CANDIDATES = (
    "a",
    "A",
    "0",
    "a0",
    "abc",
    "Abc",
    "ABC",
    "abc123",
    "A1",
    "x_1",
    "a-b",
    "",
    " ",
    "!",
    "~",
    "\n",
    ".",
    "ä",
)


class NoSample(ValueError):
    """No value could be built for a schema (unsupported construct or contradictory constraints)."""


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
            for _ in range(_MAX_DEPTH):
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
        if depth > _MAX_DEPTH:
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


class Synthesizer:
    """Proposes a minimal valid value for the schema at a pointer; :class:`SchemaCheck` has the last word."""

    def __init__(self, check: SchemaCheck) -> None:
        self.check = check
        # Samples found (valid at any depth), and the least depth at which none was found (none
        # is found deeper either): unions of unions would otherwise be explored exponentially.
        self._found: dict[tuple[str, str, frozenset[str], bool], Any] = {}
        self._missing: dict[tuple[str, str, frozenset[str], bool], int] = {}

    def sample(
        self,
        pointer: str,
        *,
        hint: str = "",
        want: frozenset[str] = frozenset(),
        non_null: bool = False,
        object_only: bool = False,
    ) -> Any:
        """A valid value for the schema at ``pointer``; raises :class:`NoSample` when none is found.

        ``want`` names object members to include; ``non_null`` refuses ``null``; ``object_only`` refuses
        anything but an object (an instance of a class whose schema also allows ``true``).
        """
        for candidate in self._candidates(pointer, hint, want, non_null, 0):
            if object_only and not isinstance(candidate, dict):
                continue
            if (candidate is not None or not non_null) and self.check.valid(pointer, candidate):
                return candidate
        raise NoSample(f"no valid sample for {pointer}")

    def _candidates(self, pointer: str, hint: str, want: frozenset[str], non_null: bool, depth: int) -> Iterator[Any]:
        if depth > _MAX_DEPTH:
            return
        pointer, schema = self.check.resolve(pointer)
        if schema is True or schema == {}:
            yield hint or "value"
            return
        if not isinstance(schema, dict):
            return
        if "const" in schema:
            yield copy.deepcopy(schema["const"])
            return
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            yield from (copy.deepcopy(v) for v in schema["enum"] if v is not None)
            yield None
            return
        for given in _given_values(schema, want):
            yield copy.deepcopy(given)
        if isinstance(schema.get("allOf"), list):
            yield from self._all_of(pointer, schema, hint, want, depth)
        for union in ("oneOf", "anyOf"):
            branches = schema.get(union)
            if isinstance(branches, list) and branches and not all(lists_only_required(b) for b in branches):
                yield from self._union(pointer, schema, union, hint, want=want, depth=depth)
        kinds = _types(schema)
        for kind in [k for k in kinds if k != "null"] + [k for k in kinds if k == "null"]:
            yield from self._typed(kind, pointer, schema, hint, want=want, depth=depth)

    def _first(self, pointer: str, hint: str, want: frozenset[str], depth: int, *, non_null: bool = True) -> Any:
        key = (pointer, hint, want, non_null)
        if key in self._found:
            return copy.deepcopy(self._found[key])
        if self._missing.get(key, _MAX_DEPTH + 2) <= depth:
            raise NoSample(f"no valid sample for {pointer}")
        for candidate in self._candidates(pointer, hint, want, non_null, depth + 1):
            if (candidate is not None or not non_null) and self.check.valid(pointer, candidate):
                self._found[key] = copy.deepcopy(candidate)
                return candidate
        self._missing[key] = min(depth, self._missing.get(key, depth))
        raise NoSample(f"no valid sample for {pointer}")

    def _all_of(
        self, pointer: str, schema: dict[str, Any], hint: str, want: frozenset[str], depth: int
    ) -> Iterator[Any]:
        """Objects: the members' samples merged; anything else: each member's sample (one may fit all).
        Members that only annotate (``{description: ...}``) constrain nothing and are passed over."""
        merged: dict[str, Any] = {}
        declared: set[str] = set()  # members a member's own properties describe (not a placeholder)
        scalars = False
        members = jp.child(pointer, "allOf")
        parts = [
            (jp.child(members, index), self.check.resolve(jp.child(members, index))[1])
            for index, member in enumerate(schema["allOf"])
            if not (isinstance(member, dict) and set(member) <= ANNOTATIONS)
        ]
        required = set(want).union(*(_required(part) for _, part in parts))
        for where, part_schema in parts:
            properties = set(mapping(part_schema.get("properties"))) if isinstance(part_schema, dict) else set()
            try:
                part = self._first(where, hint, frozenset(required & properties) | want, depth)
            except NoSample:
                return
            if isinstance(part, dict):
                merged.update({k: v for k, v in part.items() if k in properties or k not in declared})
                declared |= properties
            else:
                scalars = True
                yield part
        if scalars:
            return
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if isinstance(own.get("properties"), dict):
            for candidate in self._object(pointer, own, hint, want, depth):
                merged = {**candidate, **merged}
                break
        yield merged

    def _union(
        self, pointer: str, schema: dict[str, Any], union: str, hint: str, *, want: frozenset[str], depth: int
    ) -> Iterator[Any]:
        discriminator = schema.get("discriminator")
        tag = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(tag, str) and isinstance(mapping, dict):
            for value, target in mapping.items():
                where = ref_pointer(str(target)) if "#" in str(target) else f"/components/schemas/{target}"
                try:
                    sample = self._first(where, hint, want, depth)
                except NoSample:
                    continue
                if isinstance(sample, dict):
                    yield {**sample, tag: value}
        nulls = []
        for index, branch in enumerate(schema[union]):
            if isinstance(branch, dict) and branch.get("type") == "null":
                nulls.append(index)
                continue
            try:
                yield self._first(jp.child(jp.child(pointer, union), index), hint, want, depth)
            except NoSample:
                continue
        if nulls:
            yield None

    def _typed(
        self, kind: str, pointer: str, schema: dict[str, Any], hint: str, *, want: frozenset[str], depth: int
    ) -> Iterator[Any]:
        if kind == "object":
            yield from self._object(pointer, schema, hint, want, depth)
        elif kind == "array":
            yield from self._array(pointer, schema, hint, depth)
        elif kind == "string":
            yield from string_candidates(schema, hint)
        elif kind in ("integer", "number"):
            yield from number_candidates(schema, kind)
        elif kind == "boolean":
            yield True
            yield False
        elif kind == "null":
            yield None

    def _object(
        self, pointer: str, schema: dict[str, Any], hint: str, want: frozenset[str], depth: int
    ) -> Iterator[Any]:
        properties = mapping(schema.get("properties"))
        required = [str(n) for n in schema.get("required") or [] if isinstance(n, str)]
        choices = _group_choices(schema, want)
        for chosen in choices:
            names = [*required, *chosen, *(n for n in want if n in properties)]
            result: dict[str, Any] = {}
            try:
                for name in [p for p in properties if p in names] + [n for n in names if n not in properties]:
                    if name in result:
                        continue
                    if name in properties:
                        where = jp.child(jp.child(pointer, "properties"), name)
                    elif isinstance(schema.get("additionalProperties"), dict):
                        where = jp.child(pointer, "additionalProperties")
                    else:
                        result[name] = name
                        continue
                    result[name] = self._first(where, name, frozenset(), depth, non_null=False)
                self._fill_members(pointer, schema, result, depth)
            except NoSample:
                continue
            yield from self._repairs(schema, result)

    def _fill_members(self, pointer: str, schema: dict[str, Any], result: dict[str, Any], depth: int) -> None:
        low = schema.get("minProperties")
        if not isinstance(low, int) or len(result) >= low:
            return
        extra = schema.get("additionalProperties")
        for index in range(low * 2 + 1):
            if len(result) >= low:
                return
            key = f"key{index + 1}"
            if key in result:
                continue
            if isinstance(extra, dict):
                result[key] = self._first(jp.child(pointer, "additionalProperties"), key, frozenset(), depth)
            elif extra is not False:
                result[key] = key

    def _repairs(self, schema: dict[str, Any], value: dict[str, Any]) -> list[dict[str, Any]]:
        """``value``, or variants of it where one member per broken invariant is moved so that it holds."""
        candidates = [value]
        for invariant in invariants_of(schema):
            repaired: list[dict[str, Any]] = []
            for candidate in candidates:
                if invariant.holds(candidate) is not False:
                    repaired.append(candidate)
                    continue
                for name in invariant.names:
                    solved = solve(invariant, name, candidate)
                    if solved is not None:
                        repaired.append({**candidate, name: solved[0]})
            candidates = repaired
        return candidates

    def _array(self, pointer: str, schema: dict[str, Any], hint: str, depth: int) -> Iterator[Any]:
        low = whole(schema.get("minItems"), 0)
        items = schema.get("items")
        if low == 0:
            yield []
        if not isinstance(items, dict):
            yield ["value"] * max(low, 1)
            return
        try:
            item = self._first(jp.child(pointer, "items"), hint, frozenset(), depth, non_null=False)
        except NoSample:
            return
        count = max(low, 1)
        if schema.get("uniqueItems") is True:
            yield distinct_items(item, count)
        else:
            yield [copy.deepcopy(item) for _ in range(count)]


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


def whole(value: Any, default: int) -> int:
    """``value`` when it is an integer (not a bool), else ``default``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _required(schema: Any) -> set[str]:
    names = schema.get("required") if isinstance(schema, dict) else None
    return {name for name in names if isinstance(name, str)} if isinstance(names, list) else set()


def _given_values(schema: dict[str, Any], want: frozenset[str]) -> Iterator[Any]:
    """The schema's own example(s) and default, when they include every wanted member."""
    values: list[Any] = []
    if "example" in schema:
        values.append(schema["example"])
    if isinstance(schema.get("examples"), list):
        values.extend(schema["examples"])
    if "default" in schema:
        values.append(schema["default"])
    for value in values:
        if not want or (isinstance(value, dict) and want <= set(value)):
            yield value


def _group_choices(schema: dict[str, Any], want: frozenset[str]) -> list[list[str]]:
    """Member lists satisfying the required-only ``oneOf``/``anyOf`` groups, wanted members first."""
    for union in ("oneOf", "anyOf"):
        branches = schema.get(union)
        if isinstance(branches, list) and branches and all(lists_only_required(b) for b in branches):
            groups = [[str(n) for n in b["required"]] for b in branches]
            preferred = [g for g in groups if want & set(g)]
            return preferred + [g for g in groups if g not in preferred]
    return [[]]


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    if isinstance(schema.get("properties"), dict) or "additionalProperties" in schema:
        return ["object"]
    if "items" in schema:
        return ["array"]
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")):
        return ["number"]
    if any(k in schema for k in ("minLength", "maxLength", "pattern")):
        return ["string"]
    return []


def string_candidates(schema: dict[str, Any], hint: str) -> Iterator[str]:
    """Strings for a string schema: its format's sample, the hint fitted to the length bounds, simple strings."""
    low = whole(schema.get("minLength"), 0)
    high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    pattern = schema.get("pattern") if isinstance(schema.get("pattern"), str) else None
    candidates: list[str] = []
    if isinstance(schema.get("format"), str) and schema["format"] in _FORMATS:
        candidates.append(_FORMATS[schema["format"]])
    candidates.extend([hint or "string", *_STRING_CANDIDATES])
    if pattern is not None:
        candidates.extend(pattern_strings(pattern))
    for candidate in candidates:
        text = candidate
        if len(text) < low:
            text = text + "x" * (low - len(text))
        if high is not None and len(text) > high:
            text = text[:high]
        if pattern is None or _matches(pattern, text):
            yield text


def number_candidates(schema: dict[str, Any], kind: str) -> Iterator[int | float]:
    """Numbers for a numeric schema: 0 when allowed, else the lowest (or highest) allowed value."""
    low, high = numeric_bounds(schema, kind)
    step = schema.get("multipleOf") if isinstance(schema.get("multipleOf"), (int, float)) else None
    for value in (0, low, high, 1):
        if value is None:
            continue
        if low is not None and value < low:
            continue
        if high is not None and value > high:
            continue
        if step:
            value = ceil(value / step) * step
            if isinstance(step, int) or float(value).is_integer():
                value = int(value)
        if kind == "integer" and float(value).is_integer():  # `minimum: 1.0` of an integer: 1
            value = int(value)
        yield value


def numeric_bounds(schema: dict[str, Any], kind: str) -> tuple[int | float | None, int | float | None]:
    """The lowest and highest values allowed (exclusive bounds moved inward by 1)."""
    low: int | float | None = schema.get("minimum") if _is_number(schema.get("minimum")) else None
    high: int | float | None = schema.get("maximum") if _is_number(schema.get("maximum")) else None
    if _is_number(schema.get("exclusiveMinimum")):
        bound = schema["exclusiveMinimum"]
        low = floor(bound) + 1 if kind == "integer" or isinstance(bound, int) else bound + 1
    elif schema.get("exclusiveMinimum") is True and low is not None:
        low = low + 1
    if _is_number(schema.get("exclusiveMaximum")):
        bound = schema["exclusiveMaximum"]
        high = ceil(bound) - 1 if kind == "integer" or isinstance(bound, int) else bound - 1
    elif schema.get("exclusiveMaximum") is True and high is not None:
        high = high - 1
    return low, high


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=1024)
def _pattern_check(pattern: str) -> jsonschema_rs.Validator | None:
    """A matcher that cannot backtrack for ever (Rust regex; fancy-regex has a backtracking limit), unlike ``re``:
    spec patterns are untrusted, and ``(x+x+)+y`` would hang generation. None when it is not a regex."""
    try:
        return jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    except (ValueError, jsonschema_rs.ValidationError):
        return None


def _matches(pattern: str, text: str) -> bool:
    check = _pattern_check(pattern)
    return check is None or bool(check.is_valid(text))


def non_matching(pattern: str, near: str) -> str | None:
    """A string the ``pattern`` does not match (None when every candidate matches or it is not a regex)."""
    if _pattern_check(pattern) is None:
        return None
    for candidate in (*_STRING_CANDIDATES, near + "!", "!" + near, "0" * 3, "Z" * 3):
        if not _matches(pattern, candidate):
            return candidate
    return None


def matching(pattern: str, candidates: list[str]) -> str | None:
    """The first candidate the ``pattern`` matches."""
    for candidate in chain(candidates, _STRING_CANDIDATES, pattern_strings(pattern)):
        if isinstance(candidate, str) and _matches(pattern, candidate):
            return candidate
    return None


def distinct_items(item: Any, count: int) -> list[Any]:
    """``count`` different variants of ``item`` (for ``uniqueItems``)."""
    result: list[Any] = []
    for index in range(count):
        if isinstance(item, str):
            suffix = str(index)
            result.append(
                item if not index else (item[: -len(suffix)] + suffix if len(item) > len(suffix) else item + suffix)
            )
        elif isinstance(item, int) and not isinstance(item, bool):
            result.append(item + index)
        elif isinstance(item, dict):
            result.append({**item, "specgen_index": index} if index else item)
        else:
            result.append(item)
    return result
