"""The schema document the generated tests validate against: the spec's schemas the cases refer to,
without their documentation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.spec import pointer as jp
from generator.testplan.check import json_schema_document, ref_pointer
from generator.testplan.model import OperationCase

_DOC_KEYS = frozenset(
    {"description", "title", "example", "examples", "externalDocs", "xml", "deprecated", "readOnly", "writeOnly",
     "discriminator", "$comment", "summary"}
)  # fmt: skip
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
                  "unevaluatedProperties", "unevaluatedItems")  # fmt: skip


def schema_document(data: dict[str, Any], operations: list[OperationCase]) -> dict[str, Any]:
    """The schemas the operations' response schemas refer to (transitively), without documentation."""
    document = json_schema_document(data)
    pending = [ref_pointer(case.response_schema["$ref"]) for case in operations if case.response_schema]
    sparse: dict[str, Any] = {}
    seen: set[str] = set()
    while pending:
        pointer = pending.pop(0)
        if pointer in seen:
            continue
        seen.add(pointer)
        try:
            schema = _strip(jp.resolve(document, pointer))
        except (KeyError, ValueError):
            continue
        _place(sparse, jp.split(pointer), schema)
        pending.extend(ref_pointer(ref) for ref in _all_refs(schema))
    return sparse


def _strip(schema: Any) -> Any:
    """A schema without annotations (descriptions, examples, vendor extensions)."""
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DOC_KEYS or key.startswith("x-"):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            result[key] = {name: _strip(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            result[key] = [_strip(sub) for sub in value]
        elif key in _SCHEMA_VALUES and isinstance(value, dict):
            result[key] = _strip(value)
        else:
            result[key] = value
    return result


def _all_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
            yield node["$ref"]
        for value in node.values():
            yield from _all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_refs(value)


def _place(document: dict[str, Any], parts: list[str], value: Any) -> None:
    node = document
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    if parts:
        node[parts[-1]] = value
