"""One operation's methods as layout trees: the request method, its streaming twin, polling.

Like the official SDK's resources, each method holds its whole request: the HTTP method and path
(``Endpoint("POST", "/things/{id}", ...)``), the parameters with their checks
(``Param("limit", location="query", schema={...})``), and how the response is read. Arguments
are keyword-only after the path parameters; docstrings carry the spec's prose, wrapped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from generator.ir.model import LinkArgument, Operation, Param
from generator.ir.typetree import ModelPlan, ModelRef, TypeNode, allows_null
from generator.render.filters import docstring, python_literal, wrapped
from generator.render.layout import Assign as AssignStatement
from generator.render.layout import (
    Attribute,
    BinOp,
    Call,
    DictExpr,
    Docstring,
    Expr,
    FunctionDef,
    ListExpr,
    Literal,
    Name,
    Return,
    Starred,
    Statement,
    Subscript,
    TupleExpr,
    UnaryOp,
)
from generator.render.layout import Param as Parameter
from generator.render.pytypes import Speller
from generator.render.returns import cast_target, event_parser, reading, stream_type

#: Width of docstring prose at a method body's indentation (8): black's line length less the indentation.
_PROSE = 112
_NONE = Name("None")
_OMIT = Name("Omit")


def _mapping_of(value: Expr) -> Expr:
    return Subscript(Name("Mapping"), (Name("str"), value))


_EXTRA_HEADERS = Parameter("extra_headers", BinOp("|", (_mapping_of(BinOp("|", (Name("str"), _OMIT))), _NONE)), _NONE)
_EXTRA_QUERY = Parameter("extra_query", BinOp("|", (_mapping_of(Name("object")), _NONE)), _NONE)
_EXTRA_BODY = Parameter("extra_body", BinOp("|", (_mapping_of(Name("object")), _NONE)), _NONE)
_TIMEOUT = Parameter("timeout", BinOp("|", (Name("Timeout"), Name("NotGiven"))), Name("not_given"))
_MAX_RETRIES = Parameter("max_retries", BinOp("|", (Name("int"), Name("NotGiven"))), Name("not_given"))
_REQUEST_EXTRAS = (_EXTRA_HEADERS, _EXTRA_QUERY, _EXTRA_BODY, _TIMEOUT, _MAX_RETRIES)
_POLL_EXTRAS = (
    Parameter("poll_interval_ms", BinOp("|", (Name("int"), _OMIT)), Name("omit")),
    Parameter("max_wait_seconds", BinOp("|", (Name("float"), _NONE)), _NONE),
)
_EXTRA_DOCS = (
    ("extra_headers", "Send extra headers; a value of ``omit`` removes a header."),
    ("extra_query", "Add additional query parameters to the request."),
    ("extra_body", "Add additional JSON members to the request body."),
    ("timeout", "Override the client-level timeout for this request, in seconds."),
    ("max_retries", "Override the client-level number of retries for this request."),
)
_SELF = Name("self")


@dataclass(frozen=True)
class MethodContext:
    """What spelling a resource's methods needs besides the operation."""

    speller: Speller  # argument hints (its imports collect the names they use)
    models: ModelPlan  # for links between operations: response members read as attributes
    is_async: bool


def operation_methods(op: Operation, siblings: tuple[Operation, ...], context: MethodContext) -> list[FunctionDef]:
    """``op``'s methods in class order: the request, its streaming twin, its polling methods."""
    methods = [_request_method(op, context)]
    if op.streaming and op.streaming.method != op.name:
        methods.append(_streaming_method(op, context))
    if op.polling:
        methods.append(_poll_method(op, context))
    if op.poll_link:
        target = next(o for o in siblings if o.polling and o.polling.method == op.poll_link.poll_method)
        methods.append(_and_poll_method(op, target, context))
    return methods


# ---------------------------------------------------------------- the request method


def _request_method(op: Operation, context: MethodContext) -> FunctionDef:
    found = reading(op)
    is_async = context.is_async
    if op.pagination:
        assert op.pagination is not None
        cursor = Call(
            Name("CursorSpec"),
            kwargs=(
                ("items", _text(op.pagination.items)),
                ("has_more", _data(op.pagination.has_more)),
                ("cursor_param", _text(op.pagination.cursor_param)),
                ("cursor_field", _text(op.pagination.cursor_field)),
            ),
        )
        model = Name(op.response_model) if op.response_model else Name("Any")
        call = _client_call("page", (endpoint(op), model, Name(op.pagination.item_model), cursor), op)
        return _method(
            op.name,
            _signature(op, context),
            found.async_returns if is_async else found.returns,
            (
                _doc(_operation_doc(op)),
                Return(call),
            ),
        )
    kind = "call_stream" if op.response_kind == "stream" else "call"
    assert found.parse is not None
    value: Expr = _awaited(_client_call(kind, (endpoint(op), found.parse), op), is_async)
    if found.cast:
        value = Call(Name("cast"), (cast_target(found.returns), value))
    returns = found.async_returns if is_async else found.returns
    body = (_doc(_operation_doc(op)), Return(value))
    return _method(op.name, _signature(op, context), returns, body, is_async=is_async)


def _streaming_method(op: Operation, context: MethodContext) -> FunctionDef:
    assert op.streaming is not None
    flag = op.streaming.flag
    sends = f": sends `{flag}=true`" if flag else ""
    loop = "async for" if context.is_async else "for"
    text = "\n\n".join(
        (
            wrapped(f"``{op.name}``, answered as a stream of server-sent events{sends}.", _PROSE),
            wrapped(
                f"Iterate the result (``{loop} event in ...``) to get each event as it arrives; use it as a context"
                f" manager to close the connection early. The arguments are those of ``{op.name}``.",
                _PROSE,
            ),
        )
    )
    call = _client_call("call_stream", (endpoint(op), event_parser(op)), op, streaming=True)
    return _method(
        op.streaming.method,
        _signature(op, context, streaming=True),
        stream_type(op, context.is_async),
        (Docstring(docstring(text)), Return(_awaited(call, context.is_async))),
        is_async=context.is_async,
    )


def _signature(op: Operation, context: MethodContext, *, streaming: bool = False) -> tuple[Parameter, ...]:
    keyword = op.stream_params if streaming else op.keyword_params
    return (
        Parameter("self"),
        *(Parameter(p.name, _hint(p, context)) for p in op.positional),
        Parameter("*"),
        *(_keyword(p, context) for p in keyword),
        *_REQUEST_EXTRAS,
    )


def _hint(param: Param, context: MethodContext) -> Expr:
    return context.speller.argument(param.type)


def _keyword(param: Param, context: MethodContext) -> Parameter:
    hint = _hint(param, context)
    if param.required:
        return Parameter(param.name, hint)
    return Parameter(param.name, optional(hint), Name("omit"))


def optional(hint: Expr) -> Expr:
    """The hint of an optional argument: ``Omit`` added, ``None`` kept last."""
    members = hint.operands if isinstance(hint, BinOp) and hint.op == "|" else (hint,)
    if members[-1] == _NONE and len(members) > 1:
        return BinOp("|", (*members[:-1], _OMIT, _NONE))
    return BinOp("|", (*members, _OMIT))


def _client_call(kind: str, arguments: tuple[Expr, ...], op: Operation, *, streaming: bool = False) -> Call:
    """``self._client.<kind>(..., params={...}, body={...}, options=RequestOptions(...))``."""
    params = DictExpr(tuple((_text(p.name), Name(p.name)) for p in op.wire_params))
    flag = op.streaming.flag if (streaming and op.streaming) else None
    members = tuple(
        (_text(p.wire), Name("True") if (p.location == "body" and p.wire == flag) else Name(p.name))
        for p in (op.body.arguments if op.body else ())
    )
    options = Call(Name("RequestOptions"), tuple(Name(p.name) for p in _REQUEST_EXTRAS))
    return Call(
        Attribute(Attribute(_SELF, "_client"), kind),
        arguments,
        (("params", params), ("body", DictExpr(members)), ("options", options)),
    )


def endpoint(op: Operation) -> Call:
    """``Endpoint(method, path, ...)``: what the runtime needs to build and check the request."""
    keywords: list[tuple[str, Expr]] = []
    if op.wire_params:
        keywords.append(("params", TupleExpr(tuple(_param(p, p.location) for p in op.wire_params))))
    if op.default_headers:
        keywords.append(("headers", _data(dict(op.default_headers))))
    body = op.body
    if body is not None:
        if body.model:
            keywords.append(("body", Name(body.model)))
        if body.required:
            keywords.append(("body_required", Name("True")))
        if body.kind != "json":
            keywords.append(("body_kind", _text(body.kind)))
        if body.content_type != "application/json":
            keywords.append(("content_type", _text(body.content_type)))
        if body.checks:
            keywords.append(("body_checks", _data(body.checks)))
        if body.kind in ("multipart", "form"):
            keywords.append(("body_params", TupleExpr(tuple(_param(p, "body") for p in body.fields))))
        if body.whole is not None and body.kind == "json":
            keywords.append(("whole_body", Name("True")))
    if op.fixed_query:
        keywords.append(("fixed_query", _data(tuple(op.fixed_query))))
    if op.security is not None:
        keywords.append(("security", _data(tuple(op.security))))
    return Call(Name("Endpoint"), (_text(op.http_method), _text(op.path)), tuple(keywords))


def _param(param: Param, location: str) -> Call:
    keywords: list[tuple[str, Expr]] = [("location", _text(location))]
    if param.wire != param.name:
        keywords.append(("wire", _text(param.wire)))
    if param.required:
        keywords.append(("required", Name("True")))
    if param.schema:
        keywords.append(("schema", _data(param.schema)))
    if param.style:
        keywords.append(("style", _text(param.style)))
    if param.explode is not None:
        keywords.append(("explode", _data(param.explode)))
    if param.media_type:
        keywords.append(("media_type", _text(param.media_type)))
    return Call(Name("Param"), (_text(param.name),), tuple(keywords))


# ---------------------------------------------------------------- polling


def _poll_method(op: Operation, context: MethodContext) -> FunctionDef:
    polling = op.polling
    assert polling is not None
    params = (
        Parameter("self"),
        *(Parameter(p.name, _hint(p, context)) for p in op.positional),
        Parameter("*"),
        *(_keyword(p, context) for p in op.keyword_params),
        *_POLL_EXTRAS,
        _EXTRA_HEADERS,
        _EXTRA_QUERY,
        _TIMEOUT,
    )
    retrieve = Call(
        Name("partial"),
        (
            Attribute(Attribute(_SELF, "with_raw_response"), op.name),
            *(Name(p.name) for p in op.positional),
            Starred(Name("arguments"), "**"),
        ),
        tuple((p.name, Name(p.name)) for p in op.keyword_params),
    )
    spec: list[tuple[str, Expr]] = [
        ("status", _text(polling.status)),
        ("terminal", Call(Name("frozenset"), (_data(sorted(polling.terminal)),))),
        ("interval_header", _data(polling.interval_header)),
        ("default_interval_ms", _data(polling.default_interval_ms)),
    ]
    if polling.pending:
        spec.append(("pending", Call(Name("frozenset"), (_data(sorted(polling.pending)),))))
    if polling.pending_count:
        spec.append(("pending_count", _text(polling.pending_count)))
    poller = Call(
        Name("async_poll" if context.is_async else "poll"),
        (_SELF, retrieve, Call(Name("PollSpec"), kwargs=tuple(spec))),
        (("poll_interval_ms", Name("poll_interval_ms")), ("max_wait_seconds", Name("max_wait_seconds"))),
    )
    arguments = Call(
        Name("poll_arguments"), (Name("extra_headers"), Name("extra_query"), Name("timeout"), Name("poll_interval_ms"))
    )
    body: tuple[Statement, ...] = (
        Docstring(docstring(_poll_doc(op))),
        AssignStatement("arguments", arguments),
        Return(_awaited(poller, context.is_async)),
    )
    returns = Name(op.response_model) if op.response_model else Name("Any")
    return _method(polling.method, params, returns, body, is_async=context.is_async)


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
    return f"{wrapped(first, _PROSE)}\n\n{wrapped(ends + wait, _PROSE)}"


def _and_poll_method(op: Operation, target: Operation, context: MethodContext) -> FunctionDef:
    link = op.poll_link
    assert link is not None
    params = (*_signature(op, context)[: -len(_REQUEST_EXTRAS)], *_POLL_EXTRAS, *_REQUEST_EXTRAS)
    created = Call(
        Attribute(_SELF, op.name),
        tuple(Name(p.name) for p in op.positional),
        (
            *((p.name, Name(p.name)) for p in op.keyword_params),
            *((p.name, Name(p.name)) for p in _REQUEST_EXTRAS),
        ),
    )
    response = Name(op.response_model) if op.response_model else None
    types = {p.name: p.type for p in target.all_params}
    values = [(a, link_value(a, response, types.get(a.name), context.models)) for a in link.arguments]
    polled = Call(
        Attribute(_SELF, link.poll_method),
        tuple(value for argument, value in values if argument.positional),
        (
            *((argument.name, value) for argument, value in values if not argument.positional),
            ("poll_interval_ms", Name("poll_interval_ms")),
            ("max_wait_seconds", Name("max_wait_seconds")),
            *((p.name, Name(p.name)) for p in (_EXTRA_HEADERS, _EXTRA_QUERY, _TIMEOUT)),
        ),
    )
    text = f"``{op.name}``, then ``{link.poll_method}`` until the new object reaches a final status."
    body: tuple[Statement, ...] = (
        Docstring(docstring(text), inline=True),
        AssignStatement("created", _awaited(created, context.is_async)),
        Return(_awaited(polled, context.is_async)),
    )
    returns = Name(target.response_model) if target.response_model else Name("Any")
    return _method(link.method, params, returns, body, is_async=context.is_async)


def link_value(argument: LinkArgument, response: Name | None, wanted: TypeNode | None, models: ModelPlan) -> Expr:
    """A linked call's argument: the caller's argument, or the member of the created object (of class
    ``response``) the link points at, read as an attribute when every step is a required, non-null
    member and the last one has the type the parameter ``wanted``; else ``pointer_value(created, ...)``."""
    if argument.source != "response":
        return Name(argument.value)
    created = Name("created")
    path = _attribute_path(response.text if response else None, argument.value, wanted, models)
    if path is None:
        return Call(Name("pointer_value"), (created, _text(argument.value)))
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


# ---------------------------------------------------------------- pieces


def _method(
    name: str, params: tuple[Parameter, ...], returns: Expr, body: tuple[Statement, ...], *, is_async: bool = False
) -> FunctionDef:
    return FunctionDef(name, params, returns, body, is_async=is_async)


def _awaited(call: Expr, is_async: bool) -> Expr:
    return UnaryOp("await", call) if is_async else call


def _operation_doc(op: Operation) -> str:
    summary, description = op.summary.strip(), op.description.strip()
    parts = [wrapped(summary or description or op.name, _PROSE)]
    if summary and description:
        parts.append(wrapped(description, _PROSE))
    if op.deprecated:
        parts.append("Deprecated: the API marks this operation as deprecated.")
    arguments = [_argument_doc(p.name, p.description or p.wire) for p in op.all_params]
    arguments += [_argument_doc(name, text) for name, text in _EXTRA_DOCS]
    parts.append("Args:\n" + "\n\n".join(arguments))
    return "\n\n".join(parts)


def _argument_doc(name: str, text: str) -> str:
    """``  name: text``, wrapped, later lines two further in (the official SDK's form)."""
    lines = wrapped(f"{name}: {text.strip()}", _PROSE - 4).split("\n")
    return "\n".join(["  " + lines[0], *(("    " + line) if line.strip() else "" for line in lines[1:])])


def _doc(text: str) -> Docstring:
    return Docstring(docstring(text))


def _text(value: str) -> Literal:
    return Literal(python_literal(value))


def _data(value: Any) -> Expr:
    """Plain data (a schema, a header table) as an expression tree the layout engine can split."""
    if isinstance(value, dict):
        return DictExpr(tuple((_text(str(key)), _data(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ListExpr(tuple(_data(item) for item in value))
    if isinstance(value, tuple):
        return TupleExpr(tuple(_data(item) for item in value))
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return Call(Name("float"), (_text(str(value)),))
    return Literal(python_literal(value))
