"""Render the generated project's test suite (``tests/``) from the IR's test plan.

The test modules are fixed code (``generator/runtime/tests/``, copied); what they check comes
from ``tests/cases.json``, the plan
(:mod:`generator.testplan.model`) written as JSON here. Values JSON cannot hold (bytes, tuples,
NaN and infinities, objects with a ``$py`` member) are written as ``{"$py": kind, ...}``
objects, which ``tests/_support.py`` reads back, so every value arrives as the plan holds it.
Test data as JSON is what keeps generation fast: black never formats it (a Python literal of
the same data is most of black's work on a large spec), and spec text in it is never code.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.ir.model import ClientIR
from generator.render.runtime import emit, suite_runtime
from generator.testplan.model import Call, Edit, ExpectedRequest, Reply, TestPlan

TAG = "$py"


def render_tests(
    ir: ClientIR, plan: TestPlan, render: Callable[..., str], header: str, user_templates: Path | None = None
) -> dict[str, str]:
    """The files of ``tests/`` for ``ir``: ``cases.json`` (``plan``) rendered from ``tests_cases.json.jinja``,
    the fixed code copied from ``generator/runtime/tests/``."""
    document = cases_json(plan_document(plan, ir.package, header.removeprefix("# ")))
    context = {"package": ir.package, "cases_json": document}
    files = {"tests/cases.json": render("tests_cases.json.jinja", **context)}
    # The webhook tests only where there are webhooks (elsewhere they would be one more empty skip).
    runtime = tuple(f for f in suite_runtime() if ir.webhooks or f.output != "tests/test_webhooks.py")
    files.update(emit(runtime, header, user_templates, lambda template: render(template, **context)))
    return dict(sorted(files.items()))


def plan_document(plan: TestPlan, package: str, notice: str) -> dict[str, Any]:
    """The test plan as JSON-ready data (values encoded by :func:`encode`)."""
    return {
        "generated": notice,
        "package": package,
        "base_url": plan.base_url,
        "credentials": plan.credentials,
        "examples": [{"id": c.label, "model": c.model, "data": encode(c.data)} for c in plan.examples],
        "bases": {key: encode(value) for key, value in plan.bases.items()},
        "constraints": [
            {
                "id": c.label,
                "model": c.model,
                "base": c.base,
                "accepted": [_edit(e) for e in c.accepted],
                "rejected": [_edit(e) for e in c.rejected],
            }
            for c in plan.constraints
        ],
        "untestable": [{"id": o.label, "reason": o.reason} for o in plan.omissions],
        "webhooks": [
            {"id": c.label, "function": c.function, "model": c.model, "data": encode(c.data)} for c in plan.webhooks
        ],
        "operations": [
            {
                "id": c.label,
                "call": _call(c.call),
                "request": _request(c.request),
                "reply": _reply(c.reply),
                "response_schema": encode(c.response_schema),
            }
            for c in plan.operations
        ],
        "arguments": [
            {
                "id": c.label,
                "call": _call(c.call),
                "accepted": [_edit(e) for e in c.accepted],
                "rejected": [_edit(e) for e in c.rejected],
                "reply": _reply(c.reply),
            }
            for c in plan.arguments
        ],
        "schema_document": encode(plan.schema_document),
    }


def cases_json(document: dict[str, Any]) -> str:
    """``document`` as the text of ``tests/cases.json``: a value on one line when it fits in
    :data:`WIDTH` columns, else one member per line; key order kept; UTF-8 where it can be."""
    try:
        text = _layout(document, 0, ensure_ascii=False)
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON spec's escapes: keep it escaped
        text = _layout(document, 0, ensure_ascii=True)
    return text + "\n"


WIDTH = 100


def _layout(value: Any, indent: int, *, column: int | None = None, ensure_ascii: bool) -> str:
    """``value`` laid out at ``indent``, starting at ``column`` (after a member name; default ``indent``)."""
    if not isinstance(value, (list, dict)) or not value:  # on one line, however long
        return json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=False)
    flat = _flat(value, WIDTH - (indent if column is None else column), ensure_ascii)
    if flat is not None:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + _layout(item, indent + 2, ensure_ascii=ensure_ascii) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    members = []
    for key, item in value.items():
        name = json.dumps(key, ensure_ascii=ensure_ascii) + ": "
        laid = _layout(item, indent + 2, column=indent + 2 + len(name), ensure_ascii=ensure_ascii)
        members.append(pad + name + laid)
    return "{\n" + ",\n".join(members) + "\n" + " " * indent + "}"


def _flat(value: Any, limit: int, ensure_ascii: bool) -> str | None:
    """``json.dumps(value)`` when it is at most ``limit`` characters long, else None; stops reading
    ``value`` as soon as it is longer (the document of a large spec is tens of megabytes)."""
    # a scalar, or a mapping with keys json converts itself: dumped whole
    if not isinstance(value, (list, dict)) or (isinstance(value, dict) and not all(isinstance(k, str) for k in value)):
        text = json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=False)
        return text if len(text) <= limit else None
    parts: list[str] = []
    length = 2  # the brackets
    pairs = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for key, item in pairs:
        prefix = "" if key is None else json.dumps(key, ensure_ascii=ensure_ascii) + ": "
        length += len(prefix) + (2 if parts else 0)  # ", " between members
        part = _flat(item, limit - length, ensure_ascii)
        if part is None:
            return None
        parts.append(prefix + part)
        length += len(part)
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return opening + ", ".join(parts) + closing if length <= limit else None


def encode(value: Any) -> Any:
    """``value`` as JSON data; what JSON cannot hold becomes a ``{"$py": kind, ...}`` object."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {TAG: "float", "value": repr(value)}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {TAG: "tuple", "items": [encode(item) for item in value]}
    if isinstance(value, (bytes, bytearray)):
        return {TAG: "bytes", "base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        items = {str(key): encode(item) for key, item in value.items()}  # JSON data: names are strings
        return {TAG: "dict", "items": [[key, item] for key, item in items.items()]} if TAG in items else items
    raise TypeError(f"not plain data: {type(value).__name__}")


def _edit(edit: Edit) -> dict[str, Any]:
    result: dict[str, Any] = {"path": list(edit.path)}
    if edit.remove:
        result["remove"] = True
    else:
        result["value"] = encode(edit.value)
        if edit.repeat:
            result["repeat"] = edit.repeat
    return result


def _call(call: Call) -> dict[str, Any]:
    return {
        "resource": list(call.resource),
        "method": call.method,
        "positional": list(call.positional),
        "arguments": {name: encode(value) for name, value in call.arguments.items()},
    }


def _request(request: ExpectedRequest) -> dict[str, Any]:
    result: dict[str, Any] = {
        "method": request.method,
        "path": request.path,
        "query": [list(pair) for pair in request.query],
        "headers": [list(pair) for pair in request.headers],
        "body": encode(request.body),
        "has_body": request.has_body,
    }
    if request.form is not None:
        result["form"] = list(request.form)
    return result


def _reply(reply: Reply) -> dict[str, Any]:
    return {
        "status": reply.status,
        "body": encode(reply.body),
        "model": reply.model,
        "page_items": reply.page_items,
        "item_model": reply.item_model,
        "kind": reply.kind,
    }
