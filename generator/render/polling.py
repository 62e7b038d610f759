"""Polling methods: ``poll`` repeats a retrieve until the object is final (``x-specgen-poll``);
``<create>_and_poll`` calls an operation, then polls what it created (an OpenAPI link).
"""

from __future__ import annotations

from generator.ir.model import LinkArgument, Operation
from generator.ir.typetree import ModelPlan, ModelRef, TypeNode, allows_null
from generator.render.filters import docstring, wrapped
from generator.render.layout import Assign as AssignStatement
from generator.render.layout import Attribute, Call, Docstring, Expr, FunctionDef, Name, Return, Starred, Statement
from generator.render.layout import Param as Parameter
from generator.render.methods import (
    EXTRA_HEADERS,
    EXTRA_QUERY,
    POLL_EXTRAS,
    PROSE,
    REQUEST_EXTRAS,
    SELF,
    TIMEOUT,
    MethodContext,
    awaited,
    data_expr,
    hint,
    keyword_parameter,
    signature,
    text_literal,
)


def poll_method(op: Operation, context: MethodContext) -> FunctionDef:
    polling = op.polling
    assert polling is not None
    params = (
        Parameter("self"),
        *(Parameter(p.name, hint(p, context)) for p in op.positional),
        Parameter("*"),
        *(keyword_parameter(p, context) for p in op.keyword_params),
        *POLL_EXTRAS,
        EXTRA_HEADERS,
        EXTRA_QUERY,
        TIMEOUT,
    )
    retrieve = Call(
        Name("partial"),
        (
            Attribute(Attribute(SELF, "with_raw_response"), op.name),
            *(Name(p.name) for p in op.positional),
            Starred(Name("arguments"), "**"),
        ),
        tuple((p.name, Name(p.name)) for p in op.keyword_params),
    )
    spec: list[tuple[str, Expr]] = [
        ("status", text_literal(polling.status)),
        ("terminal", Call(Name("frozenset"), (data_expr(sorted(polling.terminal)),))),
        ("interval_header", data_expr(polling.interval_header)),
        ("default_interval_ms", data_expr(polling.default_interval_ms)),
    ]
    if polling.pending:
        spec.append(("pending", Call(Name("frozenset"), (data_expr(sorted(polling.pending)),))))
    if polling.pending_count:
        spec.append(("pending_count", text_literal(polling.pending_count)))
    poller = Call(
        Name("async_poll" if context.is_async else "poll"),
        (SELF, retrieve, Call(Name("PollSpec"), kwargs=tuple(spec))),
        (("poll_interval_ms", Name("poll_interval_ms")), ("max_wait_seconds", Name("max_wait_seconds"))),
    )
    arguments = Call(
        Name("poll_arguments"), (Name("extra_headers"), Name("extra_query"), Name("timeout"), Name("poll_interval_ms"))
    )
    body: tuple[Statement, ...] = (
        Docstring(docstring(_poll_doc(op))),
        AssignStatement("arguments", arguments),
        Return(awaited(poller, context.is_async)),
    )
    returns = Name(op.response_model) if op.response_model else Name("Any")
    return FunctionDef(polling.method, params, returns, body, is_async=context.is_async)


def _poll_doc(op: Operation) -> str:
    polling = op.polling
    assert polling is not None
    first = f"Repeat ``{op.name}`` until ``{polling.status}`` is final ({', '.join(polling.terminal)})."
    if polling.pending_count:
        ends = (
            f"{', '.join(polling.pending)} keep polling; any other status, or none, ends polling once"
            f" ``{polling.pending_count}`` is 0."
        )
    else:
        ends = "Any other status, including one this client does not know yet, keeps polling."
    wait = (
        f" The wait between calls is ``poll_interval_ms``, else the server's ``{polling.interval_header or ''}``"
        f" header, else {polling.default_interval_ms} ms. Past ``max_wait_seconds`` it raises ``PollTimeoutError``"
        " carrying the last object seen."
    )
    return f"{wrapped(first, PROSE)}\n\n{wrapped(ends + wait, PROSE)}"


def and_poll_method(op: Operation, target: Operation, context: MethodContext) -> FunctionDef:
    link = op.poll_link
    assert link is not None
    params = (*signature(op, context)[: -len(REQUEST_EXTRAS)], *POLL_EXTRAS, *REQUEST_EXTRAS)
    created = Call(
        Attribute(SELF, op.name),
        tuple(Name(p.name) for p in op.positional),
        (
            *((p.name, Name(p.name)) for p in op.keyword_params),
            *((p.name, Name(p.name)) for p in REQUEST_EXTRAS),
        ),
    )
    response = Name(op.response_model) if op.response_model else None
    types = {p.name: p.type for p in target.all_params}
    values = [(a, link_value(a, response, types.get(a.name), context.models)) for a in link.arguments]
    polled = Call(
        Attribute(SELF, link.poll_method),
        tuple(value for argument, value in values if argument.positional),
        (
            *((argument.name, value) for argument, value in values if not argument.positional),
            ("poll_interval_ms", Name("poll_interval_ms")),
            ("max_wait_seconds", Name("max_wait_seconds")),
            *((p.name, Name(p.name)) for p in (EXTRA_HEADERS, EXTRA_QUERY, TIMEOUT)),
        ),
    )
    text = f"``{op.name}``, then ``{link.poll_method}`` until the new object reaches a final status."
    body: tuple[Statement, ...] = (
        Docstring(docstring(text), inline=True),
        AssignStatement("created", awaited(created, context.is_async)),
        Return(awaited(polled, context.is_async)),
    )
    returns = Name(target.response_model) if target.response_model else Name("Any")
    return FunctionDef(link.method, params, returns, body, is_async=context.is_async)


def link_value(argument: LinkArgument, response: Name | None, wanted: TypeNode | None, models: ModelPlan) -> Expr:
    """A linked call's argument: the caller's argument, or the member of the created object (of class
    ``response``) the link points at, read as an attribute when every step is a required, non-null
    member and the last one has the type the parameter ``wanted``; else ``pointer_value(created, ...)``."""
    if argument.source != "response":
        return Name(argument.value)
    created = Name("created")
    path = _attribute_path(response.text if response else None, argument.value, wanted, models)
    if path is None:
        return Call(Name("pointer_value"), (created, text_literal(argument.value)))
    value: Expr = created
    for attr in path:
        value = Attribute(value, attr)
    return value


def _attribute_path(model: str | None, pointer: str, wanted: TypeNode | None, models: ModelPlan) -> list[str] | None:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")] if pointer else []
    path: list[str] = []
    current: TypeNode | None = ModelRef(model) if model else None
    for token in tokens:
        found = models.model(current.name) if isinstance(current, ModelRef) else None
        member = next((f for f in found.fields if f.wire == token), None) if found else None
        if member is None or not member.required or allows_null(member.type):
            return None
        path.append(member.name)
        current = member.type
    return path if path and current == wanted else None
