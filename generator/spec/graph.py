"""The reference graph of a spec: which part uses which component, and what is reachable.

A node of the graph is an *owner*: a component (``/components/<section>/<name>``), an operation
(``/paths/<path>/<method>``, webhooks alike), a path item, or the document itself (``""``).
Edges come from every ``$ref`` (inside ``x-`` extensions too), every discriminator mapping, and
every security requirement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.spec import pointer as jp
from generator.spec.oas import METHODS
from generator.spec.refs import local_target

if TYPE_CHECKING:
    from generator.spec.load import Spec

_ITEM_SECTIONS = frozenset({"paths", "webhooks", "x-webhooks"})
_METHODS = frozenset(METHODS)


def owner_of(pointer: str) -> str:
    """The graph node whose text holds ``pointer``."""
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "components":
        return "/".join(parts[:4])
    if len(parts) >= 3 and parts[1] in _ITEM_SECTIONS:
        if len(parts) >= 4 and parts[3] in _METHODS:
            return "/".join(parts[:4])
        return "/".join(parts[:3])
    return ""


def mapping_target(value: Any) -> str | None:
    """The component a discriminator ``mapping`` value names: a schema name or a local reference."""
    if not isinstance(value, str):
        return None
    if value.startswith("#"):
        return owner_of(local_target(value) or "") or None
    if "/" not in value and "#" not in value:
        return jp.join(["components", "schemas", value])
    return None


@dataclass
class Graph:
    """Edges between owners (see the module docstring)."""

    edges: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, source: str, target: str) -> None:
        """An edge from the owner of ``source`` to the owner ``target``."""
        if target:
            self.edges[owner_of(source)].add(target)

    def reachable(self, roots: Iterable[str]) -> set[str]:
        """Every owner reached from ``roots`` (the roots included)."""
        reached: set[str] = set()
        stack = list(roots)
        while stack:
            current = stack.pop()
            if current in reached:
                continue
            reached.add(current)
            stack.extend(self.edges.get(current, ()))
        return reached

    def referrers(self, target: str) -> set[str]:
        """The owners with an edge to ``target``."""
        return {source for source, targets in self.edges.items() if target in targets}


def build_graph(spec: Spec) -> Graph:
    """Every reference, mapping and security requirement of ``spec`` as edges."""
    graph = Graph()
    for reference in spec.index.refs:
        target = local_target(reference.ref)
        if target is not None:
            graph.add(reference.holder, owner_of(target))
    for site in spec.index.schemas:
        discriminator = site.schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            for value in mapping.values():
                graph.add(site.pointer, mapping_target(value) or "")
    _security_edges(spec, graph)
    for operation in spec.operations:
        graph.add(operation.pointer, owner_of(operation.item_pointer))  # path-item parameters
    return graph


def _security_edges(spec: Spec, graph: Graph) -> None:
    holders: list[tuple[str, Any]] = [("", spec.data.get("security"))]
    holders.extend((op.pointer, op.node.get("security")) for op in spec.operations)
    for pointer, requirements in holders:
        for requirement in requirements if isinstance(requirements, list) else []:
            for name in requirement if isinstance(requirement, dict) else ():
                graph.add(pointer, jp.join(["components", "securitySchemes", name]))


def used_roots(spec: Spec) -> set[str]:
    """What is used by definition: the document, every path item and operation, every webhook."""
    roots = {""}
    roots.update(owner_of(operation.pointer) for operation in spec.operations)
    for section in _ITEM_SECTIONS:
        entries = spec.data.get(section)
        if isinstance(entries, dict):
            roots.update(jp.join([section, key]) for key in entries if not str(key).startswith("x-"))
    return roots
