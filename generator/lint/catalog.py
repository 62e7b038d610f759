"""Every example of a document, paired with the schema it must satisfy.

Standard places: a schema's ``example``/``examples``; a media type's, parameter's or
header's ``example``/``examples`` (Example Objects, ``$ref`` followed). Vendor places: JSON
strings in extensions (see :mod:`generator.lint.embedded`), parsed strictly and, failing
that, leniently; an operation's response example is checked against its success response
schema, a schema's extension example against the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator import pointer as jp
from generator.lint.jsontext import Parsed, parse, positions
from generator.lint.walk import Operation

if TYPE_CHECKING:
    from generator.lint.context import LintContext
    from generator.lint.embedded import Embedded


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


def collect(ctx: LintContext) -> list[Example]:
    """All examples of the document, in a stable order."""
    found = list(_schema_examples(ctx))
    found += _media_examples(ctx)
    found += _embedded_examples(ctx)
    return found


def _schema_examples(ctx: LintContext) -> Iterator[Example]:
    for site in ctx.schemas:
        schema = site.schema
        if "example" in schema:
            yield Example(jp.child(site.pointer, "example"), schema["example"], site.pointer, "schema example")
        values = schema.get("examples")
        if isinstance(values, list):
            base = jp.child(site.pointer, "examples")
            for index, value in enumerate(values):
                yield Example(jp.child(base, index), value, site.pointer, "schema example")


def _media_examples(ctx: LintContext) -> list[Example]:
    """Examples of media types, parameters and headers reachable from the operations."""
    seen: set[str] = set()
    found: list[Example] = []

    def holder(node: Any, pointer: str, label: str, schema_key: str = "schema") -> None:
        node, pointer = ctx.deref(node, pointer)
        if not isinstance(node, dict) or pointer in seen:
            return
        seen.add(pointer)
        if schema_key in node:
            found.extend(_holder_examples(ctx, node, pointer, jp.child(pointer, schema_key), label))
        content = node.get("content")
        if isinstance(content, dict):
            for media, media_node in content.items():
                holder(media_node, jp.child(jp.child(pointer, "content"), media), f"{label} ({media})")
        headers = node.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                holder(header, jp.child(jp.child(pointer, "headers"), name), f"header {name} example")

    for op in ctx.operations:
        for index, parameter in enumerate(_parameters(op)):
            where, node = parameter
            name = node.get("name") if isinstance(node, dict) else None
            holder(node, where, f"parameter {name or index} example")
        body = op.node.get("requestBody")
        if body is not None:
            holder(body, jp.child(op.pointer, "requestBody"), "request example")
        responses = op.node.get("responses")
        if isinstance(responses, dict):
            for status, response in responses.items():
                holder(response, jp.child(jp.child(op.pointer, "responses"), status), f"{status} response example")
    return found


def _parameters(op: Operation) -> list[tuple[str, Any]]:
    path_pointer = op.pointer.rsplit("/", 1)[0]
    result: list[tuple[str, Any]] = []
    for base, node in ((path_pointer, op.path_item), (op.pointer, op.node)):
        parameters = node.get("parameters")
        if isinstance(parameters, list):
            result += [(jp.child(jp.child(base, "parameters"), i), p) for i, p in enumerate(parameters)]
    return result


def _holder_examples(ctx: LintContext, node: dict[str, Any], pointer: str, schema: str, label: str) -> list[Example]:
    found = []
    if "example" in node:
        found.append(Example(jp.child(pointer, "example"), node["example"], schema, label))
    examples = node.get("examples")
    if isinstance(examples, dict):
        for name, example in examples.items():
            value, where = ctx.deref(example, jp.child(jp.child(pointer, "examples"), name))
            if isinstance(value, dict) and "value" in value:
                found.append(Example(jp.child(where, "value"), value["value"], schema, f"{label} `{name}`"))
    return found


def _embedded_examples(ctx: LintContext) -> list[Example]:
    found = []
    for item in ctx.embedded:
        if item.kind != "json":
            continue
        parsed = parse(item.text)
        schema = ""
        label = "example"
        if item.role == "schema" and item.schema is not None:
            schema, label = item.schema.pointer, "schema example"
        elif item.role == "response" and item.operation is not None:
            schema, label = success_schema(ctx, item.operation), "response example"
        elif item.role == "request" and item.operation is not None:
            schema, label = request_schema(ctx, item.operation), "request example"
        found.append(Example(item.pointer, parsed.value, schema, label, item, parsed))
    return found


def json_media(content: Any, pointer: str) -> str:
    """Pointer of the JSON media type's schema in a ``content`` map ("" when none)."""
    if not isinstance(content, dict):
        return ""
    names = [name for name in content if isinstance(name, str)]
    ordered = [n for n in names if n.split(";")[0].strip() == "application/json"]
    ordered += [n for n in names if "json" in n and n not in ordered]
    for name in ordered:
        media = content[name]
        if isinstance(media, dict) and "schema" in media:
            return jp.child(jp.child(jp.child(pointer, "content"), name), "schema")
    return ""


def success_schema(ctx: LintContext, op: Operation) -> str:
    """Pointer of the JSON schema of the operation's first 2xx response ("" when none)."""
    responses = op.node.get("responses")
    if not isinstance(responses, dict):
        return ""
    for status in sorted(str(s) for s in responses):
        if status.startswith("2"):
            response, where = ctx.deref(responses.get(status), "")
            base = where or jp.child(jp.child(op.pointer, "responses"), status)
            found = json_media(response.get("content") if isinstance(response, dict) else None, base)
            if found:
                return found
    return ""


def request_schema(ctx: LintContext, op: Operation) -> str:
    """Pointer of the JSON schema of the operation's request body ("" when none)."""
    body, where = ctx.deref(op.node.get("requestBody"), "")
    if not isinstance(body, dict):
        return ""
    return json_media(body.get("content"), where or jp.child(op.pointer, "requestBody"))


def schema_name(ctx: LintContext, pointer: str) -> str:
    """A readable name for the schema at ``pointer``: the component it is or refers to."""
    node = ctx.resolve(pointer)
    _, target = ctx.deref(node, pointer)
    parts = jp.split(target or pointer)
    if len(parts) >= 3 and parts[:2] == ["components", "schemas"]:
        return "`" + "/".join(parts[2:]) + "`"
    return "its schema"


def locate_inner(ctx: LintContext, example: Example, inner: str) -> tuple[str, tuple[int, int] | None]:
    """Pointer and position of ``inner`` (a path inside the example) in the input file."""
    if example.embedded is None:
        pointer = example.pointer + inner
        while inner and not _exists(ctx, pointer):
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
    return example.pointer, ctx.text_position(example.pointer, text, *found)


def _exists(ctx: LintContext, pointer: str) -> bool:
    try:
        jp.resolve(ctx.data, pointer)
    except (KeyError, ValueError):
        return False
    return True
