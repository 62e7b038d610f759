"""The synthesizer of sample values for the generated tests: it proposes, :mod:`.check` decides.

Everything works on JSON pointers into the (bundled) spec, so a sample for a nested
schema can always be checked against exactly the schema it is for. Validity is decided
by jsonschema-rs (draft 2020-12, OpenAPI 3.0 constructs rewritten first) plus the
``x-specgen-invariants`` JSON Schema cannot express; the synthesizer only proposes
values, and callers keep the ones the check accepts.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from generator.spec import pointer as jp
from generator.spec.facts import ANNOTATIONS, lists_only_required
from generator.testplan.check import SchemaCheck, invariants_of, mapping, ref_pointer, solve
from generator.testplan.values import distinct_items, number_candidates, string_candidates, whole

_MAX_DEPTH = 24


class NoSample(ValueError):
    """No value could be built for a schema (unsupported construct or contradictory constraints)."""


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
