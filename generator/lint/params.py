"""What an operation accepts: parameter names and locations, declared headers, body properties."""

from __future__ import annotations

from typing import Any

from generator.lint.context import LintContext
from generator.spec.walk import Operation


def declared_headers(ctx: LintContext, op: Operation) -> set[str]:
    """Lower-cased header names the operation declares: header parameters and API-key headers."""
    names = {name.lower() for name, where in operation_parameters(ctx, op).items() if where == "header"}
    schemes = (ctx.data.get("components") or {}).get("securitySchemes")
    if isinstance(schemes, dict):
        for scheme in schemes.values():
            scheme = ctx.deref(scheme)[0]
            if isinstance(scheme, dict) and scheme.get("in") == "header" and isinstance(scheme.get("name"), str):
                names.add(scheme["name"].lower())
    return names


def operation_parameters(ctx: LintContext, op: Operation) -> dict[str, str]:
    """Parameter name -> location, path-level first, then the operation's own."""
    result: dict[str, str] = {}
    for holder in (op.path_item, op.node):
        parameters = holder.get("parameters")
        if isinstance(parameters, list):
            for parameter in parameters:
                parameter = ctx.deref(parameter)[0]
                if isinstance(parameter, dict) and isinstance(parameter.get("name"), str):
                    result[parameter["name"]] = str(parameter.get("in", ""))
    return result


def body_properties(ctx: LintContext, op: Operation) -> set[str] | None:
    """Top-level property names of the request body (any media type); None when they are open-ended.

    Form fields named with the ``[]`` array suffix (``include[]``) also count without it, as
    SDKs name them."""
    body = ctx.deref(op.node.get("requestBody"))[0]
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or not content:
        return set()
    names: set[str] = set()
    open_ended = False
    for media in content.values():
        schema = media.get("schema") if isinstance(media, dict) else None
        found = _property_names(ctx, schema, 0)
        if found is None:
            open_ended = True
        else:
            names |= found
    names |= {name[:-2] for name in names if name.endswith("[]")}
    return None if open_ended and not names else names


def _property_names(ctx: LintContext, schema: Any, depth: int) -> set[str] | None:
    schema = ctx.deref(schema)[0]
    if not isinstance(schema, dict) or depth > 8:
        return None
    names: set[str] = set()
    properties = schema.get("properties")
    if isinstance(properties, dict):
        names |= set(properties)
    found_any = isinstance(properties, dict)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for branch in schema.get(keyword) or []:
            inner = _property_names(ctx, branch, depth + 1)
            if inner is not None:
                names |= inner
                found_any = True
    return names if found_any else None


def nested_property_names(ctx: LintContext, op: Operation, depth: int = 4) -> set[str]:
    """Names of properties anywhere in the request body down to ``depth`` levels (through
    references, compositions, arrays and maps)."""
    body = ctx.deref(op.node.get("requestBody"))[0]
    content = body.get("content") if isinstance(body, dict) else None
    names: set[str] = set()
    stack: list[tuple[Any, int]] = []
    for media in content.values() if isinstance(content, dict) else []:
        if isinstance(media, dict):
            stack.append((media.get("schema"), 0))
    seen: set[int] = set()
    while stack:
        raw, level = stack.pop()
        schema = ctx.deref(raw)[0]
        if not isinstance(schema, dict) or id(schema) in seen or level > depth:
            continue
        seen.add(id(schema))
        properties = schema.get("properties")
        if isinstance(properties, dict):
            names.update(str(name) for name in properties)
            stack.extend((value, level + 1) for value in properties.values())
        for keyword in ("allOf", "oneOf", "anyOf"):
            members = schema.get(keyword)
            if isinstance(members, list):
                stack.extend((member, level) for member in members)
        for keyword in ("items", "additionalProperties"):
            stack.append((schema.get(keyword), level + 1))
    return names
