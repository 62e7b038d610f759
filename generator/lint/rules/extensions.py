"""specgen's own ``x-specgen-*`` extensions (docs/extensions.md): known, well placed, well formed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator import invariants
from generator import pointer as jp
from generator.ir.client_options import client_options
from generator.lint.catalog import success_schema
from generator.lint.context import LintContext
from generator.lint.instances import constant_of
from generator.lint.walk import Operation, SchemaSite

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PAGINATION_KEYS = {"style", "items", "has-more", "cursor-param", "cursor-field"}
_POLL_KEYS = {"method", "status", "terminal", "pending", "pending-count", "interval-header", "default-interval-ms"}
_CLIENT_KEYS = {"api-key-env", "base-url-env", "options"}


class _Checker:
    """Checks one extension value; ``problem`` reports at a pointer below the extension."""

    def __init__(self, ctx: LintContext, pointer: str, key: str) -> None:
        self.ctx = ctx
        self.pointer = pointer
        self.key = key

    def problem(self, message: str, *below: str | int) -> None:
        pointer = self.pointer
        for part in below:
            pointer = jp.child(pointer, part)
        self.ctx.report("specgen-extension", pointer, f"`{self.key}`: {message}")

    def mapping(self, value: Any, allowed: set[str], required: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem("must be a mapping")
            return None
        for name in value:
            if name not in allowed:
                self.problem(f"unknown key `{name}` (allowed: {', '.join(sorted(allowed))})", name)
        for name in sorted(required - set(value)):
            self.problem(f"missing key `{name}`")
        return value

    def string(self, value: Any, pattern: re.Pattern[str], what: str, *below: str | int) -> bool:
        if not isinstance(value, str) or not pattern.match(value):
            self.problem(f"{value!r} is not {what}", *below)
            return False
        return True


def check(ctx: LintContext) -> None:
    """Report ``specgen-extension`` findings for every ``x-specgen-*`` key."""
    operations = {op.pointer: op for op in ctx.operations}
    handlers: dict[str, tuple[str, Callable[..., None]]] = {
        "x-specgen-client": ("the document root", _client),
        "x-specgen-resource": ("an operation", _resource),
        "x-specgen-method": ("an operation", _method),
        "x-specgen-pagination": ("an operation", _pagination),
        "x-specgen-poll": ("an operation", _poll),
        "x-specgen-name": ("a component schema", _name),
        "x-specgen-invariants": ("an object schema", _invariants),
        "x-specgen-aliases": ("a property with `const` or a one-value `enum`", _aliases),
    }
    for holder, key, value in ctx.index.extensions:
        if not key.startswith("x-specgen-"):
            continue
        checker = _Checker(ctx, jp.child(holder, key), key)
        entry = handlers.get(key)
        if entry is None:
            checker.problem(f"unknown specgen extension (known: {', '.join(sorted(handlers))}; see docs/extensions.md)")
            continue
        place, handler = entry
        operation = operations.get(holder)
        site = ctx.schema_at.get(holder)
        if place == "the document root":
            target: Any = holder == ""
        elif place == "an operation":
            target = operation
        elif place == "a component schema":
            target = (
                site if site is not None and site.parent is None and holder.startswith("/components/schemas/") else None
            )
        else:
            target = site
        if not target:
            checker.problem(f"belongs on {place}; it has no effect here")
            continue
        handler(checker, value, target)


def _client(checker: _Checker, value: Any, _: Any) -> None:
    found = checker.mapping(value, _CLIENT_KEYS, set())
    for key, item in (found or {}).items():
        if key in ("api-key-env", "base-url-env"):
            checker.string(item, _ENV, "an environment variable name", key)
    for problem in client_options(found or {})[1]:
        checker.problem(problem, "options")


def _resource(checker: _Checker, value: Any, _: Operation) -> None:
    checker.string(value, _DOTTED, "a dotted Python name such as `vector_stores.file_batches`")


def _method(checker: _Checker, value: Any, _: Operation) -> None:
    checker.string(value, _IDENTIFIER, "a Python identifier")


def _name(checker: _Checker, value: Any, _: SchemaSite) -> None:
    checker.string(value, _IDENTIFIER, "a Python class name")


def _response_properties(ctx: LintContext, op: Operation) -> dict[str, Any]:
    pointer = success_schema(ctx, op)
    node = ctx.deref(ctx.resolve(pointer))[0] if pointer else None
    return _properties(ctx, node)


def _properties(ctx: LintContext, node: Any, depth: int = 0) -> dict[str, Any]:
    node = ctx.deref(node)[0]
    if not isinstance(node, dict) or depth > 8:
        return {}
    result: dict[str, Any] = {}
    for part in node.get("allOf") or []:
        result.update(_properties(ctx, part, depth + 1))
    if isinstance(node.get("properties"), dict):
        result.update({k: ctx.deref(v)[0] for k, v in node["properties"].items()})
    return result


def _pagination(checker: _Checker, value: Any, op: Operation) -> None:
    found = checker.mapping(value, _PAGINATION_KEYS, {"style", "items", "cursor-param"})
    if found is None:
        return
    if "style" in found and found["style"] != "cursor":
        checker.problem(f"style {found['style']!r} is not supported (only `cursor`)", "style")
    ctx = checker.ctx
    properties = _response_properties(ctx, op)
    items = found.get("items")
    if isinstance(items, str) and properties:
        item_schema = properties.get(items)
        if not isinstance(item_schema, dict) or item_schema.get("type") not in ("array", None):
            checker.problem(f"the success response has no array property `{items}`", "items")
        elif "cursor-field" in found:
            item_properties = _properties(ctx, item_schema.get("items"))
            if item_properties and found["cursor-field"] not in item_properties:
                checker.problem(f"the items of `{items}` have no property `{found['cursor-field']}`", "cursor-field")
    has_more = found.get("has-more")
    if isinstance(has_more, str) and properties and has_more not in properties:
        checker.problem(f"the success response has no property `{has_more}`", "has-more")
    cursor = found.get("cursor-param")
    query = _query_parameters(ctx, op)
    if isinstance(cursor, str) and cursor not in query:
        checker.problem(f"`{cursor}` is not a query parameter of {op.label}", "cursor-param")


def _query_parameters(ctx: LintContext, op: Operation) -> set[str]:
    names: set[str] = set()
    for holder in (op.path_item, op.node):
        for parameter in holder.get("parameters") or []:
            parameter = ctx.deref(parameter)[0]
            if isinstance(parameter, dict) and parameter.get("in") == "query":
                names.add(str(parameter.get("name")))
    return names


def _poll(checker: _Checker, value: Any, op: Operation) -> None:
    found = checker.mapping(value, _POLL_KEYS, {"status", "terminal"})
    if found is None:
        return
    if "method" in found:
        checker.string(found["method"], _IDENTIFIER, "a Python identifier", "method")
    count = found.get("pending-count")
    if count is not None and (not isinstance(count, str) or not count.startswith("/")):
        checker.problem("must be a JSON pointer into the response, such as `/file_counts/in_progress`", "pending-count")
    interval = found.get("default-interval-ms")
    if interval is not None and (not isinstance(interval, int) or isinstance(interval, bool) or interval <= 0):
        checker.problem("must be a positive integer (milliseconds)", "default-interval-ms")
    properties = _response_properties(checker.ctx, op)
    status = found.get("status")
    status_schema = properties.get(status) if isinstance(status, str) else None
    if isinstance(status, str) and properties and status_schema is None:
        checker.problem(f"the success response has no property `{status}`", "status")
    enum = status_schema.get("enum") if isinstance(status_schema, dict) else None
    for key in ("terminal", "pending"):
        values = found.get(key)
        if key in found and (not isinstance(values, list) or not all(isinstance(v, str) for v in values)):
            checker.problem("must be a list of strings", key)
        elif isinstance(values, list) and isinstance(enum, list):
            for index, item in enumerate(values):
                if item not in enum:
                    checker.problem(f"`{item}` is not a value of `{status}` ({', '.join(map(str, enum))})", key, index)


def _invariants(checker: _Checker, value: Any, site: SchemaSite) -> None:
    if not isinstance(site.schema.get("properties"), dict):
        checker.problem("needs an object schema with `properties` to name")
        return
    try:
        invariants.from_schema(site.schema)
    except invariants.InvariantError as exc:
        checker.problem(str(exc))


def _aliases(checker: _Checker, value: Any, site: SchemaSite) -> None:
    constant = constant_of(site.schema)
    if constant is None:
        checker.problem("belongs on a property with `const` or a one-value `enum`")
        return
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        checker.problem("must be a list of strings")
        return
    for index, alias in enumerate(value):
        if alias == constant[0]:
            checker.problem(f"`{alias}` is the canonical value itself", index)
