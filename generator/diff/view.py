"""One side of a diff, and schemas seen through it: references followed, 3.0/3.1 spellings unified.

OpenAPI 3.0 ``nullable: true``, 3.1 ``type: [x, "null"]`` and a union with a ``{type: "null"}``
variant all mean "x or null" (:mod:`generator.spec.facts`); :func:`view` turns each into the
non-null schema plus a ``nullable`` flag, so that the 3.0 -> 3.1 history compares as equal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.diff.model import SideName
from generator.spec import pointer as jp
from generator.spec.facts import allowed_values, own_nullable, single_member, types, value_key
from generator.spec.facts import is_null_schema as null_only
from generator.spec.load import Spec

__all__ = ["Node", "Version", "allowed_values", "is_null_schema", "shown", "types", "value_key", "view"]
_MAX_CHAIN = 64


@dataclass(frozen=True)
class Version:
    """One spec of the pair and its side."""

    spec: Spec
    side: SideName

    @property
    def data(self) -> dict[str, Any]:
        """The bundled document."""
        return self.spec.data

    @property
    def minor(self) -> int:
        """The OpenAPI minor version."""
        return self.spec.minor

    def follow(self, value: Any, pointer: str) -> tuple[Any, str, str | None]:
        """Follow a chain of local ``$ref`` s: (value, its pointer, the component schema reached)."""
        found, where = self.spec.follow(value, pointer)
        if isinstance(found, dict) and isinstance(found.get("$ref"), str):
            return {}, pointer, None  # a chain that does not reach a value
        parts = jp.split(where) if where != pointer else []
        component = parts[2] if len(parts) == 3 and parts[:2] == ["components", "schemas"] else None
        return found, where, component

    def get(self, pointer: str) -> Any:
        """The value at ``pointer``, or None."""
        return self.spec.get(pointer)


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
        nullable = nullable or own_nullable(version.spec, schema)
        inner = single_member(version.spec, schema, where)
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
    return null_only(version.spec, raw)


def shown(value: Any) -> str:
    """A JSON value for a message, shortened."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."
