"""Where things are in an OpenAPI document: operations, schema objects, vendor extensions.

Every walk yields JSON pointers into the loaded document, so findings can be located.
Example payloads (``example``, ``examples``, ``default``, ``enum``, ``const``) are data,
never walked as structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator import pointer as jp

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})
# Schema keywords whose value is one subschema, a list of them, or a map of them.
_ONE = (
    "additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames",
    "unevaluatedProperties", "unevaluatedItems", "contentSchema", "additionalItems",
)  # fmt: skip
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


@dataclass(frozen=True)
class Operation:
    """One operation: its path key, method and pointer, plus the path item around it."""

    path: str
    method: str
    pointer: str
    node: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def operation_id(self) -> str | None:
        """The operationId, when it is a string."""
        value = self.node.get("operationId")
        return value if isinstance(value, str) else None

    @property
    def label(self) -> str:
        """``METHOD /path`` for messages."""
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class SchemaSite:
    """A schema object at ``pointer``; ``parent`` is the schema containing it (None for roots)."""

    pointer: str
    schema: dict[str, Any]
    parent: SchemaSite | None = field(default=None, repr=False)
    keyword: str = ""
    name: str = ""

    @property
    def is_property(self) -> bool:
        """Whether this schema is the value of a ``properties`` entry."""
        return self.keyword == "properties"


def iter_operations(data: dict[str, Any]) -> Iterator[Operation]:
    """Operations under ``paths`` and ``webhooks``, in document order."""
    for section in ("paths", "webhooks"):
        items = data.get(section)
        if not isinstance(items, dict):
            continue
        for path, item in items.items():
            if not isinstance(item, dict):
                continue
            base = jp.child(jp.child("", section), path)
            for method in METHODS:
                node = item.get(method)
                if isinstance(node, dict):
                    yield Operation(path if section == "paths" else "", method, jp.child(base, method), node, item)


@dataclass
class Index:
    """What one walk over the document finds (example payloads are data and not walked).

    ``schemas``: every schema object (component schemas, each ``schema`` of a parameter,
    header or media type, and every subschema); ``extensions``: ``(holder pointer, key,
    value)`` of every ``x-*`` key; ``texts``: ``(pointer, text)`` of every ``description``
    and ``summary``; ``refs``: ``(pointer of the holder, $ref)`` of every reference object.
    """

    schemas: list[SchemaSite] = field(default_factory=list)
    extensions: list[tuple[str, str, Any]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    refs: list[tuple[str, str]] = field(default_factory=list)


def index_document(data: dict[str, Any]) -> Index:
    """Walk ``data`` once and collect an :class:`Index`."""
    index = Index()
    # (node, pointer, schema site when the node is a schema)
    stack: list[tuple[Any, str, SchemaSite | None]] = [(data, "", None)]
    while stack:
        node, where, site = stack.pop()
        if isinstance(node, list):
            stack.extend(
                (value, f"{where}/{i}", None)
                for i, value in reversed(list(enumerate(node)))
                if isinstance(value, (dict, list))
            )
            continue
        if not isinstance(node, dict):
            continue
        if site is not None:
            index.schemas.append(site)
        children: list[tuple[Any, str, SchemaSite | None]] = []
        for key, value in node.items():
            if not isinstance(key, str):
                continue
            child = f"{where}/{_escape(key)}"
            if key.startswith("x-"):
                index.extensions.append((where, key, value))
            elif key in ("description", "summary") and isinstance(value, str):
                index.texts.append((child, value))
            elif key == "$ref" and isinstance(value, str):
                index.refs.append((where, value))
            elif site is not None:
                children.extend(_schema_children(site, key, value, child))
            elif key in _DATA_KEYS:
                if key == "examples" and isinstance(value, dict):
                    children.extend(_example_objects(value, child))
            elif key == "schema" and isinstance(value, dict):
                children.append((value, child, SchemaSite(child, value)))
            elif where == "/components" and key == "schemas" and isinstance(value, dict):
                children.extend(
                    (schema, f"{child}/{_escape(name)}", SchemaSite(f"{child}/{_escape(name)}", schema))
                    for name, schema in value.items()
                    if isinstance(schema, dict)
                )
            elif isinstance(value, (dict, list)):
                children.append((value, child, None))
        stack.extend(reversed(children))
    return index


def _schema_children(site: SchemaSite, key: str, value: Any, child: str) -> list[tuple[Any, str, SchemaSite | None]]:
    """The subschemas under keyword ``key`` of a schema; other non-data values as plain structure."""
    if key in _ONE and isinstance(value, dict):
        return [(value, child, SchemaSite(child, value, site, key))]
    if key in _LIST or (key == "items" and isinstance(value, list)):
        if not isinstance(value, list):
            return []
        return [
            (sub, f"{child}/{i}", SchemaSite(f"{child}/{i}", sub, site, key))
            for i, sub in enumerate(value)
            if isinstance(sub, dict)
        ]
    if key in _MAP and isinstance(value, dict):
        return [
            (sub, f"{child}/{_escape(name)}", SchemaSite(f"{child}/{_escape(name)}", sub, site, key, str(name)))
            for name, sub in value.items()
            if isinstance(sub, dict)
        ]
    if key in _DATA_KEYS or key in _ONE or key in _MAP:
        return []
    return [(value, child, None)] if isinstance(value, dict) else []


def _example_objects(examples: dict[str, Any], pointer: str) -> list[tuple[Any, str, SchemaSite | None]]:
    """Example Objects are structure (their ``$ref``, ``summary``...) around a ``value`` that is data."""
    result: list[tuple[Any, str, SchemaSite | None]] = []
    for name, example in examples.items():
        if isinstance(example, dict):
            shell = {k: v for k, v in example.items() if k != "value"}
            result.append((shell, f"{pointer}/{_escape(name)}", None))
    return result


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1") if "~" in part or "/" in part else part


def iter_schemas(data: dict[str, Any]) -> Iterator[SchemaSite]:
    """Every schema object of the document (see :class:`Index`)."""
    yield from index_document(data).schemas


def iter_extensions(data: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """``(holder pointer, key, value)`` for every ``x-*`` key outside example payloads."""
    yield from index_document(data).extensions


def local_ref(node: Any) -> str | None:
    """The JSON pointer a local ``$ref`` (``#/...``) names, else None."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            return jp.from_fragment(ref[1:])
    return None


def deref(data: dict[str, Any], node: Any, pointer: str = "") -> tuple[Any, str]:
    """Follow local ``$ref`` chains from ``node`` (at ``pointer``) to the value they reach.

    Returns the value and its pointer; an unresolvable or cyclic chain returns the last node.
    """
    seen: set[str] = set()
    while True:
        target = local_ref(node)
        if target is None or target in seen:
            return node, pointer
        seen.add(target)
        try:
            node = jp.resolve(data, target)
        except (KeyError, ValueError):
            return node, pointer
        pointer = target
