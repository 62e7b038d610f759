"""Compare two schemas in a direction (request or response), following ``$ref`` s in each document.

A pair of referenced schemas is compared once per operation and direction (a visited set),
which also ends recursion in recursive schemas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from generator.diff.constraints import compare_constraints
from generator.diff.model import SideName
from generator.diff.objects import ObjectParts, object_parts
from generator.diff.prose import compare_annotations
from generator.diff.recorder import Recorder
from generator.diff.unions import Member, compare_discriminators, match_members, union_members
from generator.diff.view import Node, Version, allowed_values, shown, types, value_key, view
from generator.spec import pointer as jp

Direction = Literal["request", "response"]

_DOC_KEYS = ("description", "title", "example", "examples", "externalDocs", "$comment", "xml")
_HANDLED = frozenset(
    {
        *_DOC_KEYS,
        *("type", "nullable", "format", "enum", "const", "default", "deprecated", "readOnly", "writeOnly"),
        *("properties", "required", "additionalProperties", "propertyNames", "items"),
        *("allOf", "anyOf", "oneOf", "discriminator", "$ref", "$schema", "$id", "$anchor", "$defs"),
        *("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
        *("minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties"),
    }
)
# (JSON type, format) -> the Python type specgen's models use; formats not listed keep the plain type
_TYPED_FORMATS: dict[str, dict[str, str]] = {
    "string": {
        **dict.fromkeys(("date-time", "date-time-local", "timestamp with time zone"), "datetime"),
        **dict.fromkeys(("uuid", "uuid1", "uuid2", "uuid3", "uuid4", "uuid5"), "UUID"),
        **dict.fromkeys(("email", "idn-email"), "email"),
        **dict.fromkeys(("ipv4", "ipv6", "ipv4-network", "ipv6-network"), "ip"),
        **{"date": "date", "time": "time", "time-local": "time", "duration": "timedelta", "uri": "url"},
        **{"hostname": "hostname", "binary": "bytes", "byte": "base64", "password": "secret", "decimal": "Decimal"},
        **{"integer": "int", "path": "Path", "ulid": "ULID", "unixtime": "int"},
    },
    "integer": {"date-time": "datetime"},
    "number": {"decimal": "Decimal", "date-time": "datetime", "time": "time", "time-delta": "timedelta"},
}


@dataclass(frozen=True)
class Place:
    """Where a schema sits, for messages: a context (``response 200``) and a path inside it."""

    where: str
    path: str = ""

    def prop(self, name: str) -> Place:
        """The place of property ``name``."""
        return Place(self.where, f"{self.path}.{name}" if self.path else name)

    def suffix(self, text: str) -> Place:
        """The place of items (``[]``), map values (``{}``) or a union member (``<Name>``)."""
        return Place(self.where, self.path + text)

    def __str__(self) -> str:
        return f"{self.where} '{self.path}'" if self.path else self.where


class SchemaComparer:
    """Compares schemas of one operation; records changes on ``rec``."""

    def __init__(self, old: Version, new: Version, rec: Recorder) -> None:
        self.old = old
        self.new = new
        self.rec = rec
        self.visited: set[tuple[str, str, str]] = set()

    def compare(
        self,
        old_raw: Any,
        old_ptr: str,
        new_raw: Any,
        new_ptr: str,
        *,
        direction: Direction,
        place: Place,
        nullability: bool = True,
    ) -> None:
        """Compare the schema ``old_raw`` (at ``old_ptr``) with ``new_raw`` (at ``new_ptr``)."""
        o, n = view(self.old, old_raw, old_ptr), view(self.new, new_raw, new_ptr)
        if nullability and o.nullable != n.nullable:
            became = "nullable" if n.nullable else "non-nullable"
            self.rec.add(f"{direction}-became-{became}", n.outer, f"{place}: became {became}")
        key = (o.pointer, n.pointer, direction)
        if key in self.visited:
            return
        self.visited.add(key)
        compare_annotations(self.rec, o.schema, o.pointer, n.schema, n.pointer, what=str(place))
        if o.wrapper is not None and n.wrapper is not None:
            compare_annotations(self.rec, o.wrapper, o.outer, n.wrapper, n.outer, what=str(place), keys=_DOC_KEYS)
        self._name(o, n, place)
        self._invariants(o, n, direction, place)
        old_union, new_union = union_members(self.old, o), union_members(self.new, n)
        if (old_union is None) != (new_union is None):
            self._plain_and_union(o, old_union, n, new_union, direction=direction, place=place)
            return
        if not self._types(o, n, direction, place):
            return
        self._format(o, n, direction, place)
        self._values(o, n, direction, place)
        for change in compare_constraints(o.schema, o.pointer, n.schema, n.pointer):
            grade = "tightened" if change.tightened else "widened"
            self.rec.add(f"{direction}-constraint-{grade}", change.pointer, f"{place}: {change.message}", change.side)
        for keyword, kind in (("default", "default-changed"), ("deprecated", "deprecated-changed")):
            self._plain(o, n, keyword, kind, place)
        self._object(o, n, direction, place)
        self._items(o, n, direction, place)
        if old_union is not None and new_union is not None:
            self._unions(o, old_union, n, new_union, direction=direction, place=place)
        for keyword in sorted(set(o.schema) | set(n.schema)):
            if keyword in _HANDLED or keyword.startswith("x-") or o.schema.get(keyword) == n.schema.get(keyword):
                continue
            self._at(n, o, keyword, "schema-keyword-changed", f"{place}: '{keyword}' changed (not classified)")

    def _at(self, n: Node, o: Node, keyword: str, kind: str, message: str) -> None:
        """Record at ``keyword`` of the new schema when it has it, else of the old one."""
        if keyword in n.schema:
            self.rec.add(kind, jp.child(n.pointer, keyword), message)
        elif keyword in o.schema:
            self.rec.add(kind, jp.child(o.pointer, keyword), message, side="old")
        else:
            self.rec.add(kind, n.pointer, message)

    def _plain(self, o: Node, n: Node, keyword: str, kind: str, place: Place) -> None:
        before, after = o.schema.get(keyword), n.schema.get(keyword)
        if before != after:
            self._at(n, o, keyword, kind, f"{place}: {keyword} {_opt(before)} -> {_opt(after)}")

    def _name(self, o: Node, n: Node, place: Place) -> None:
        explicit = "x-specgen-name" in o.schema or "x-specgen-name" in n.schema
        if o.name != n.name and (explicit or (o.component and n.component)):
            message = f"{place}: model class {o.name or '(derived)'} -> {n.name or '(derived)'}"
            self._at(n, o, "x-specgen-name", "schema-name-changed", message)

    def _invariants(self, o: Node, n: Node, direction: Direction, place: Place) -> None:
        before, after = o.schema.get("x-specgen-invariants"), n.schema.get("x-specgen-invariants")
        if before == after:
            return
        if direction == "response":
            self._at(n, o, "x-specgen-invariants", "response-invariants-changed", f"{place}: invariants changed")
            return
        old_rules = {value_key(rule): rule for rule in before} if isinstance(before, list) else {}
        new_list = after if isinstance(after, list) else []
        new_keys = [value_key(rule) for rule in new_list]
        for index, key in enumerate(new_keys):
            if key not in old_rules:
                pointer = jp.child(jp.child(n.pointer, "x-specgen-invariants"), index)
                self.rec.add("request-invariant-added", pointer, f"{place}: invariant {shown(new_list[index])} added")
        for key, rule in old_rules.items():
            if key not in new_keys:
                index = before.index(rule) if isinstance(before, list) else 0
                pointer = jp.child(jp.child(o.pointer, "x-specgen-invariants"), index)
                self.rec.add("request-invariant-removed", pointer, f"{place}: invariant {shown(rule)} removed", "old")

    def _types(self, o: Node, n: Node, direction: Direction, place: Place) -> bool:
        """Record a type change; False when the types are unrelated (nothing more to compare)."""
        before, after = types(o.schema), types(n.schema)
        if before == after:
            return True
        message = f"{place}: type {_types_text(before)} -> {_types_text(after)}"
        if direction == "request" and (not after or (before and _covers(after, before))):
            self._at(n, o, "type", "request-type-widened", message)
            return True
        if direction == "response" and (not before or (after and _covers(before, after))):
            self._at(n, o, "type", "response-type-narrowed", message)
            return True
        self._at(n, o, "type", f"{direction}-type-changed", message)
        return False

    def _format(self, o: Node, n: Node, direction: Direction, place: Place) -> None:
        before, after = o.schema.get("format"), n.schema.get("format")
        if before == after:
            return
        kinds = sorted(types(o.schema) | types(n.schema)) or sorted(_TYPED_FORMATS)
        typed = any(_python_type(kind, before) != _python_type(kind, after) for kind in kinds)
        kind = f"{direction}-format-changed" if typed else "format-annotation-changed"
        self._at(n, o, "format", kind, f"{place}: format {_opt(before)} -> {_opt(after)}")

    def _values(self, o: Node, n: Node, direction: Direction, place: Place) -> None:
        before, old_const = allowed_values(o.schema)
        after, new_const = allowed_values(n.schema)
        keyword = "const" if "const" in n.schema or ("enum" not in n.schema and "const" in o.schema) else "enum"
        if before is None and after is None:
            return
        if before is None:
            self._at(n, o, keyword, f"{direction}-enum-added", f"{place}: now restricted to {shown(after)}")
            return
        if after is None:
            self._at(n, o, keyword, f"{direction}-enum-removed", f"{place}: no longer restricted to {shown(before)}")
            return
        if old_const and new_const:
            if value_key(before[0]) != value_key(after[0]):
                message = f"{place}: constant {shown(before[0])} -> {shown(after[0])}"
                self._at(n, o, keyword, f"{direction}-const-changed", message)
            return
        old_keys = {value_key(value) for value in before}
        new_keys = {value_key(value) for value in after}
        for value in after:
            if value_key(value) not in old_keys:
                pointer = _value_pointer(n, value)
                self.rec.add(f"{direction}-enum-value-added", pointer, f"{place}: enum value {shown(value)} added")
        for value in before:
            if value_key(value) not in new_keys:
                pointer = _value_pointer(o, value)
                message = f"{place}: enum value {shown(value)} removed"
                self.rec.add(f"{direction}-enum-value-removed", pointer, message, side="old")

    def _object(self, o: Node, n: Node, direction: Direction, place: Place) -> None:
        before = object_parts(self.old, o, direction)
        after = object_parts(self.new, n, direction)
        for name in [*after.properties, *(name for name in before.properties if name not in after.properties)]:
            self._property(before, after, name, direction, place)
        if before.alternatives != after.alternatives or before.exclusive != after.exclusive:
            self._alternatives(before, after, o, n, direction=direction, place=place)
        for keyword, mark in (("additionalProperties", "{}"), ("propertyNames", "{keys}")):
            old_sub, new_sub = o.schema.get(keyword), n.schema.get(keyword)
            if isinstance(old_sub, dict) and old_sub and isinstance(new_sub, dict) and new_sub:
                sub_old, sub_new = jp.child(o.pointer, keyword), jp.child(n.pointer, keyword)
                self.compare(old_sub, sub_old, new_sub, sub_new, direction=direction, place=place.suffix(mark))

    def _property(self, before: ObjectParts, after: ObjectParts, name: str, direction: Direction, place: Place) -> None:
        here = place.prop(name)
        if name not in after.properties:
            self.rec.add(f"{direction}-property-removed", before.properties[name][1], f"{here}: removed", side="old")
            return
        new_raw, new_ptr = after.properties[name]
        if name not in before.properties:
            required = name in after.always_required
            if direction == "request" and required:
                self.rec.add("request-property-added-required", new_ptr, f"{here}: added, required")
            else:
                self.rec.add(f"{direction}-property-added", new_ptr, f"{here}: added")
            return
        was, now = name in before.always_required, name in after.always_required
        if was != now:
            became = "required" if now else "optional"
            self.rec.add(f"{direction}-property-became-{became}", new_ptr, f"{here}: became {became}")
        old_raw, old_ptr = before.properties[name]
        self.compare(old_raw, old_ptr, new_raw, new_ptr, direction=direction, place=here)

    def _alternatives(
        self, before: ObjectParts, after: ObjectParts, o: Node, n: Node, *, direction: Direction, place: Place
    ) -> None:
        side: SideName = "new"
        pointer = after.alternatives_pointer
        if pointer is None:
            pointer, side = before.alternatives_pointer or o.pointer, "old"
        message = f"{place}: required alternatives {before.describe()} -> {after.describe()}"
        if direction == "response":
            kind = "response-required-alternatives-changed"
        else:
            accepted = all(any(clause <= old for clause in after.clauses) for old in before.clauses)
            widened = accepted and (before.exclusive or not after.exclusive)
            kind = f"request-required-alternatives-{'widened' if widened else 'tightened'}"
        self.rec.add(kind, pointer, message, side)

    def _items(self, o: Node, n: Node, direction: Direction, place: Place) -> None:
        before, after = o.schema.get("items"), n.schema.get("items")
        if isinstance(before, dict) and isinstance(after, dict):
            items_old, items_new = jp.child(o.pointer, "items"), jp.child(n.pointer, "items")
            self.compare(before, items_old, after, items_new, direction=direction, place=place.suffix("[]"))
        elif (before is None) != (after is None):
            grade = "tightened" if after is not None else "widened"
            message = f"{place}: items schema {'added' if after is not None else 'removed'}"
            self._at(n, o, "items", f"{direction}-constraint-{grade}", message)

    def _plain_and_union(
        self,
        o: Node,
        old_union: tuple[str, list[Member]] | None,
        n: Node,
        new_union: tuple[str, list[Member]] | None,
        *,
        direction: Direction,
        place: Place,
    ) -> None:
        """A plain schema became a union (or the reverse): compare it with its counterpart member."""
        plain, (keyword, members) = (o, new_union) if new_union is not None else (n, old_union or ("oneOf", []))
        partner = next((m for m in members if plain.component and m.name == plain.component), None)
        partner = partner or next((m for m in members if m.types == types(plain.schema)), None)
        names = " | ".join(member.label for member in members)
        if partner is None:
            shape = (
                f"became a union ({keyword} {names})" if new_union is not None else f"is no longer a union ({names})"
            )
            self._at(n, o, keyword, "schema-combinator-changed", f"{place}: {shape}")
            return
        inner = place.suffix(f"<{partner.label}>")
        if new_union is not None:
            self.compare(
                o.schema, o.pointer, partner.raw, partner.pointer, direction=direction, place=inner, nullability=False
            )
            for member in members:
                if member is not partner:
                    message = f"{place}: became a union ({keyword}); member {member.label} added"
                    self.rec.add(f"{direction}-union-variant-added", member.pointer, message)
        else:
            self.compare(
                partner.raw, partner.pointer, n.schema, n.pointer, direction=direction, place=inner, nullability=False
            )
            for member in members:
                if member is not partner:
                    message = f"{place}: no longer a union; member {member.label} removed"
                    self.rec.add(f"{direction}-union-variant-removed", member.pointer, message, side="old")

    def _unions(
        self,
        o: Node,
        before: tuple[str, list[Member]],
        n: Node,
        after: tuple[str, list[Member]],
        *,
        direction: Direction,
        place: Place,
    ) -> None:
        (old_keyword, old_members), (new_keyword, new_members) = before, after
        if old_keyword != new_keyword:
            grade = "tightened" if new_keyword == "oneOf" else "widened"
            message = f"{place}: {old_keyword} -> {new_keyword}"
            self._at(n, o, new_keyword, f"{direction}-constraint-{grade}", message)
        pairs, removed, added = match_members(old_members, new_members)
        for old_member, new_member in pairs:
            self.compare(
                old_member.raw,
                old_member.pointer,
                new_member.raw,
                new_member.pointer,
                direction=direction,
                place=place.suffix(f"<{new_member.label}>"),
            )
        for member in removed:
            message = f"{place}: union member {member.label} removed"
            self.rec.add(f"{direction}-union-variant-removed", member.pointer, message, side="old")
        for member in added:
            self.rec.add(
                f"{direction}-union-variant-added", member.pointer, f"{place}: union member {member.label} added"
            )
        compare_discriminators(self.rec, o, old_members, n, new_members, what=str(place))


def _opt(value: Any) -> str:
    return "(none)" if value is None else shown(value)


def _covers(big: frozenset[str], small: frozenset[str]) -> bool:
    """Whether every type in ``small`` is accepted by ``big`` (an integer is a number)."""
    return all(kind in big or (kind == "integer" and "number" in big) for kind in small)


def _types_text(kinds: frozenset[str]) -> str:
    return "|".join(sorted(kinds)) if kinds else "any"


def _python_type(kind: str, fmt: Any) -> str:
    return _TYPED_FORMATS.get(kind, {}).get(fmt, kind) if isinstance(fmt, str) else kind


def _value_pointer(node: Node, value: Any) -> str:
    """Pointer of ``value`` in the node's ``enum`` (or its ``const``)."""
    enum = node.schema.get("enum")
    if isinstance(enum, list):
        for index, item in enumerate(enum):
            if value_key(item) == value_key(value):
                return jp.child(jp.child(node.pointer, "enum"), index)
    return jp.child(node.pointer, "const")
