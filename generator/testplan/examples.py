"""The examples a spec gives: of a media type, of a parameter, of a schema, and JSON in ``x-oaiMeta``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.media import is_json


def json_media(holder: Any, where: str) -> tuple[str, dict[str, Any] | None]:
    content = holder.get("content") if isinstance(holder, dict) else None
    if not isinstance(content, dict):
        return "", None
    for media_type, media in content.items():
        if is_json(str(media_type)) and isinstance(media, dict):
            return jp.child(jp.child(where, "content"), str(media_type)), media
    return "", None


def media_examples(media: dict[str, Any], spec: Spec) -> Iterator[tuple[str, Any]]:
    """(name, value) of a media type's (or parameter's) ``example`` and ``examples`` (external values skipped)."""
    if "example" in media:
        yield "example", media["example"]
    examples = media.get("examples")
    for name, example in examples.items() if isinstance(examples, dict) else []:
        example = spec.resolve(example)
        if isinstance(example, dict) and "value" in example and "$ref" not in example:
            yield str(name), example["value"]


def meta_json(meta: Any, key: str) -> Iterator[Any]:
    """JSON objects and arrays in the strings found under ``key`` anywhere in an ``x-oaiMeta`` value."""
    stack = [meta]
    while stack:
        node = stack.pop(0)
        if isinstance(node, dict):
            for name, value in node.items():
                if name == key and isinstance(value, str):
                    try:
                        parsed = json.loads(value)
                    except ValueError:
                        continue
                    if isinstance(parsed, (dict, list)):
                        yield parsed
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def param_examples(param: dict[str, Any], spec: Spec) -> Iterator[Any]:
    """A parameter's ``example`` and ``examples`` values (they have a media type's form)."""
    return (value for _, value in media_examples(param, spec))


def schema_examples(schema: dict[str, Any]) -> Iterator[Any]:
    if "example" in schema:
        yield schema["example"]
    if isinstance(schema.get("examples"), list):
        yield from schema["examples"]
