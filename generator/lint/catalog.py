"""Every example of a document, paired with the schema it must satisfy.

Standard places: a schema's ``example``/``examples``; a media type's, parameter's or
header's ``example``/``examples`` (Example Objects, ``$ref`` followed). Vendor places: JSON
strings in extensions (see :mod:`generator.lint.embedded`), parsed strictly and, failing
that, leniently; an operation's response example is checked against its success response
schema, a schema's extension example against the schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.lint.embedded import Embedded
from generator.lint.jsontext import Parsed, parse, positions
from generator.lint.positions import text_position
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.walk import parameters, request_body, request_schema, responses, success_schema

_FORM = re.compile(r"\((?:multipart/[^)]*|application/x-www-form-urlencoded)\)$")


@dataclass(frozen=True)
class Example:
    """An example value at ``pointer``, to be valid under the schema at ``schema_pointer``.

    ``embedded`` is set for JSON found in a string (``value`` is then the parsed content);
    ``schema_pointer`` is empty when no schema applies (only strictness is checked).
    """

    pointer: str
    value: Any
    schema_pointer: str
    label: str
    embedded: Embedded | None = None
    parsed: Parsed | None = None
    textual: bool = False  # sent as text (a form field, a parameter): "2.5" spells the number 2.5


def collect(spec: Spec, embedded: list[Embedded]) -> list[Example]:
    """All examples of the document, in a stable order."""
    found = list(_schema_examples(spec))
    found += _media_examples(spec)
    found += _embedded_examples(spec, embedded)
    return found


def _schema_examples(spec: Spec) -> Iterator[Example]:
    for site in spec.index.schemas:
        schema = site.schema
        if "example" in schema:
            yield Example(jp.child(site.pointer, "example"), schema["example"], site.pointer, "schema example")
        values = schema.get("examples")
        if isinstance(values, list):
            base = jp.child(site.pointer, "examples")
            for index, value in enumerate(values):
                yield Example(jp.child(base, index), value, site.pointer, "schema example")


def _media_examples(spec: Spec) -> list[Example]:
    """Examples of media types, parameters and headers reachable from the operations."""
    seen: set[str] = set()
    found: list[Example] = []

    def holder(node: Any, pointer: str, label: str, schema_key: str = "schema") -> None:
        node, pointer = spec.follow(node, pointer)
        if not isinstance(node, dict) or pointer in seen:
            return
        seen.add(pointer)
        if schema_key in node:
            textual = label.startswith(("parameter ", "header ")) or _FORM.search(label) is not None
            found.extend(_holder_examples(spec, node, pointer, jp.child(pointer, schema_key), label, textual=textual))
        content = node.get("content")
        if isinstance(content, dict):
            for media, media_node in content.items():
                holder(media_node, jp.child(jp.child(pointer, "content"), media), f"{label} ({media})")
        headers = node.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                holder(header, jp.child(jp.child(pointer, "headers"), name), f"header {name} example")

    for op in spec.operations:
        for parameter in parameters(spec, op):
            holder(parameter.node, parameter.pointer, f"parameter {parameter.name} example")
        body = request_body(spec, op)
        if body is not None:
            holder(*body, "request example")
        for response in responses(spec, op):
            holder(response.node, response.pointer, f"{response.status} response example")
    return found


def _holder_examples(
    spec: Spec, node: dict[str, Any], pointer: str, schema: str, label: str, *, textual: bool
) -> list[Example]:
    found = []
    if "example" in node:
        found.append(Example(jp.child(pointer, "example"), node["example"], schema, label, textual=textual))
    examples = node.get("examples")
    if isinstance(examples, dict):
        for name, example in examples.items():
            value, where = spec.follow(example, jp.child(jp.child(pointer, "examples"), name))
            if isinstance(value, dict) and "value" in value:
                found.append(
                    Example(jp.child(where, "value"), value["value"], schema, f"{label} `{name}`", textual=textual)
                )
    return found


def _embedded_examples(spec: Spec, embedded: list[Embedded]) -> list[Example]:
    found = []
    for item in embedded:
        if item.kind != "json":
            continue
        parsed = parse(item.text)
        schema = ""
        label = "example"
        if item.role == "schema" and item.schema is not None:
            schema, label = item.schema.pointer, "schema example"
        elif item.role == "response" and item.operation is not None:
            schema, label = success_schema(spec, item.operation), "response example"
        elif item.role == "request" and item.operation is not None:
            schema, label = request_schema(spec, item.operation), "request example"
        found.append(Example(item.pointer, parsed.value, schema, label, item, parsed))
    return found


def schema_name(spec: Spec, pointer: str) -> str:
    """A readable name for the schema at ``pointer``: the component it is or refers to."""
    _, target = spec.follow(spec.get(pointer), pointer)
    parts = jp.split(target or pointer)
    if len(parts) >= 3 and parts[:2] == ["components", "schemas"]:
        return "`" + "/".join(parts[2:]) + "`"
    return "its schema"


def locate_inner(spec: Spec, example: Example, inner: str) -> tuple[str, tuple[int, int] | None]:
    """Pointer and position of ``inner`` (a path inside the example) in the input file."""
    if example.embedded is None:
        pointer = example.pointer + inner
        while inner and spec.get(pointer) is None and not jp.exists(spec.data, pointer):
            inner = inner[: inner.rfind("/")]
            pointer = example.pointer + inner
        return pointer, None
    text = example.embedded.text
    places = positions(text)
    probe = inner
    while probe not in places and probe:
        probe = probe[: probe.rfind("/")]
    found = places.get(probe)
    if found is None:
        return example.pointer, None
    return example.pointer, text_position(spec, example.pointer, text, *found)
