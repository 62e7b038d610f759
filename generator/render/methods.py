"""An operation's request method and its streaming twin as layout trees (polling: :mod:`.polling`).

Like the official SDK's resources, each method holds its whole request: the HTTP method and path
(``Endpoint("POST", "/things/{id}", ...)``), the parameters with their checks
(``Param("limit", location="query", schema={...})``), and how the response is read. Arguments
are keyword-only after the path parameters; docstrings carry the spec's prose, wrapped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from generator.ir.model import Operation, Param
from generator.ir.typetree import ModelPlan
from generator.render.filters import docstring, python_literal, wrapped
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
    Subscript,
    TupleExpr,
    UnaryOp,
)
from generator.render.layout import Param as Parameter
from generator.render.pytypes import Speller
from generator.render.returns import cast_target, event_parser, reading, stream_type

#: Width of docstring prose at a method body's indentation (8): black's line length less the indentation.
PROSE = 112
_NONE = Name("None")
_OMIT = Name("Omit")


def _mapping_of(value: Expr) -> Expr:
    return Subscript(Name("Mapping"), (Name("str"), value))


EXTRA_HEADERS = Parameter("extra_headers", BinOp("|", (_mapping_of(BinOp("|", (Name("str"), _OMIT))), _NONE)), _NONE)
EXTRA_QUERY = Parameter("extra_query", BinOp("|", (_mapping_of(Name("object")), _NONE)), _NONE)
_EXTRA_BODY = Parameter("extra_body", BinOp("|", (_mapping_of(Name("object")), _NONE)), _NONE)
TIMEOUT = Parameter("timeout", BinOp("|", (Name("Timeout"), Name("NotGiven"))), Name("not_given"))
_MAX_RETRIES = Parameter("max_retries", BinOp("|", (Name("int"), Name("NotGiven"))), Name("not_given"))
REQUEST_EXTRAS = (EXTRA_HEADERS, EXTRA_QUERY, _EXTRA_BODY, TIMEOUT, _MAX_RETRIES)
POLL_EXTRAS = (
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
SELF = Name("self")


@dataclass(frozen=True)
class MethodContext:
    """What spelling a resource's methods needs besides the operation."""

    speller: Speller  # argument hints (its imports collect the names they use)
    models: ModelPlan  # for links between operations: response members read as attributes
    is_async: bool


# ---------------------------------------------------------------- the request method


def request_method(op: Operation, context: MethodContext) -> FunctionDef:
    found = reading(op)
    is_async = context.is_async
    if op.pagination:
        assert op.pagination is not None
        cursor = Call(
            Name("CursorSpec"),
            kwargs=(
                ("items", text_literal(op.pagination.items)),
                ("has_more", data_expr(op.pagination.has_more)),
                ("cursor_param", text_literal(op.pagination.cursor_param)),
                ("cursor_field", text_literal(op.pagination.cursor_field)),
            ),
        )
        model = Name(op.response_model) if op.response_model else Name("Any")
        call = _client_call("page", (endpoint(op), model, Name(op.pagination.item_model), cursor), op)
        return FunctionDef(
            op.name,
            signature(op, context),
            found.async_returns if is_async else found.returns,
            (
                _doc(_operation_doc(op)),
                Return(call),
            ),
        )
    kind = "call_stream" if op.response_kind == "stream" else "call"
    assert found.parse is not None
    value: Expr = awaited(_client_call(kind, (endpoint(op), found.parse), op), is_async)
    if found.cast:
        value = Call(Name("cast"), (cast_target(found.returns), value))
    returns = found.async_returns if is_async else found.returns
    body = (_doc(_operation_doc(op)), Return(value))
    return FunctionDef(op.name, signature(op, context), returns, body, is_async=is_async)


def streaming_method(op: Operation, context: MethodContext) -> FunctionDef:
    assert op.streaming is not None
    flag = op.streaming.flag
    sends = f": sends `{flag}=true`" if flag else ""
    loop = "async for" if context.is_async else "for"
    text = "\n\n".join(
        (
            wrapped(f"``{op.name}``, answered as a stream of server-sent events{sends}.", PROSE),
            wrapped(
                f"Iterate the result (``{loop} event in ...``) to get each event as it arrives; use it as a context"
                f" manager to close the connection early. The arguments are those of ``{op.name}``.",
                PROSE,
            ),
        )
    )
    call = _client_call("call_stream", (endpoint(op), event_parser(op)), op, streaming=True)
    return FunctionDef(
        op.streaming.method,
        signature(op, context, streaming=True),
        stream_type(op, context.is_async),
        (Docstring(docstring(text)), Return(awaited(call, context.is_async))),
        is_async=context.is_async,
    )


def signature(op: Operation, context: MethodContext, *, streaming: bool = False) -> tuple[Parameter, ...]:
    keyword = op.stream_params if streaming else op.keyword_params
    return (
        Parameter("self"),
        *(Parameter(p.name, hint(p, context)) for p in op.positional),
        Parameter("*"),
        *(keyword_parameter(p, context) for p in keyword),
        *REQUEST_EXTRAS,
    )


def hint(param: Param, context: MethodContext) -> Expr:
    """What a caller may pass for ``param``."""
    return context.speller.argument(param.type)


def keyword_parameter(param: Param, context: MethodContext) -> Parameter:
    """A keyword-only argument; an optional one defaults to ``omit``."""
    spelled = hint(param, context)
    if param.required:
        return Parameter(param.name, spelled)
    return Parameter(param.name, optional(spelled), Name("omit"))


def optional(hint: Expr) -> Expr:
    """The hint of an optional argument: ``Omit`` added, ``None`` kept last."""
    members = hint.operands if isinstance(hint, BinOp) and hint.op == "|" else (hint,)
    if members[-1] == _NONE and len(members) > 1:
        return BinOp("|", (*members[:-1], _OMIT, _NONE))
    return BinOp("|", (*members, _OMIT))


def _client_call(kind: str, arguments: tuple[Expr, ...], op: Operation, *, streaming: bool = False) -> Call:
    """``self._client.<kind>(..., params={...}, body={...}, options=RequestOptions(...))``."""
    params = DictExpr(tuple((text_literal(p.name), Name(p.name)) for p in op.wire_params))
    flag = op.streaming.flag if (streaming and op.streaming) else None
    members = tuple(
        (text_literal(p.wire), Name("True") if (p.location == "body" and p.wire == flag) else Name(p.name))
        for p in (op.body.arguments if op.body else ())
    )
    options = Call(Name("RequestOptions"), tuple(Name(p.name) for p in REQUEST_EXTRAS))
    return Call(
        Attribute(Attribute(SELF, "_client"), kind),
        arguments,
        (("params", params), ("body", DictExpr(members)), ("options", options)),
    )


def endpoint(op: Operation) -> Call:
    """``Endpoint(method, path, ...)``: what the runtime needs to build and check the request."""
    keywords: list[tuple[str, Expr]] = []
    if op.wire_params:
        keywords.append(("params", TupleExpr(tuple(_param(p, p.location) for p in op.wire_params))))
    if op.default_headers:
        keywords.append(("headers", data_expr(dict(op.default_headers))))
    body = op.body
    if body is not None:
        if body.model:
            keywords.append(("body", Name(body.model)))
        if body.required:
            keywords.append(("body_required", Name("True")))
        if body.kind != "json":
            keywords.append(("body_kind", text_literal(body.kind)))
        if body.content_type != "application/json":
            keywords.append(("content_type", text_literal(body.content_type)))
        if body.checks:
            keywords.append(("body_checks", data_expr(body.checks)))
        if body.kind in ("multipart", "form"):
            keywords.append(("body_params", TupleExpr(tuple(_param(p, "body") for p in body.fields))))
        if body.whole is not None and body.kind == "json":
            keywords.append(("whole_body", Name("True")))
    if op.fixed_query:
        keywords.append(("fixed_query", data_expr(tuple(op.fixed_query))))
    if op.security is not None:
        keywords.append(("security", data_expr(tuple(op.security))))
    return Call(Name("Endpoint"), (text_literal(op.http_method), text_literal(op.path)), tuple(keywords))


def _param(param: Param, location: str) -> Call:
    keywords: list[tuple[str, Expr]] = [("location", text_literal(location))]
    if param.wire != param.name:
        keywords.append(("wire", text_literal(param.wire)))
    if param.required:
        keywords.append(("required", Name("True")))
    if param.schema:
        keywords.append(("schema", data_expr(param.schema)))
    if param.style:
        keywords.append(("style", text_literal(param.style)))
    if param.explode is not None:
        keywords.append(("explode", data_expr(param.explode)))
    if param.media_type:
        keywords.append(("media_type", text_literal(param.media_type)))
    return Call(Name("Param"), (text_literal(param.name),), tuple(keywords))


# ---------------------------------------------------------------- pieces


def awaited(call: Expr, is_async: bool) -> Expr:
    """``await call`` in an async class."""
    return UnaryOp("await", call) if is_async else call


def _operation_doc(op: Operation) -> str:
    summary, description = op.summary.strip(), op.description.strip()
    parts = [wrapped(summary or description or op.name, PROSE)]
    if summary and description:
        parts.append(wrapped(description, PROSE))
    if op.deprecated:
        parts.append("Deprecated: the API marks this operation as deprecated.")
    arguments = [_argument_doc(p.name, p.description or p.wire) for p in op.all_params]
    arguments += [_argument_doc(name, text) for name, text in _EXTRA_DOCS]
    parts.append("Args:\n" + "\n\n".join(arguments))
    return "\n\n".join(parts)


def _argument_doc(name: str, text: str) -> str:
    """``  name: text``, wrapped, later lines two further in (the official SDK's form)."""
    lines = wrapped(f"{name}: {text.strip()}", PROSE - 4).split("\n")
    return "\n".join(["  " + lines[0], *(("    " + line) if line.strip() else "" for line in lines[1:])])


def _doc(text: str) -> Docstring:
    return Docstring(docstring(text))


def text_literal(value: str) -> Literal:
    """A string literal as black writes it."""
    return Literal(python_literal(value))


def data_expr(value: Any) -> Expr:
    """Plain data (a schema, a header table) as an expression tree the layout engine can split."""
    if isinstance(value, dict):
        return DictExpr(tuple((text_literal(str(key)), data_expr(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ListExpr(tuple(data_expr(item) for item in value))
    if isinstance(value, tuple):
        return TupleExpr(tuple(data_expr(item) for item in value))
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return Call(Name("float"), (text_literal(str(value)),))
    return Literal(python_literal(value))
