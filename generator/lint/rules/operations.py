"""Operations and paths: ids, responses, parameters, path templates, tags, servers, security."""

from __future__ import annotations

import re
from typing import Any

from generator.lint.context import LintContext
from generator.spec import pointer as jp
from generator.spec.oas import METHODS
from generator.spec.walk import Operation

_TEMPLATE = re.compile(r"\{([^{}]*)\}")
# RFC 3986 unreserved and reserved characters (what Spectral's operation-operationId-valid-in-url allows).
_URL_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*")


def check(ctx: LintContext) -> None:
    """Run the operation, path, tag, server and security rules."""
    paths = ctx.data.get("paths")
    if isinstance(paths, dict):
        for path in paths:
            path_keys(ctx, path)
        identical_paths(ctx, [path for path in paths if isinstance(path, str)])
    first_use: dict[str, str] = {}
    ids: dict[str, Operation] = {}
    for op in ctx.operations:
        operation_id(ctx, op, ids)
        success_response(ctx, op)
        parameters(ctx, op)
        if op.path:
            path_params(ctx, op)
        tags = op.node.get("tags")
        if isinstance(tags, list):
            for index, tag in enumerate(tags):
                if isinstance(tag, str):
                    first_use.setdefault(tag, jp.child(jp.child(op.pointer, "tags"), index))
    undefined_tags(ctx, first_use)
    servers(ctx)
    security(ctx)


def path_keys(ctx: LintContext, path: str) -> None:
    """``path-keys-no-trailing-slash``, ``path-not-include-query``, ``path-declarations-must-exist``."""
    pointer = jp.child("/paths", path)
    if len(path) > 1 and path.endswith("/"):
        ctx.report("path-keys-no-trailing-slash", pointer, f"path `{path}` ends with a slash")
    if "?" in path:
        ctx.report(
            "path-not-include-query",
            pointer,
            f"path `{path}` contains a query string; declare `in: query` parameters instead",
        )
    if "{}" in path:
        ctx.report("path-declarations-must-exist", pointer, f"path `{path}` has an empty `{{}}` template")


def identical_paths(ctx: LintContext, paths: list[str]) -> None:
    """``path-identical``: path templates that are the same once parameter names are set aside
    (``/orgs/{org}/items/{id}`` and ``/orgs/{org}/items/{item_id}``), which OpenAPI forbids."""
    methods: dict[str, set[str]] = {}
    for op in ctx.operations:
        if op.is_call:
            methods.setdefault(op.path, set()).add(op.method.upper())
    first: dict[str, str] = {}
    for path in paths:
        shape = _TEMPLATE.sub("{}", path)
        if "{}" not in shape or "?" in path:
            continue  # a key with a query string is `path-not-include-query`'s
        if shape not in first:
            first[shape] = path
            continue
        other = first[shape]
        shared = sorted(methods.get(path, set()) & methods.get(other, set()))
        why = (
            f"both have {', '.join(shared)}, so a server cannot tell which operation a request is for"
            if shared
            else "OpenAPI forbids this (tools keep one of them), and one resource gets two parameter names"
        )
        ctx.report(
            "path-identical",
            jp.child("/paths", path),
            f"path `{path}` differs from `{other}` only in the names of its parameters: {why}; merge them or "
            "give them different literal segments",
        )


def operation_id(ctx: LintContext, op: Operation, ids: dict[str, Operation]) -> None:
    """``operation-operationId``, ``operation-operationId-valid-in-url`` and ``operation-id-duplicate``."""
    value = op.operation_id
    if value is None:
        consequence = (
            "generated method names fall back to path and method"
            if op.is_call
            else "documentation links and generated webhook handler names have no stable name to use"
        )
        ctx.report("operation-operationId", op.pointer, f"{op.label} has no operationId; {consequence}")
        return
    if not _URL_SAFE.fullmatch(value):
        bad = "".join(dict.fromkeys(c for c in value if not _URL_SAFE.fullmatch(c)))
        ctx.report(
            "operation-operationId-valid-in-url",
            jp.child(op.pointer, "operationId"),
            f"operationId `{value}` contains {', '.join(repr(c) for c in bad)}, which URLs must escape: links "
            "and tools that put operationIds in URLs or file names break (use letters, digits, `-`, `_`, `.`)",
        )
    first = ids.setdefault(value, op)
    if first is not op and not _mirrored(first, op):
        ctx.report(
            "operation-id-duplicate",
            jp.child(op.pointer, "operationId"),
            f"operationId `{value}` is also used by {first.label}; generated methods would collide",
        )


def _mirrored(first: Operation, other: Operation) -> bool:
    """The same webhook listed under ``webhooks`` (OpenAPI 3.1) and ``x-webhooks`` (its 3.0 spelling,
    kept for 3.0 tools): one webhook, not two operations."""
    return {first.section, other.section} == {"webhooks", "x-webhooks"} and (first.key, first.method) == (
        other.key,
        other.method,
    )


def success_response(ctx: LintContext, op: Operation) -> None:
    """``operation-success-response``: at least one 2xx or 3xx (or ``2XX``/``3XX``) response."""
    responses = op.node.get("responses")
    codes = [str(code) for code in responses] if isinstance(responses, dict) else []
    if not any(code[:1] in ("2", "3") for code in codes):
        ctx.report(
            "operation-success-response",
            jp.child(op.pointer, "responses") if isinstance(responses, dict) else op.pointer,
            f"{op.label} declares no 2xx or 3xx response, so a client cannot type its result",
        )


def _parameters(ctx: LintContext, node: dict[str, Any], base: str) -> list[tuple[str, dict[str, Any]]]:
    items = node.get("parameters")
    if not isinstance(items, list):
        return []
    result = []
    for index, item in enumerate(items):
        value = ctx.deref(item)[0]
        if isinstance(value, dict):
            result.append((jp.child(jp.child(base, "parameters"), index), value))
    return result


def parameters(ctx: LintContext, op: Operation) -> None:
    """``operation-parameters``: the same name and location declared twice in one list."""
    for pointer_base, node in ((op.pointer, op.node), (op.pointer.rsplit("/", 1)[0], op.path_item)):
        if node is op.path_item and op.method != _first_method(op):
            continue  # path-level parameters are checked once per path
        seen: dict[tuple[str, str], str] = {}
        for pointer, parameter in _parameters(ctx, node, pointer_base):
            key = (str(parameter.get("name")), str(parameter.get("in")))
            if key[0] == "None":
                continue
            lookup = (key[0].lower(), key[1]) if key[1] == "header" else key
            if lookup in seen:
                ctx.report(
                    "operation-parameters",
                    pointer,
                    f"parameter `{key[0]}` in {key[1]} is declared twice (first at {seen[lookup]})",
                )
            else:
                seen[lookup] = pointer


def _first_method(op: Operation) -> str:
    return next((m for m in METHODS if isinstance(op.path_item.get(m), dict)), op.method)


def path_params(ctx: LintContext, op: Operation) -> None:
    """``path-params``: template variables and ``in: path`` parameters must match, and be required."""
    template = [name for name in _TEMPLATE.findall(op.path.split("?", 1)[0]) if name]
    declared: dict[str, tuple[str, dict[str, Any]]] = {}
    path_pointer = op.pointer.rsplit("/", 1)[0]
    for base, node in ((path_pointer, op.path_item), (op.pointer, op.node)):
        for pointer, parameter in _parameters(ctx, node, base):
            if parameter.get("in") == "path" and isinstance(parameter.get("name"), str):
                declared[parameter["name"]] = (pointer, parameter)
    for name in template:
        if name not in declared:
            ctx.report(
                "path-params",
                op.pointer,
                f"{op.label}: path variable `{{{name}}}` has no `in: path` parameter",
            )
    for name, (pointer, parameter) in declared.items():
        if name not in template:
            ctx.report(
                "path-params",
                pointer,
                f"{op.label}: path parameter `{name}` does not appear in the path template",
            )
        elif parameter.get("required") is not True:
            ctx.report("path-params", pointer, f"{op.label}: path parameter `{name}` must have `required: true`")
    duplicates = {name for name in template if template.count(name) > 1}
    for name in sorted(duplicates):
        ctx.report(
            "path-params", jp.child("/paths", op.path), f"path variable `{{{name}}}` appears twice in `{op.path}`"
        )


def undefined_tags(ctx: LintContext, first_use: dict[str, str]) -> None:
    """``tag-undefined``: once per tag, at its first use, in a spec that lists its tags at the top
    level (a spec without a top-level ``tags`` list is allowed to use tags it does not describe)."""
    tags = ctx.data.get("tags")
    if not isinstance(tags, list) or not tags:
        return
    defined = {t["name"] for t in tags if isinstance(t, dict) and isinstance(t.get("name"), str)}
    for tag, pointer in first_use.items():
        if tag not in defined:
            count = sum(1 for op in ctx.operations if isinstance(op.node.get("tags"), list) and tag in op.node["tags"])
            ctx.report(
                "tag-undefined",
                pointer,
                f"tag `{tag}` is used by {count} operation{'s' if count != 1 else ''} but is missing from the "
                f"top-level `tags`, which lists {len(defined)} other{'s' if len(defined) != 1 else ''} "
                "(so it has no description and no place in the order that list gives)",
            )


def servers(ctx: LintContext) -> None:
    """``oas3-api-servers`` and ``oas3-server-trailing-slash``."""
    listed = ctx.data.get("servers")
    if not isinstance(listed, list) or not listed:
        ctx.report("oas3-api-servers", "", "no `servers`: clients have no base URL to send requests to")
        return
    for index, server in enumerate(listed):
        url = server.get("url") if isinstance(server, dict) else None
        if isinstance(url, str) and len(url) > 1 and url.endswith("/"):
            ctx.report(
                "oas3-server-trailing-slash",
                jp.join(["servers", index, "url"]),
                f"server URL `{url}` ends with a slash, so joined paths get `//`",
            )


def security(ctx: LintContext) -> None:
    """``operation-security-defined``: every scheme named in a security requirement exists."""
    schemes = (ctx.data.get("components") or {}).get("securitySchemes")
    defined = set(schemes) if isinstance(schemes, dict) else set()
    holders: list[tuple[str, Any]] = [("", ctx.data.get("security"))]
    holders += [(op.pointer, op.node.get("security")) for op in ctx.operations]
    for base, requirements in holders:
        if not isinstance(requirements, list):
            continue
        for index, requirement in enumerate(requirements):
            if not isinstance(requirement, dict):
                continue
            for name in requirement:
                if name not in defined:
                    ctx.report(
                        "operation-security-defined",
                        jp.child(jp.child(jp.child(base, "security"), index), name),
                        f"security scheme `{name}` is not defined in `components.securitySchemes`",
                    )
