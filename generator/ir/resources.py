"""Where operations live on the client: resource paths and method names, and the resource tree.

Names come from ``x-specgen-resource``/``x-specgen-method`` when present; otherwise from the
path and HTTP method (the documented fallback, see docs/naming.md):

- static path segments name nested resources: ``/vector_stores/{id}/files`` -> ``vector_stores.files``;
- on a collection (path ending in a static segment): GET -> ``list``, POST -> ``create``,
  PUT/PATCH -> ``update``, DELETE -> ``delete``;
- on an item (path ending in a parameter): GET -> ``retrieve``, POST/PUT/PATCH -> ``update``,
  DELETE -> ``delete``;
- a POST to a static segment right after an item parameter is an action:
  ``/batches/{id}/cancel`` -> ``batches.cancel``.

Two operations that would get the same resource and method both fall back to the
snake_case of their operationId, so the result never depends on their order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.ir.model import Operation, Resource
from generator.naming import class_name, module_name, resolve_collisions

_PARAM = re.compile(r"^\{[^}]*\}$")
_COLLECTION = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}
COLLECTION_METHODS = _COLLECTION
_ITEM = {"get": "retrieve", "post": "update", "put": "update", "patch": "update", "delete": "delete"}
_ACTIONS = {"post", "put", "patch", "get", "delete"}


@dataclass(frozen=True)
class Placement:
    """Where an operation goes: a resource path and a method name."""

    resource: tuple[str, ...]
    method: str


def derive(path: str, http_method: str) -> Placement:
    """The fallback placement of ``http_method path``."""
    segments = [s for s in path.split("/") if s]
    statics = [module_name(s) for s in segments if not _PARAM.match(s)]
    if not statics:
        return Placement(("root",), _COLLECTION.get(http_method, http_method))
    last_is_param = bool(segments) and bool(_PARAM.match(segments[-1]))
    follows_param = len(segments) >= 2 and bool(_PARAM.match(segments[-2]))
    if not last_is_param and follows_param and http_method in _ACTIONS and http_method != "get":
        return Placement(tuple(statics[:-1]) or ("root",), module_name(statics[-1]))
    table = _ITEM if last_is_param else _COLLECTION
    return Placement(tuple(statics), table.get(http_method, http_method))


def resolve_placements(
    wanted: dict[str, Placement], operation_ids: dict[str, str], explicit: set[str]
) -> dict[str, Placement]:
    """Unique placements; clashing derived names fall back to the operationId's snake_case."""
    keys = {key: ".".join((*p.resource, p.method)) for key, p in wanted.items()}
    qualified = {
        key: ".".join((*wanted[key].resource, module_name(operation_ids.get(key) or wanted[key].method)))
        for key in wanted
    }
    for key in explicit:
        qualified[key] = keys[key]
    final = resolve_collisions(keys, qualified)
    result = {}
    for key, dotted in final.items():
        *resource, method = dotted.split(".")
        result[key] = Placement(tuple(resource), method)
    return result


def build_tree(
    placed: Sequence[tuple[Placement, Operation]], reserved: frozenset[str] | set[str] = frozenset()
) -> tuple[Resource, ...]:
    """The resource tree holding ``placed`` operations (spec order within a resource).

    Resource class names avoid ``reserved`` (the model classes they import) with a ``Resource`` suffix.
    """
    operations: dict[tuple[str, ...], list[Operation]] = {}
    for placement, operation in placed:
        named = replace(operation, name=placement.method)
        if named.streaming is not None:
            stream_method = placement.method if named.response_kind == "stream" else f"{placement.method}_stream"
            named = replace(named, streaming=replace(named.streaming, method=stream_method))
        operations.setdefault(placement.resource, []).append(named)
        for depth in range(1, len(placement.resource)):
            operations.setdefault(placement.resource[:depth], [])
    paths = sorted(operations)
    has_children = {p[:-1] for p in paths if len(p) > 1}

    def avoid(name: str) -> str:
        taken = {name, f"Async{name}", f"{name}WithRawResponse", f"Async{name}WithRawResponse"} & reserved
        return f"{name}Resource" if taken else name

    classes = resolve_collisions(
        {".".join(p): avoid(class_name(p[-1])) for p in paths},
        {".".join(p): avoid(class_name("_".join(p))) for p in paths},
    )

    def module_of(path: tuple[str, ...]) -> str:
        folders = list(path[:-1])
        leaf = path[-1]
        if path in has_children:
            return ".".join(("resources", *folders, leaf, leaf))
        return ".".join(("resources", *folders, leaf))

    def node(path: tuple[str, ...]) -> Resource:
        children = tuple(node(p) for p in paths if len(p) == len(path) + 1 and p[: len(path)] == path)
        return Resource(
            attr=path[-1],
            class_name=classes[".".join(path)],
            module=module_of(path),
            path=path,
            operations=tuple(operations[path]),
            children=children,
        )

    return tuple(node(p) for p in paths if len(p) == 1)
