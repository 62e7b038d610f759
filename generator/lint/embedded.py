"""Examples and code samples that live in strings of vendor extensions.

Documentation toolchains keep examples where OpenAPI linters do not look: ``x-oaiMeta``
(``examples.response`` JSON strings, ``examples.request.curl|python|...`` samples, a
schema's ``example``), Redocly's ``x-codeSamples`` (``lang`` + ``source``), and the like.
This module finds them generically: a string under any ``x-*`` key (except specgen's own)
that looks like JSON, or that a key or ``lang`` names as code. What it belongs to (an
operation, a schema, neither) and its role (response, request, schema example) come from
where it sits and from the keys on its way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.lint.jsontext import looks_like_json
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.walk import Operation, SchemaSite

LANGUAGES = {
    "curl": "shell",
    "shell": "shell",
    "bash": "shell",
    "sh": "shell",
    "console": "shell",
    "python": "python",
    "py": "python",
    "javascript": "javascript",
    "js": "javascript",
    "node": "javascript",
    "node.js": "javascript",
    "nodejs": "javascript",
    "typescript": "javascript",
    "ts": "javascript",
}
_OTHER_CODE = {"go", "java", "csharp", "c#", "ruby", "php", "kotlin", "swift", "rust", "dotnet", "cli"}


@dataclass(frozen=True)
class Embedded:
    """A string in a vendor extension: its pointer, text, keys from the extension down, and owner.

    ``kind`` is ``json`` or ``code``; ``role`` is ``response``, ``error-response``, ``request``
    or ``schema`` for JSON (``""`` when unknown); ``language`` is set for code.
    """

    pointer: str
    text: str
    keys: tuple[str, ...]
    kind: str
    role: str
    language: str
    operation: Operation | None
    schema: SchemaSite | None


def find_embedded(spec: Spec) -> list[Embedded]:
    """Every JSON or code string in the document's vendor extensions (not ``x-specgen-*``)."""
    operations = {op.pointer: op for op in spec.operations}
    schemas = {site.pointer: site for site in spec.index.schemas}
    found: list[Embedded] = []
    for holder, key, value in spec.index.extensions:
        if key.startswith("x-specgen-"):
            continue
        operation = operations.get(holder)
        schema = schemas.get(holder) if operation is None else None
        for pointer, keys, text, lang in _strings(value, jp.child(holder, key), (key,), None):
            language = _language(keys, lang, text)
            if language:
                found.append(Embedded(pointer, text, keys, "code", "", language, operation, schema))
            elif looks_like_json(text):
                role = _role(keys, operation, schema)
                found.append(Embedded(pointer, text, keys, "json", role, "", operation, schema))
    return found


def _strings(
    node: Any, pointer: str, keys: tuple[str, ...], lang: str | None
) -> Iterator[tuple[str, tuple[str, ...], str, str | None]]:
    if isinstance(node, str):
        yield pointer, keys, node, lang
    elif isinstance(node, dict):
        sample_lang = node.get("lang") if isinstance(node.get("lang"), str) else None
        for key, value in node.items():
            if isinstance(key, str):
                inner = sample_lang if key == "source" else None
                yield from _strings(value, jp.child(pointer, key), (*keys, key), inner)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, jp.child(pointer, index), (*keys, str(index)), None)


def _language(keys: tuple[str, ...], lang: str | None, text: str) -> str:
    """``shell``, ``python``, ``javascript``, ``other`` for code in another language, else ``""``."""
    name = (lang or keys[-1]).lower()
    if name in LANGUAGES:
        return LANGUAGES[name]
    if name in _OTHER_CODE:
        return "other"
    if lang is not None:
        return "other"
    if text.lstrip().startswith("curl "):
        return "shell"
    return ""


def _role(keys: tuple[str, ...], operation: Operation | None, schema: SchemaSite | None) -> str:
    lowered = [k.lower() for k in keys]
    if operation is not None:
        if any("error" in k for k in lowered):
            return "error-response"
        if any("response" in k for k in lowered):
            return "response"
        if any("request" in k for k in lowered):
            return "request"
        return ""
    if schema is not None:
        return "schema"
    return ""
