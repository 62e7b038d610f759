"""Constraints of a schema as test cases: a value at the edge that must be accepted, one past it that must not.

:class:`ConstraintFinder` walks one model's schema in the spec (not the prepared model
plan, so a constraint lost on the way to the model makes a generated test fail) and
yields :class:`~generator.testplan.probes.Probe`s; :func:`~generator.testplan.probes.materialize`
turns each into a test case. What cannot be tested becomes an :class:`Omission` with its reason.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from generator.ir.approximations import UNCHECKED
from generator.spec import facts
from generator.spec import pointer as jp
from generator.spec.facts import lists_only_required
from generator.spec.load import Spec
from generator.testplan.check import SchemaCheck, invariants_of, mapping, ref_pointer
from generator.testplan.model import Omission
from generator.testplan.probes import Probe, Slot, fit
from generator.testplan.samples import NoSample, Synthesizer
from generator.testplan.values import as_number, distinct_items, matching, non_matching, numeric_bounds, step_past, tidy

UNKNOWN_TEXT = "specgen-unknown"
MAX_ITEMS = 10_000  # larger item counts (and string lengths past MAX_LENGTH) are omissions, not test data
MAX_LENGTH = 1_000_000


class ConstraintFinder:
    """Finds the probes of one schema; nested models (``stops``) are left to their own tests."""

    def __init__(
        self,
        spec: Spec,
        check: SchemaCheck,
        synth: Synthesizer,
        stops: set[str],
        *,
        lenient: bool,
        by_shape: frozenset[str] = frozenset(),
    ) -> None:
        self.spec = spec
        self.check = check
        self.synth = synth
        self.stops = stops
        self.lenient = lenient
        self.by_shape = by_shape  # discriminators the models do not use (unions resolved by shape)
        self.probes: list[Probe] = []
        self.omissions: list[Omission] = []

    def omit(self, label: str, reason: str) -> None:
        """Record a constraint that gets no test."""
        self.omissions.append(Omission(label, reason))

    def model(self, pointer: str, name: str) -> None:
        """Probes of a model's schema: members, required, groups, invariants, unknown members, then the walk."""
        pointer, schema = self.check.resolve(pointer)
        if not isinstance(schema, dict):
            return
        properties = mapping(schema.get("properties"))
        required = [str(n) for n in schema.get("required") or [] if isinstance(n, str)]
        for member in required:
            if member in properties:
                where = jp.child(jp.child(pointer, "properties"), member)
                slots = (Slot(member, where),)
                self.probes.append(Probe(f"{name}.{member} required", "required", pointer, slots, "required"))
        self._groups(pointer, schema, name)
        for invariant in invariants_of(schema):
            label = f"{name} invariant {invariant.source}"
            self.probes.append(Probe(label, "x-specgen-invariants", pointer, (), "invariant", invariant=invariant))
        if schema.get("additionalProperties") is False:
            label = f"{name} additionalProperties false"
            if self.lenient:
                self.omit(label, "response models keep unknown members by design")
            else:
                self.probes.append(Probe(label, "additionalProperties", pointer, (), "unknown_member"))
        self.walk(pointer, (), name, top=True)
        for member, sub in properties.items():
            where = jp.child(jp.child(pointer, "properties"), member)
            if isinstance(sub, (dict, bool)):
                self.walk(where, (Slot(str(member), where),), f"{name}.{member}")

    def _groups(self, pointer: str, schema: dict[str, Any], name: str) -> None:
        for union in ("oneOf", "anyOf"):
            branches = schema.get(union)
            if not isinstance(branches, list) or not branches or not all(lists_only_required(b) for b in branches):
                continue
            groups = tuple(tuple(str(n) for n in b["required"]) for b in branches)
            names = " / ".join("+".join(g) for g in groups)
            where = jp.child(pointer, union)
            if union == "oneOf":
                self.probes.append(
                    Probe(f"{name} exactly one of {names}: two given", "oneOf", where, (), "exactly", groups=groups)
                )
            self.probes.append(
                Probe(f"{name} one of {names}: none given", union, where, (), "at_least_none", groups=groups)
            )

    def walk(self, pointer: str, slots: tuple[Slot, ...], label: str, *, top: bool = False, depth: int = 0) -> None:
        """Probes of the schema at ``pointer`` (through refs, unions, items and map values)."""
        pointer, schema = self.check.resolve(pointer)
        if depth > 16 or not isinstance(schema, dict) or (slots and pointer in self.stops):
            return
        self._keywords(pointer, schema, slots, label)
        for union in ("oneOf", "anyOf"):
            branches = schema.get(union)
            if not isinstance(branches, list) or not branches or all(lists_only_required(b) for b in branches):
                continue
            if (
                isinstance(schema.get("discriminator"), dict)
                and jp.child(pointer, "discriminator") not in self.by_shape
            ):
                self._discriminator(pointer, schema, union, slots, label)
            for index in range(len(branches)):
                self.walk(jp.child(jp.child(pointer, union), index), slots, label, depth=depth + 1)
        for index, _ in enumerate(schema.get("allOf") or [] if isinstance(schema.get("allOf"), list) else []):
            self.walk(jp.child(jp.child(pointer, "allOf"), index), slots, label, top=top, depth=depth + 1)
        if isinstance(schema.get("items"), dict):
            where = jp.child(pointer, "items")
            self.walk(where, (*slots, Slot(0, where)), f"{label}[]", depth=depth + 1)
        if isinstance(schema.get("additionalProperties"), dict):
            where = jp.child(pointer, "additionalProperties")
            self.walk(where, (*slots, Slot(None, where)), f"{label}.*", depth=depth + 1)
        if isinstance(schema.get("propertyNames"), dict) and slots:
            self._property_names(pointer, schema, slots, label)

    # ---------------------------------------------------------------- keywords

    def _keywords(self, pointer: str, schema: dict[str, Any], slots: tuple[Slot, ...], label: str) -> None:
        if not slots:
            return
        kinds = _kinds(schema)
        if kinds & {"integer", "number"}:
            self._numbers(pointer, schema, slots, label, "integer" if "integer" in kinds else "number")
        if "string" in kinds:
            self._strings(pointer, schema, slots, label)
        if "array" in kinds:
            self._arrays(pointer, schema, slots, label)
        if "object" in kinds and not isinstance(schema.get("properties"), dict):
            self._maps(pointer, schema, slots, label)
        if "const" in schema:
            self._const(pointer, schema, slots, label)
        elif isinstance(schema.get("enum"), list) and schema["enum"]:
            self._enum(pointer, schema, slots, label)

    def _add(
        self, label: str, keyword: str, place: tuple[str, tuple[Slot, ...]], accepted: list[Any], rejected: list[Any]
    ) -> None:
        """A probe with fixed values; ``place`` is (schema pointer, slots)."""
        pointer, slots = place
        self.probes.append(Probe(label, keyword, pointer, slots, "values", tuple(accepted), tuple(rejected)))

    def _numbers(self, pointer: str, schema: dict[str, Any], slots: tuple[Slot, ...], label: str, kind: str) -> None:
        low, high = numeric_bounds(schema, kind)
        minimum, maximum = as_number(schema.get("minimum")), as_number(schema.get("maximum"))
        if kind == "integer":  # svix's integer `minimum: 1.0`: the edge value an int, as a caller passes it
            low, high, minimum, maximum = (None if v is None else tidy(v) for v in (low, high, minimum, maximum))
        lower, upper = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if minimum is not None and lower is not True:
            self._add(
                f"{label} minimum {minimum}", "minimum", (pointer, slots), [minimum], [step_past(minimum, -1, kind)]
            )
        bound = as_number(lower) if lower is not True else minimum
        if bound is not None and low is not None:
            self._add(f"{label} exclusiveMinimum {bound}", "exclusiveMinimum", (pointer, slots), [low], [bound])
        if maximum is not None and upper is not True:
            self._add(
                f"{label} maximum {maximum}", "maximum", (pointer, slots), [maximum], [step_past(maximum, 1, kind)]
            )
        bound = as_number(upper) if upper is not True else maximum
        if bound is not None and high is not None:
            self._add(f"{label} exclusiveMaximum {bound}", "exclusiveMaximum", (pointer, slots), [high], [bound])
        step = as_number(schema.get("multipleOf"))
        if step is not None and step > 0:
            name = f"{label} multipleOf {step}"
            start = low if low is not None else 0
            edge = -(-start // step) * step
            past = edge + (1 if kind == "integer" else step / 2)
            if kind == "integer" and step == 1:
                self.omit(name, "every integer is a multiple of 1")
            else:
                self._add(name, "multipleOf", (pointer, slots), [tidy(edge)], [tidy(past)])

    def _strings(self, pointer: str, schema: dict[str, Any], slots: tuple[Slot, ...], label: str) -> None:
        """Length and pattern probes; their values are derived from the base's string (see :func:`_text_values`)."""
        pattern = schema.get("pattern")
        patterned = isinstance(pattern, str)
        low = schema.get("minLength")
        if isinstance(low, int):
            name = f"{label} minLength {low}"
            if low <= 0:
                self.omit(name, "minLength 0: every string is long enough")
            else:
                self.probes.append(Probe(name, "minLength", pointer, slots, "text", text=("minLength", low, patterned)))
        high = schema.get("maxLength")
        if isinstance(high, int) and high > MAX_LENGTH:
            self.omit(f"{label} maxLength {high}", f"strings longer than {MAX_LENGTH} characters are not built")
        elif isinstance(high, int):
            name = f"{label} maxLength {high}"
            self.probes.append(Probe(name, "maxLength", pointer, slots, "text", text=("maxLength", high, patterned)))
        if isinstance(pattern, str):
            name = f"{label} pattern {pattern}"
            self.probes.append(Probe(name, "pattern", pointer, slots, "text", text=("pattern", pattern, True)))

    def _arrays(self, pointer: str, schema: dict[str, Any], slots: tuple[Slot, ...], label: str) -> None:
        item = self._item(pointer, schema)
        if item is _NONE:
            if any(k in schema for k in ("minItems", "maxItems", "uniqueItems")):
                self.omit(f"{label} items", "no valid item could be built")
            return
        unique = schema.get("uniqueItems") is True

        def items(count: int) -> list[Any]:
            return distinct_items(item, count) if unique else [item] * count  # one shared item: never mutated

        low = schema.get("minItems")
        if isinstance(low, int):
            name = f"{label} minItems {low}"
            if low > MAX_ITEMS:
                self.omit(name, f"more than {MAX_ITEMS} items are not built")
            elif low <= 0:
                self.omit(name, "minItems 0: every array is long enough")
            else:
                self._add(name, "minItems", (pointer, slots), [items(low)], [items(low - 1)])
        high = schema.get("maxItems")
        if isinstance(high, int) and high > MAX_ITEMS:
            self.omit(f"{label} maxItems {high}", f"more than {MAX_ITEMS} items are not built")
        elif isinstance(high, int):
            self._add(f"{label} maxItems {high}", "maxItems", (pointer, slots), [items(high)], [items(high + 1)])
        if unique and "uniqueItems" in UNCHECKED:  # the models do not check it (a warning says so): not tested
            self.omit(f"{label} uniqueItems", f"'uniqueItems' {UNCHECKED['uniqueItems']}")
        elif unique:
            pair = distinct_items(item, 2)
            self._add(f"{label} uniqueItems", "uniqueItems", (pointer, slots), [pair], [[pair[0], pair[0]]])

    def _item(self, pointer: str, schema: dict[str, Any]) -> Any:
        if not isinstance(schema.get("items"), dict):
            return "value"
        try:
            return self.synth.sample(jp.child(pointer, "items"), non_null=True)
        except NoSample:
            return _NONE

    def _maps(self, pointer: str, schema: dict[str, Any], slots: tuple[Slot, ...], label: str) -> None:
        low, high = schema.get("minProperties"), schema.get("maxProperties")
        if not isinstance(low, int) and not isinstance(high, int):
            return
        value = self._map_value(pointer, schema)
        if value is _NONE:
            self.omit(f"{label} minProperties/maxProperties", "no valid member value could be built")
            return
        if isinstance(low, int):
            name = f"{label} minProperties {low}"
            if low <= 0:
                self.omit(name, "minProperties 0: every object has enough members")
            else:
                self._add(name, "minProperties", (pointer, slots), [_members(low, value)], [_members(low - 1, value)])
        if isinstance(high, int):
            self._add(
                f"{label} maxProperties {high}",
                "maxProperties",
                (pointer, slots),
                [_members(high, value)],
                [_members(high + 1, value)],
            )

    def _map_value(self, pointer: str, schema: dict[str, Any]) -> Any:
        if not isinstance(schema.get("additionalProperties"), dict):
            return "value"
        try:
            return self.synth.sample(jp.child(pointer, "additionalProperties"), hint="value", non_null=True)
        except NoSample:
            return _NONE

    def _property_names(self, pointer: str, schema: dict[str, Any], slots: tuple[Slot, ...], label: str) -> None:
        names = schema["propertyNames"]
        value = self._map_value(pointer, schema)
        if value is _NONE:
            return
        where = jp.child(pointer, "propertyNames")
        low, high, pattern = names.get("minLength"), names.get("maxLength"), names.get("pattern")
        if isinstance(low, int) and low > 0:
            self._add(
                f"{label} propertyNames minLength {low}",
                "minLength",
                (where, slots),
                [{fit("key", low): value}],
                [{fit("key", low - 1): value}],
            )
        if isinstance(high, int):
            self._add(
                f"{label} propertyNames maxLength {high}",
                "maxLength",
                (where, slots),
                [{fit("key", high): value}],
                [{fit("key", high + 1): value}],
            )
        if isinstance(pattern, str):
            good, bad = matching(pattern, ["key"]), non_matching(pattern, "key")
            name = f"{label} propertyNames pattern {pattern}"
            if good is None or bad is None:
                self.omit(name, "no matching and non-matching names could be built for the pattern")
            else:
                self._add(name, "pattern", (where, slots), [{good: value}], [{bad: value}])

    def _const(self, pointer: str, schema: dict[str, Any], slots: tuple[Slot, ...], label: str) -> None:
        value = schema["const"]
        aliases = [a for a in schema.get("x-specgen-aliases") or [] if isinstance(a, str)]
        self._add(
            f"{label} const {_show(value)}", "const", (pointer, slots), [value], [_other(value, [value, *aliases])]
        )

    def _enum(self, pointer: str, schema: dict[str, Any], slots: tuple[Slot, ...], label: str) -> None:
        values = list(schema["enum"])
        aliases = [a for a in schema.get("x-specgen-aliases") or [] if isinstance(a, str)]
        if self.lenient and _open_enum(schema):
            name = f"{label} enum (open in responses: unknown strings are kept)"
            self._add(name, "enum", (pointer, slots), values, [12345])
            return
        shown = ", ".join(_show(v) for v in values[:6]) + (", ..." if len(values) > 6 else "")
        outside = _other(values[0], [*values, *aliases])
        if outside is None:  # [true, false]: every value of the type is listed (null is no value past it)
            self.omit(f"{label} enum {shown}", "the enum lists every value of its type")
            return
        self._add(f"{label} enum {shown}", "enum", (pointer, slots), values, [outside])

    def _discriminator(
        self, pointer: str, schema: dict[str, Any], union: str, slots: tuple[Slot, ...], label: str
    ) -> None:
        tag = schema["discriminator"].get("propertyName")
        mapping = schema["discriminator"].get("mapping")
        if not isinstance(tag, str) or not slots:
            return
        variants: list[Any] = []
        targets: list[tuple[Any, str]] = []
        if isinstance(mapping, dict):
            for value, target in mapping.items():
                targets.append(
                    (value, ref_pointer(str(target)) if "#" in str(target) else f"/components/schemas/{target}")
                )
        else:  # no mapping: each referenced branch, tagged with what its sample says
            for index, branch in enumerate(schema[union]):
                if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
                    targets.append((None, jp.child(jp.child(pointer, union), index)))
        for value, where in targets:
            try:
                sample = self.synth.sample(where, non_null=True)
            except NoSample:
                continue
            if isinstance(sample, dict) and (value is not None or isinstance(sample.get(tag), str)):
                variants.append({**sample, tag: sample[tag] if value is None else value})
        name = f"{label} discriminator {tag}"
        if not variants:
            self.omit(name, "no variant of the union could be built")
            return
        optional = [where for _, where in targets if not self._requires(where, tag)]
        if self.lenient and optional:  # a member without its tag may be any variant it fits: read by shape
            self.omit(name, f"the tag {tag!r} is optional in a variant: a member without it is read by its shape")
        elif self.lenient:
            rejected = {k: v for k, v in variants[0].items() if k != tag}
            self._add(
                f"{name} (unknown tags kept in responses; a missing tag is rejected)",
                "discriminator",
                (pointer, slots),
                variants,
                [rejected],
            )
        else:
            self._add(name, "discriminator", (pointer, slots), variants, [{**variants[0], tag: UNKNOWN_TEXT}])

    def _requires(self, pointer: str, tag: str) -> bool:
        """Whether every valid value of the schema at ``pointer`` has the member ``tag`` (the spec's facts)."""
        schema, where = self.spec.follow(self.spec.get(pointer), pointer)
        return isinstance(schema, dict) and tag in facts.object_parts(self.spec, schema, where).always_required


_NONE = object()


def _kinds(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    found = set()
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
        found.add("number")
    if any(k in schema for k in ("minLength", "maxLength", "pattern")):
        found.add("string")
    if any(k in schema for k in ("minItems", "maxItems", "uniqueItems")):
        found.add("array")
    if any(k in schema for k in ("minProperties", "maxProperties", "propertyNames", "additionalProperties")):
        found.add("object")
    return found


def _open_enum(schema: dict[str, Any]) -> bool:
    """An enum response models keep open (the rule of generator.ir.schemas): two or more strings."""
    strings = [v for v in schema["enum"] if v is not None]
    kinds = _kinds(schema) or {"string"}
    return len(strings) >= 2 and all(isinstance(v, str) for v in strings) and kinds <= {"string", "null"}


def _members(count: int, value: Any) -> dict[str, Any]:
    return {f"key{index + 1}": copy.deepcopy(value) for index in range(count)}


def _examples(schema: dict[str, Any]) -> list[str]:
    found = [schema.get("example"), *(schema["examples"] if isinstance(schema.get("examples"), list) else [])]
    return [v for v in found if isinstance(v, str)]


def _other(value: Any, taken: list[Any]) -> Any:
    """A value of the same JSON type as ``value`` that is not in ``taken``."""
    if isinstance(value, bool):
        return None if (not value) in taken else not value
    if isinstance(value, (int, float)):
        candidate = (
            max((v for v in taken if isinstance(v, (int, float)) and not isinstance(v, bool)), default=value) + 1
        )
        return tidy(candidate)
    if isinstance(value, str):
        text = UNKNOWN_TEXT
        while text in taken:
            text += "-x"
        return text
    return UNKNOWN_TEXT


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
