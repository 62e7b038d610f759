"""The object part of a schema as one side of a diff sees it (see :func:`generator.spec.facts.object_parts`)."""

from __future__ import annotations

from typing import Literal

from generator.diff.view import Node, Version
from generator.spec import facts
from generator.spec.facts import ObjectParts

__all__ = ["ObjectParts", "object_parts", "required_alternatives"]


def required_alternatives(version: Version, node: Node) -> tuple[str, list[frozenset[str]]] | None:
    """(keyword, required sets) when the node's anyOf/oneOf is required-alternatives."""
    return facts.required_alternatives(version.spec, node.schema)


def object_parts(version: Version, node: Node, direction: Literal["request", "response"]) -> ObjectParts:
    """The properties a client sends (request: no readOnly) or reads (response: no writeOnly)."""
    return facts.object_parts(version.spec, node.schema, node.pointer, direction)
