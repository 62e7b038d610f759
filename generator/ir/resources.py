"""The naming tree: where every operation lives on the client, under which names (docs/naming.md).

Names come from ``x-specgen-resource``/``x-specgen-method`` when present; otherwise from the
path and HTTP method (:func:`derive`):

- static path segments name nested resources: ``/vector_stores/{id}/files`` -> ``vector_stores.files``;
- on a collection (path ending in a static segment): GET -> ``list``, POST -> ``create``,
  PUT/PATCH -> ``update``, DELETE -> ``delete``;
- on an item (path ending in a parameter): GET -> ``retrieve``, POST/PUT/PATCH -> ``update``,
  DELETE -> ``delete``;
- a POST to a static segment right after an item parameter is an action:
  ``/batches/{id}/cancel`` -> ``batches.cancel``, unless a resource of that name exists
  (``/batches/{id}/cancel/all``): then it is that resource's collection method, ``batches.cancel.create``.

Then every namespace of the tree is made collision-free (:func:`build_tree`), so that no name
hides another and every operation stays reachable from ``Client()``:

- methods of one resource: two operations that would get the same method both fall back to the
  snake_case of their operationId (explicit names are kept), then to a number;
- attributes of one resource (or of the client): names the runtime uses (``with_raw_response``,
  the client's ``copy``, ``close``, ``call``, its options and credentials...), then child
  resources, then methods, then the methods derived from them (``<method>_stream``, the poll
  method, ``<method>_and_<poll>``), in that order of precedence; a later name that is taken gets
  a trailing ``_`` (then ``_2``, ``_3``...);
- files of one folder of ``resources/``: a resource with children is a folder holding its own
  module (``teams/teams.py``); a child whose module or folder would take that name gets the next
  free one (``teams/teams_.py``);
- classes: unique across the package (a clash takes the resource's dotted path), never one of
  the model classes a module imports (a ``Resource`` suffix).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from generator.ir.model import Operation, Resource
from generator.naming import class_name, free_name, module_name, resolve_collisions

_PARAM = re.compile(r"^\{[^}]*\}$")
_COLLECTION = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}
_ITEM = {"get": "retrieve", "post": "update", "put": "update", "patch": "update", "delete": "delete"}
_ACTIONS = {"post", "put", "patch", "delete"}

#: Public attributes of every generated client (the runtime's ``SyncAPIClient``/``AsyncAPIClient`` and
#: ``_client.py``): a top-level resource must not hide them. Options and credentials are added per spec.
CLIENT_ATTRIBUTES = frozenset(
    {
        "api_key", "base_url", "timeout", "max_retries", "default_headers", "default_query", "close", "send",
        "call", "call_stream", "page", "copy", "with_options", "with_raw_response", "with_streaming_response",
    }
)  # fmt: skip
#: Public attributes of every generated resource class (``SyncAPIResource`` and the template).
RESOURCE_ATTRIBUTES = frozenset({"with_raw_response", "with_streaming_response"})


@dataclass(frozen=True)
class Placement:
    """Where an operation goes: a resource path and a method name."""

    resource: tuple[str, ...]
    method: str
    action: bool = False  # the method is named after the path's last segment (an action on an item)


@dataclass(frozen=True)
class Wanted:
    """The placement an operation asks for, and what its name may fall back to."""

    placement: Placement
    operation_id: str
    http_method: str
    explicit: bool  # the method name comes from x-specgen-method


def derive(path: str, http_method: str) -> Placement:
    """The fallback placement of ``http_method path``."""
    segments = [s for s in path.split("/") if s]
    statics = [module_name(s) for s in segments if not _PARAM.match(s)]
    if not statics:
        return Placement(("root",), _COLLECTION.get(http_method, http_method))
    last_is_param = bool(segments) and bool(_PARAM.match(segments[-1]))
    follows_param = len(segments) >= 2 and bool(_PARAM.match(segments[-2]))
    # An action is on an item of a collection: a parameter after a static segment (linode's leading
    # /{apiVersion}/vpcs is the collection vpcs, not an action vpcs).
    after_item = follows_param and len(statics) >= 2
    if not last_is_param and after_item and http_method in _ACTIONS:
        return Placement(tuple(statics[:-1]) or ("root",), module_name(statics[-1]), action=True)
    table = _ITEM if last_is_param else _COLLECTION
    return Placement(tuple(statics), table.get(http_method, http_method))


def place(wanted: dict[str, Wanted]) -> dict[str, Placement]:
    """Final placements: derived actions named like a resource become its collection method, then
    clashing method names of one resource fall back to the operationId (see the module docstring)."""
    resources = {
        placement.resource[:depth]
        for placement in (w.placement for w in wanted.values())
        for depth in range(1, len(placement.resource) + 1)
    }
    placements: dict[str, Placement] = {}
    for key, want in wanted.items():
        placement = want.placement
        nested = (*placement.resource, placement.method)
        if placement.action and not want.explicit and nested in resources:
            placement = Placement(nested, _COLLECTION.get(want.http_method, want.http_method))
        placements[key] = placement
    dotted = {key: ".".join((*p.resource, p.method)) for key, p in placements.items()}
    qualified = {
        key: ".".join((*p.resource, module_name(wanted[key].operation_id or p.method))) for key, p in placements.items()
    }
    for key, want in wanted.items():
        if want.explicit:
            qualified[key] = dotted[key]
    final = resolve_collisions(dotted, qualified)
    return {key: Placement(tuple(name.split(".")[:-1]), name.split(".")[-1]) for key, name in final.items()}


def build_tree(
    placed: Sequence[tuple[Placement, Operation]],
    reserved_classes: Collection[str] = frozenset(),
    client_attributes: Iterable[str] = (),
) -> tuple[Resource, ...]:
    """The resource tree holding ``placed`` operations (spec order within a resource), every namespace
    collision-free.

    ``reserved_classes``: class names resource classes must not take (the model classes modules import);
    ``client_attributes``: attributes of this spec's client besides :data:`CLIENT_ATTRIBUTES` (its
    options and credentials).
    """
    operations: dict[tuple[str, ...], list[Operation]] = {}
    for placement, operation in placed:
        operations.setdefault(placement.resource, []).append(replace(operation, name=placement.method))
        for depth in range(1, len(placement.resource)):
            operations.setdefault(placement.resource[:depth], [])
    paths = sorted(operations)
    children_of: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path in paths:
        children_of.setdefault(path[:-1], []).append(path)
    client_reserved = CLIENT_ATTRIBUTES | set(client_attributes)

    # Attributes: the runtime's, then children, then methods, then the methods derived from them.
    attrs: dict[tuple[str, ...], str] = {}
    named: dict[tuple[str, ...], tuple[Operation, ...]] = {}
    for parent in [(), *paths]:
        taken = set(client_reserved if parent == () else RESOURCE_ATTRIBUTES)
        for child in children_of.get(parent, []):
            attrs[child] = free_name(child[-1], taken)
            taken.add(attrs[child])
        if parent:
            named[parent] = _name_methods(operations[parent], taken)

    # Files: a resource with children is a folder with its own module in it; children avoid that name.
    modules: dict[tuple[str, ...], tuple[str, ...]] = {}  # path -> module parts under resources/
    folders: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}
    for parent in [(), *paths]:
        if parent not in folders:
            continue
        taken = {parent[-1]} if parent else set()
        for child in children_of.get(parent, []):
            entry = free_name(child[-1], taken)
            taken.add(entry)
            if child in children_of:
                folders[child] = (*folders[parent], entry)
                modules[child] = (*folders[child], entry)
            else:
                modules[child] = (*folders[parent], entry)
        if parent:
            modules[parent] = (*folders[parent], parent[-1])

    def avoid(name: str) -> str:
        clashes = {form.format(name) for form in _CLASS_FAMILY} & set(reserved_classes)
        return f"{name}Resource" if clashes else name

    classes = _families_apart(
        resolve_collisions(
            {".".join(p): avoid(class_name(p[-1])) for p in paths},
            {".".join(p): avoid(class_name("_".join(p))) for p in paths},
        )
    )

    def node(path: tuple[str, ...], reach: tuple[str, ...]) -> Resource:
        here = (*reach, attrs[path])
        return Resource(
            attr=attrs[path],
            class_name=classes[".".join(path)],
            module=".".join(("resources", *modules[path])),
            path=path,
            operations=named[path],
            children=tuple(node(child, here) for child in children_of.get(path, [])),
            reach=here,
        )

    return tuple(node(path, ()) for path in children_of.get((), []))


#: The classes generated for a resource class ``{}``.
_CLASS_FAMILY = (
    "{}",
    "Async{}",
    "{}WithRawResponse",
    "{}WithStreamingResponse",
    "Async{}WithRawResponse",
    "Async{}WithStreamingResponse",
)


def _families_apart(classes: dict[str, str]) -> dict[str, str]:
    """``classes`` (resource -> class name) renamed so no two generate a class of the same name
    (``Search`` generates ``AsyncSearch``, the class of an ``async_search`` resource). Shorter names
    keep their spelling; a later one gets a number."""
    owners: set[str] = set()
    result: dict[str, str] = {}
    for key in sorted(classes, key=lambda k: (len(classes[k]), classes[k], k)):
        name = candidate = classes[key]
        number = 1
        while any(form.format(candidate) in owners for form in _CLASS_FAMILY):
            number += 1
            candidate = f"{name}{number}"
        result[key] = candidate
        owners.update(form.format(candidate) for form in _CLASS_FAMILY)
    return result


def _name_methods(operations: Sequence[Operation], taken: set[str]) -> tuple[Operation, ...]:
    """The operations of one resource with methods named apart from ``taken`` (updated): their own
    names first, then stream twins, poll methods and ``<method>_and_<poll>`` methods."""
    named = []
    for operation in operations:
        name = free_name(operation.name, taken)
        taken.add(name)
        named.append(replace(operation, name=name))
    polls: dict[str, str] = {}
    for index, operation in enumerate(named):
        if operation.streaming is not None:
            if operation.response_kind == "stream":
                stream_method = operation.name
            else:
                stream_method = free_name(f"{operation.name}_stream", taken)
                taken.add(stream_method)
            operation = replace(operation, streaming=replace(operation.streaming, method=stream_method))
        if operation.polling is not None:
            poll_method = free_name(operation.polling.method, taken)
            taken.add(poll_method)
            polls.setdefault(operation.polling.method, poll_method)
            operation = replace(operation, polling=replace(operation.polling, method=poll_method))
        named[index] = operation
    for index, operation in enumerate(named):
        link = operation.poll_link
        if link is not None:
            target = polls.get(link.poll_method, link.poll_method)
            method = free_name(f"{operation.name}_and_{target}", taken)
            taken.add(method)
            named[index] = replace(operation, poll_link=replace(link, method=method, poll_method=target))
    return tuple(named)
