"""Media types: their base type, which are JSON, and the JSON schema of a ``content`` map."""

from __future__ import annotations

from typing import Any

from generator.spec import pointer as jp


def base_type(media_type: str) -> str:
    """``type/subtype`` without parameters, lower case."""
    return media_type.split(";", maxsplit=1)[0].strip().lower()


def is_json(media_type: str) -> bool:
    """``application/json`` or a ``+json`` type (``application/vnd.x+json``)."""
    base = base_type(media_type)
    return base == "application/json" or base.endswith("+json")


def json_schema_pointer(content: Any, pointer: str) -> str:
    """Pointer of the schema of the JSON media type of the ``content`` map at ``pointer`` ("" when
    none): ``application/json`` first, then other JSON types, then any type naming json."""
    if not isinstance(content, dict):
        return ""
    names = [name for name in content if isinstance(name, str)]
    ordered = [n for n in names if base_type(n) == "application/json"]
    ordered += [n for n in names if is_json(n) and n not in ordered]
    ordered += [n for n in names if "json" in n.lower() and n not in ordered]
    for name in ordered:
        media = content[name]
        if isinstance(media, dict) and "schema" in media:
            return jp.child(jp.child(jp.child(pointer, "content"), name), "schema")
    return ""
