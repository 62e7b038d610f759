"""The OpenAPI 3.0/3.1 object model: what each object kind holds under each key.

One table serves every reader: the bundler (which kind of object a ``$ref`` stands for, so it
is placed in the right ``components`` section), the walk (operations, responses, parameters,
schemas), and the type check of :mod:`generator.spec.shape`. Keys not in the table are walked
as plain structure (a ``$ref`` found there is still checked); data payloads (``example``,
``default``, ``enum``, ``const``, Example ``value``...) are never walked as structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from generator.spec import pointer as jp

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class Field(NamedTuple):
    """What a key holds. ``check`` is a container (object, map, list) of objects of ``kind``, or
    a check of a plain value: text (any scalar), string, regex, bool, number, positive, count (a
    non-negative integer), bound (number or boolean), strings (a list of strings), string-map,
    any-map, type (JSON Schema type names), any (data: never walked)."""

    check: str
    kind: str = ""


_TEXT = Field("text")
_STRING = Field("string")
_BOOL = Field("bool")
_ANY = Field("any")
_SCHEMA = Field("object", "schema")
_SCHEMAS = Field("list", "schema")
_SCHEMA_MAP = Field("map", "schema")
_COUNT = Field("count")
_SCHEMA_FIELDS = (_SCHEMA,)

KINDS: dict[str, dict[str, Field]] = {
    "document": {
        "openapi": _STRING,
        "info": Field("object", "info"),
        "servers": Field("list", "server"),
        "paths": Field("map", "path item"),
        "webhooks": Field("map", "path item"),
        "x-webhooks": Field("map", "path item"),  # the OAS 3.0 spelling of webhooks (Redocly)
        "components": Field("object", "components"),
        "security": Field("list", "security requirement"),
        "tags": Field("list", "tag"),
        "externalDocs": Field("object", "external documentation"),
        "jsonSchemaDialect": _STRING,
    },
    "info": {
        "title": _TEXT,
        "version": _TEXT,
        "summary": _TEXT,
        "description": _TEXT,
        "termsOfService": _TEXT,
        "contact": Field("object", "contact"),
        "license": Field("object", "license"),
    },
    "contact": {"name": _TEXT, "url": _TEXT, "email": _TEXT},
    "license": {"name": _TEXT, "url": _TEXT, "identifier": _TEXT},
    "server": {"url": _STRING, "description": _TEXT, "variables": Field("map", "server variable")},
    "server variable": {"enum": Field("list", "scalar"), "default": _TEXT, "description": _TEXT},
    "external documentation": {"url": _TEXT, "description": _TEXT},
    "tag": {"name": _STRING, "description": _TEXT, "externalDocs": Field("object", "external documentation")},
    "security requirement": {"*": Field("strings")},
    "path item": {
        "$ref": _STRING,
        "summary": _TEXT,
        "description": _TEXT,
        "servers": Field("list", "server"),
        "parameters": Field("list", "parameter"),
        **{method: Field("object", "operation") for method in METHODS},
    },
    "operation": {
        "tags": Field("strings"),
        "summary": _TEXT,
        "description": _TEXT,
        "externalDocs": Field("object", "external documentation"),
        "operationId": _STRING,
        "parameters": Field("list", "parameter"),
        "requestBody": Field("object", "request body"),
        "responses": Field("map", "response"),
        "callbacks": Field("map", "callback"),
        "deprecated": _BOOL,
        "security": Field("list", "security requirement"),
        "servers": Field("list", "server"),
    },
    "callback": {"*": Field("object", "path item")},
    "parameter": {
        "name": _STRING,
        "in": _STRING,
        "description": _TEXT,
        "required": _BOOL,
        "deprecated": _BOOL,
        "allowEmptyValue": _BOOL,
        "style": _STRING,
        "explode": _BOOL,
        "allowReserved": _BOOL,
        "schema": _SCHEMA,
        "example": _ANY,
        "examples": Field("map", "example"),
        "content": Field("map", "media type"),
    },
    "header": {
        "description": _TEXT,
        "required": _BOOL,
        "deprecated": _BOOL,
        "style": _STRING,
        "explode": _BOOL,
        "schema": _SCHEMA,
        "example": _ANY,
        "examples": Field("map", "example"),
        "content": Field("map", "media type"),
    },
    "request body": {"description": _TEXT, "content": Field("map", "media type"), "required": _BOOL},
    "media type": {
        "schema": _SCHEMA,
        "example": _ANY,
        "examples": Field("map", "example"),
        "encoding": Field("map", "encoding"),
    },
    "encoding": {
        "contentType": _STRING,
        "headers": Field("map", "header"),
        "style": _STRING,
        "explode": _BOOL,
        "allowReserved": _BOOL,
    },
    "response": {
        "description": _TEXT,
        "headers": Field("map", "header"),
        "content": Field("map", "media type"),
        "links": Field("map", "link"),
    },
    "link": {
        "operationRef": _STRING,
        "operationId": _STRING,
        "parameters": Field("any-map"),
        "requestBody": _ANY,
        "description": _TEXT,
        "server": Field("object", "server"),
    },
    "example": {"summary": _TEXT, "description": _TEXT, "value": _ANY, "externalValue": _TEXT},
    "components": {
        "schemas": _SCHEMA_MAP,
        "responses": Field("map", "response"),
        "parameters": Field("map", "parameter"),
        "examples": Field("map", "example"),
        "requestBodies": Field("map", "request body"),
        "headers": Field("map", "header"),
        "securitySchemes": Field("map", "security scheme"),
        "links": Field("map", "link"),
        "callbacks": Field("map", "callback"),
        "pathItems": Field("map", "path item"),
    },
    "security scheme": {
        "type": _STRING,
        "description": _TEXT,
        "name": _STRING,
        "in": _STRING,
        "scheme": _STRING,
        "bearerFormat": _TEXT,
        "flows": Field("object", "oauth flows"),
        "openIdConnectUrl": _TEXT,
    },
    "oauth flows": {"*": Field("object", "oauth flow")},
    "oauth flow": {
        "authorizationUrl": _TEXT,
        "tokenUrl": _TEXT,
        "refreshUrl": _TEXT,
        "scopes": Field("string-map"),
    },
    "schema": {
        "type": Field("type"),
        "properties": _SCHEMA_MAP,
        "patternProperties": _SCHEMA_MAP,
        "$defs": _SCHEMA_MAP,
        "definitions": _SCHEMA_MAP,
        "dependentSchemas": _SCHEMA_MAP,
        "items": _SCHEMA,
        "additionalProperties": _SCHEMA,
        "additionalItems": _SCHEMA,
        "not": _SCHEMA,
        "contains": _SCHEMA,
        "propertyNames": _SCHEMA,
        "if": _SCHEMA,
        "then": _SCHEMA,
        "else": _SCHEMA,
        "unevaluatedProperties": _SCHEMA,
        "unevaluatedItems": _SCHEMA,
        "contentSchema": _SCHEMA,
        "allOf": _SCHEMAS,
        "anyOf": _SCHEMAS,
        "oneOf": _SCHEMAS,
        "prefixItems": _SCHEMAS,
        "required": Field("strings"),
        "enum": Field("list", "any"),
        "const": _ANY,
        "default": _ANY,
        "example": _ANY,
        "examples": _ANY,
        "discriminator": Field("object", "discriminator"),
        "nullable": _BOOL,
        "readOnly": _BOOL,
        "writeOnly": _BOOL,
        "deprecated": _BOOL,
        "uniqueItems": _BOOL,
        "minLength": _COUNT,
        "maxLength": _COUNT,
        "minItems": _COUNT,
        "maxItems": _COUNT,
        "minProperties": _COUNT,
        "maxProperties": _COUNT,
        "minContains": _COUNT,
        "maxContains": _COUNT,
        "minimum": Field("number"),
        "maximum": Field("number"),
        "exclusiveMinimum": Field("bound"),
        "exclusiveMaximum": Field("bound"),
        "multipleOf": Field("positive"),
        "pattern": Field("regex"),
        "format": _STRING,
        "title": _TEXT,
        "description": _TEXT,
        "$ref": _STRING,
        "externalDocs": Field("object", "external documentation"),
    },
    "discriminator": {"propertyName": _STRING, "mapping": Field("string-map")},
}

# Kinds whose objects may be Reference Objects (``{"$ref": ...}``) in place of the object.
REFERABLE = frozenset(
    {
        "schema",
        "parameter",
        "request body",
        "response",
        "header",
        "example",
        "link",
        "callback",
        "security scheme",
        "path item",
    }
)
# Where a component of each kind lives (``pathItems`` only from OpenAPI 3.1 on).
SECTIONS = {
    "schema": "schemas",
    "response": "responses",
    "parameter": "parameters",
    "example": "examples",
    "request body": "requestBodies",
    "header": "headers",
    "security scheme": "securitySchemes",
    "link": "links",
    "callback": "callbacks",
    "path item": "pathItems",
}
KIND_OF_SECTION = {section: kind for kind, section in SECTIONS.items()}
# Maps whose keys may include ``x-`` extensions (the Paths, Responses and Callback objects):
# such an entry is an extension, not an object of the map's kind.
_EXTENSIBLE_MAPS = frozenset({"path item", "response"})
# Plain structure outside the model (unknown keys, extension values): walked only for references.
UNKNOWN = "unknown"
EXTENSION = "extension"


@dataclass(frozen=True, slots=True)
class Slot:
    """What a value is expected to be: one object of ``kind``, or a ``map``/``list`` of them.

    ``kind`` is an object kind of :data:`KINDS`, :data:`UNKNOWN` or :data:`EXTENSION`, or
    ``"text"`` for a plain value (a ``$ref`` there stands for text, e.g. a description).
    """

    kind: str
    container: str = ""  # "" | "map" | "list"


class Child(NamedTuple):
    """A value under a node, where it is and what it is expected to be."""

    value: Any
    pointer: str
    slot: Slot


def section_kind(pointer: str) -> str | None:
    """The kind of the component at ``/components/<section>/<name>``, else None."""
    parts = pointer.split("/")
    if len(parts) == 4 and parts[1] == "components":
        return KIND_OF_SECTION.get(parts[2])
    return None


def children(kind: str, node: dict[str, Any], pointer: str) -> Iterator[Child]:
    """The values of ``node`` (an object of ``kind``) that may hold structure, in key order."""
    rules = KINDS.get(kind)
    wildcard = rules.get("*") if rules else None
    for key, value in node.items():
        if not isinstance(value, (dict, list)):
            if value is False and rules is not None and rules.get(key) in _SCHEMA_FIELDS:
                yield Child(value, jp.child(pointer, key), Slot("schema"))  # a false schema
            continue
        where = jp.child(pointer, key)
        if rules is None:  # unknown structure or an extension's value: walked as it is
            yield Child(value, where, Slot(kind))
            continue
        if key.startswith("x-") and kind != "security requirement":
            rule = KINDS["document"].get(key) if kind == "document" else None
            if rule is None:
                yield Child(value, where, Slot(EXTENSION))
                continue
        else:
            rule = rules.get(key, wildcard)
        if rule is None:
            if key != "$ref":
                yield Child(value, where, Slot(UNKNOWN))
            continue
        check, child_kind = rule
        if child_kind in ("any", "scalar"):
            continue  # a list of values (``enum``): data
        if check in ("object", "map", "list"):
            yield Child(value, where, Slot(child_kind, "" if check == "object" else check))
        elif check not in ("any", "strings", "string-map", "any-map", "type"):
            yield Child(value, where, Slot("text"))


def items(value: Any, pointer: str, slot: Slot) -> Iterator[Child]:
    """The objects a container slot holds (a ``map`` or ``list`` of ``slot.kind``)."""
    one = Slot(slot.kind)
    if slot.container == "map" and isinstance(value, dict):
        for key, item in value.items():
            if slot.kind in _EXTENSIBLE_MAPS and isinstance(key, str) and key.startswith("x-"):
                if isinstance(item, (dict, list)):
                    yield Child(item, jp.child(pointer, key), Slot(EXTENSION))
                continue
            yield Child(item, jp.child(pointer, key), one)
    elif slot.container == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield Child(item, jp.child(pointer, index), one)


def is_extensible_map_key(kind: str, key: Any) -> bool:
    """Whether ``key`` of a map of ``kind`` objects is an extension rather than an entry."""
    return kind in _EXTENSIBLE_MAPS and isinstance(key, str) and key.startswith("x-")


def walk(data: Any, kind: str = "document", pointer: str = "") -> Iterator[Child]:
    """Every mapping under ``data`` (an object of ``kind``) with its slot, in document order.

    Containers are expanded into their objects; a mapping with a ``$ref`` where a whole map or
    list is expected (``content: {$ref: ...}``) is yielded with the container slot.
    """
    stack: list[Child] = [Child(data, pointer, Slot(kind))]
    while stack:
        value, where, slot = stack.pop()
        if slot.container:
            if isinstance(value, dict) and isinstance(value.get("$ref"), str):
                yield Child(value, where, slot)
            else:
                stack.extend(reversed(list(items(value, where, slot))))
            continue
        if isinstance(value, dict):
            yield Child(value, where, slot)
            stack.extend(reversed(list(children(slot.kind, value, where))))
        elif isinstance(value, list) and slot.kind in (UNKNOWN, EXTENSION):
            stack.extend(
                Child(value[i], jp.child(where, i), slot)
                for i in range(len(value) - 1, -1, -1)
                if isinstance(value[i], (dict, list))
            )
