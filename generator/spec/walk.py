"""Where things are in a spec: operations, their parameters and responses, schemas, extensions.

Every walk follows the OpenAPI object model (:mod:`generator.spec.oas`): a response called
``default`` is a response, a property called ``example`` is a schema, and data payloads
(``example``, ``default``, ``enum``, ``const``, Example values) are never walked as structure.
References inside ``x-`` extensions are found too (they are uses of what they point at).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.spec import pointer as jp
from generator.spec.media import json_schema_pointer
from generator.spec.oas import EXTENSION, METHODS, UNKNOWN, Slot, children, items

if TYPE_CHECKING:
    from generator.spec.load import Spec

# Sections whose path items hold operations, and how their keys are shown.
_OPERATION_SECTIONS = ("paths", "webhooks", "x-webhooks")


@dataclass(frozen=True)
class Operation:
    """One operation: where it is (``paths``, ``webhooks``, ``x-webhooks`` or ``callbacks``), its
    key there (a path template, a webhook name or a callback expression) and its path item."""

    section: str
    key: str
    method: str
    pointer: str
    node: dict[str, Any]
    path_item: dict[str, Any]
    item_pointer: str

    @property
    def is_call(self) -> bool:
        """Whether a client calls it (an operation under ``paths``; webhooks and callbacks are
        requests the API sends)."""
        return self.section == "paths"

    @property
    def path(self) -> str:
        """The path template of a call, ``""`` for webhooks and callbacks."""
        return self.key if self.section == "paths" else ""

    @property
    def operation_id(self) -> str | None:
        """The operationId, when it is a string."""
        value = self.node.get("operationId")
        return value if isinstance(value, str) else None

    @property
    def label(self) -> str:
        """How messages name it: ``GET /path``, ``webhook 'name' POST``, ``callback '{expr}' POST``."""
        if self.section == "paths":
            return f"{self.method.upper()} {self.key}"
        what = "callback" if self.section == "callbacks" else "webhook"
        return f"{what} {self.key!r} {self.method.upper()}"


@dataclass(frozen=True)
class Parameter:
    """A parameter of an operation (path-item parameters included, overridden by the operation's)."""

    name: str
    location: str
    node: dict[str, Any]  # the parameter object, references followed
    pointer: str  # where that object is
    declared: str  # the entry of the ``parameters`` list that names it


@dataclass(frozen=True)
class Response:
    """One response of an operation, ``default`` included."""

    status: str
    node: dict[str, Any]  # the response object, references followed
    pointer: str
    declared: str  # the entry under ``responses``

    @property
    def is_success(self) -> bool:
        """A 2XX status (``200``, ``2XX``)."""
        return self.status.startswith("2")


def iter_operations(spec: Spec) -> Iterator[Operation]:
    """Operations under ``paths``, ``webhooks``, ``x-webhooks`` and their callbacks, in document order."""
    for section in _OPERATION_SECTIONS:
        entries = spec.data.get(section)
        if not isinstance(entries, dict):
            continue
        for key, raw_item in entries.items():
            if isinstance(key, str) and key.startswith("x-"):
                continue
            yield from _item_operations(spec, section, str(key), raw_item, jp.child(jp.child("", section), key))


def _item_operations(spec: Spec, section: str, key: str, raw_item: Any, where: str) -> Iterator[Operation]:
    item, item_pointer = spec.follow(raw_item, where)
    if not isinstance(item, dict):
        return
    for method in METHODS:
        node = item.get(method)
        if not isinstance(node, dict):
            continue
        pointer = jp.child(item_pointer, method)
        yield Operation(section, key, method, pointer, node, item, item_pointer)
        callbacks = node.get("callbacks")
        if not isinstance(callbacks, dict):
            continue
        for name, raw_callback in callbacks.items():
            callback, callback_pointer = spec.follow(raw_callback, jp.child(jp.child(pointer, "callbacks"), name))
            if not isinstance(callback, dict):
                continue
            for expression, nested in callback.items():
                if isinstance(expression, str) and not expression.startswith("x-"):
                    yield from _item_operations(
                        spec, "callbacks", expression, nested, jp.child(callback_pointer, expression)
                    )


def parameters(spec: Spec, operation: Operation) -> list[Parameter]:
    """The operation's parameters: the path item's, then its own (an own one replaces a shared one
    of the same name and location). Entries without a string name and ``in`` are left out."""
    merged: dict[tuple[str, str], Parameter] = {}
    for holder, base in ((operation.path_item, operation.item_pointer), (operation.node, operation.pointer)):
        entries = holder.get("parameters")
        for index, raw in enumerate(entries if isinstance(entries, list) else []):
            declared = jp.child(jp.child(base, "parameters"), index)
            node, pointer = spec.follow(raw, declared)
            if not isinstance(node, dict):
                continue
            name, location = node.get("name"), node.get("in")
            if isinstance(name, str) and isinstance(location, str):
                merged[(location, name)] = Parameter(name, location, node, pointer, declared)
    return list(merged.values())


def responses(spec: Spec, operation: Operation) -> list[Response]:
    """The operation's responses in document order, ``default`` included (extensions are not)."""
    entries = operation.node.get("responses")
    found: list[Response] = []
    if not isinstance(entries, dict):
        return found
    base = jp.child(operation.pointer, "responses")
    for status, raw in entries.items():
        if isinstance(status, str) and status.startswith("x-"):
            continue
        declared = jp.child(base, status)
        node, pointer = spec.follow(raw, declared)
        if isinstance(node, dict):
            found.append(Response(str(status), node, pointer, declared))
    return found


def request_body(spec: Spec, operation: Operation) -> tuple[dict[str, Any], str] | None:
    """The request body object (references followed) and its pointer, when there is one."""
    raw = operation.node.get("requestBody")
    if raw is None:
        return None
    node, pointer = spec.follow(raw, jp.child(operation.pointer, "requestBody"))
    return (node, pointer) if isinstance(node, dict) else None


@dataclass(frozen=True)
class SchemaSite:
    """A schema object at ``pointer``; ``parent`` is the schema containing it (None for roots).

    ``keyword`` is the keyword of the parent it sits under (``properties``, ``items``...), and
    ``name`` its key in a map (the property name).
    """

    pointer: str
    schema: dict[str, Any]
    parent: SchemaSite | None = field(default=None, repr=False)
    keyword: str = ""
    name: str = ""

    @property
    def is_property(self) -> bool:
        """Whether this schema is the value of a ``properties`` entry."""
        return self.keyword == "properties"


@dataclass(frozen=True)
class Reference:
    """A ``$ref``: the pointer of the object holding it, its text, and what it stands for there
    (an object kind of :mod:`generator.spec.oas`, or ``unknown``/``extension``)."""

    holder: str
    ref: str
    kind: str


@dataclass
class Index:
    """What one walk over the document finds.

    ``schemas``: every schema object (components, each ``schema`` of a parameter, header or media
    type, every subschema, and those of path items under ``x-webhooks``); ``extensions``:
    ``(holder pointer, key, value)`` of every ``x-*`` key of a structure object; ``texts``:
    ``(pointer, text)`` of every ``description`` and ``summary``; ``refs``: every reference,
    those inside extensions included; ``false_schemas``: pointers of ``false`` schemas.
    """

    schemas: list[SchemaSite] = field(default_factory=list)
    extensions: list[tuple[str, str, Any]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    refs: list[Reference] = field(default_factory=list)
    false_schemas: list[str] = field(default_factory=list)


def index_document(data: dict[str, Any]) -> Index:
    """Walk ``data`` once and collect an :class:`Index`."""
    index = Index()
    # (value, pointer, slot, the schema it sits in, its keyword there, its name in a map)
    stack: list[tuple[Any, str, Slot, SchemaSite | None, str, str]] = [(data, "", Slot("document"), None, "", "")]
    while stack:
        value, where, slot, parent, keyword, name = stack.pop()
        if slot.container:
            below = [(c.value, c.pointer, c.slot, parent, keyword, _last(c.pointer)) for c in items(value, where, slot)]
            stack.extend(reversed(below))
            continue
        if isinstance(value, list):
            if slot.kind in (UNKNOWN, EXTENSION):
                stack.extend(
                    (value[i], jp.child(where, i), slot, None, "", "")
                    for i in range(len(value) - 1, -1, -1)
                    if isinstance(value[i], (dict, list))
                )
            continue
        if not isinstance(value, dict):
            if value is False and slot.kind == "schema":
                index.false_schemas.append(where)
            continue
        ref = value.get("$ref")
        if isinstance(ref, str):
            index.refs.append(Reference(where, ref, slot.kind))
        generic = slot.kind in (UNKNOWN, EXTENSION)
        site = None
        if slot.kind == "schema":
            site = SchemaSite(where, value, parent, keyword if parent else "", name if parent else "")
            index.schemas.append(site)
        if not generic:
            _record(index, value, where)
        below = []
        for child in children(slot.kind, value, where):
            token = child.pointer[len(where) + 1 :]
            key = jp.unescape(token)
            if site is not None and child.slot.kind == "schema":
                below.append((child.value, child.pointer, child.slot, site, key, ""))
            else:
                below.append((child.value, child.pointer, child.slot, None, "", ""))
        stack.extend(reversed(below))
    return index


def _record(index: Index, node: dict[str, Any], where: str) -> None:
    for key, value in node.items():
        if not isinstance(key, str):
            continue
        if key.startswith("x-"):
            index.extensions.append((where, key, value))
        elif key in ("description", "summary") and isinstance(value, str):
            index.texts.append((jp.child(where, key), value))


def _last(pointer: str) -> str:
    return jp.unescape(pointer[pointer.rfind("/") + 1 :])


def success_schema(spec: Spec, operation: Operation) -> str:
    """Pointer of the JSON schema of the operation's first 2XX response, by status ("" when none)."""
    for response in sorted(responses(spec, operation), key=lambda r: r.status):
        if response.is_success:
            found = json_schema_pointer(response.node.get("content"), response.pointer)
            if found:
                return found
    return ""


def request_schema(spec: Spec, operation: Operation) -> str:
    """Pointer of the JSON schema of the operation's request body ("" when none)."""
    body = request_body(spec, operation)
    return json_schema_pointer(body[0].get("content"), body[1]) if body else ""
