"""The object part of a schema: its properties (``allOf`` members merged) and which are required.

``anyOf``/``oneOf`` whose members only list ``required`` names ("send ``file_ids`` or
``files``") are required-alternatives, not unions: a property is always required when every
alternative requires it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Any, Literal

from generator import pointer as jp
from generator.diff.view import Node, Version

_REQUIRED_ONLY_KEYS = frozenset({"required", "description", "title", "$comment"})


@dataclass(frozen=True)
class ObjectParts:
    """Properties (name -> raw schema, pointer) and requiredness of an object schema."""

    props: dict[str, tuple[Any, str]]
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


def is_required_only(version: Version, raw: Any, pointer: str) -> bool:
    """Whether a composition member only lists required names."""
    value, _, _ = version.follow(raw, pointer)
    return (
        isinstance(value, dict)
        and isinstance(value.get("required"), list)
        and all(key in _REQUIRED_ONLY_KEYS for key in value)
    )


def required_alternatives(version: Version, node: Node) -> tuple[str, list[frozenset[str]]] | None:
    """(keyword, required sets) when the node's anyOf/oneOf is required-alternatives."""
    for keyword in ("anyOf", "oneOf"):
        members = node.schema.get(keyword)
        if not isinstance(members, list) or not members:
            continue
        base = jp.child(node.pointer, keyword)
        if not all(is_required_only(version, member, jp.child(base, i)) for i, member in enumerate(members)):
            continue
        sets = []
        for index, member in enumerate(members):
            value, _, _ = version.follow(member, jp.child(base, index))
            sets.append(frozenset(name for name in value["required"] if isinstance(name, str)))
        return keyword, sets
    return None


def object_parts(version: Version, node: Node, direction: Literal["request", "response"]) -> ObjectParts:
    """The properties a client sends (request: no readOnly) or reads (response: no writeOnly)."""
    props: dict[str, tuple[Any, str]] = {}
    required: set[str] = set()
    _collect(version, node.schema, node.pointer, props=props, required=required, seen={node.pointer})
    hidden = "readOnly" if direction == "request" else "writeOnly"
    visible = {name: entry for name, entry in props.items() if not _flagged(version, entry, hidden)}
    found = required_alternatives(version, node)
    if found is None:
        return ObjectParts(visible, frozenset(required), frozenset(), False, None)
    keyword, sets = found
    return ObjectParts(
        visible, frozenset(required), frozenset(sets), keyword == "oneOf", jp.child(node.pointer, keyword)
    )


def _collect(
    version: Version,
    schema: dict[str, Any],
    pointer: str,
    *,
    props: dict[str, tuple[Any, str]],
    required: set[str],
    seen: set[str],
) -> None:
    properties = schema.get("properties")
    if isinstance(properties, dict):
        base = jp.child(pointer, "properties")
        for name, raw in properties.items():
            props.setdefault(str(name), (raw, jp.child(base, name)))
    names = schema.get("required")
    if isinstance(names, list):
        required.update(name for name in names if isinstance(name, str))
    members = schema.get("allOf")
    if isinstance(members, list):
        for index, member in enumerate(members):
            value, where, _ = version.follow(member, jp.child(jp.child(pointer, "allOf"), index))
            if isinstance(value, dict) and where not in seen:
                seen.add(where)
                _collect(version, value, where, props=props, required=required, seen=seen)


def _flagged(version: Version, entry: tuple[Any, str], flag: str) -> bool:
    raw, pointer = entry
    if isinstance(raw, dict) and raw.get(flag) is True:
        return True
    value, _, _ = version.follow(raw, pointer)
    return isinstance(value, dict) and value.get(flag) is True
