"""What a resource method returns and how its response is read: annotations and parsers as layout trees.

A JSON response of one model class is read by ``partial(parse_model, Model)``; one of another
type (a list of models, a scalar) by ``partial(parse_value, <type>)`` and ``cast`` to that type; a
paginated list is a ``SyncCursorPage[Item]``; an event stream a ``Stream[Event]``; other success
statuses with other bodies are read by ``parse_by_status`` and join the returned union.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.model import Operation
from generator.ir.typetree import TypeNode
from generator.render.filters import python_literal
from generator.render.layout import BinOp, Call, DictExpr, Expr, Literal, Name, Subscript, render_expression
from generator.render.pytypes import Speller

_KIND_READERS = {"binary": ("bytes", "parse_bytes"), "text": ("str", "parse_text"), "none": ("None", "parse_none")}


@dataclass(frozen=True)
class Reading:
    """An operation's return annotations (sync, async) and the parser its request is sent with.

    ``cast``: the response is parsed as ``Any`` (the type is not one class) and is cast to ``returns``.
    """

    returns: Expr
    async_returns: Expr
    parse: Expr | None  # None for a page: the client reads pages itself
    cast: bool = False


def reading(op: Operation) -> Reading:
    """How ``op``'s method reads its response (see the module docstring)."""
    if op.pagination:
        item = Name(op.pagination.item_model)
        page = Subscript(Name("SyncCursorPage"), (item,))
        return Reading(
            page, Subscript(Name("AsyncPaginator"), (item, Subscript(Name("AsyncCursorPage"), (item,)))), None
        )
    if op.response_kind == "stream":
        return Reading(stream_type(op, False), stream_type(op, True), event_parser(op))
    returns, parse = _reader(op.response_kind, op.response_model, op.response_type)
    cast = op.response_kind == "json" and not op.response_model and op.response_type is not None
    if op.alternatives:  # success statuses with other bodies: read by status
        readers = [_reader(a.kind, a.model, a.type) for a in op.alternatives]
        members: list[Expr] = []
        for annotation in (returns, *(r for r, _ in readers)):
            for member in (
                annotation.operands if isinstance(annotation, BinOp) and annotation.op == "|" else (annotation,)
            ):
                if member not in members:
                    members.append(member)
        none = Name("None")
        ordered = [m for m in members if m != none] + ([none] if none in members else [])
        returns = ordered[0] if len(ordered) == 1 else BinOp("|", tuple(ordered))
        table = DictExpr(
            tuple((Literal(str(a.status)), reader) for a, (_, reader) in zip(op.alternatives, readers, strict=True))
        )
        parse = Call(Name("partial"), (Name("parse_by_status"), table, parse))
        cast = True
    return Reading(returns, returns, parse, cast)


def stream_type(op: Operation, is_async: bool) -> Expr:
    """``Stream[Event]`` (``AsyncStream`` for ``is_async``); ``Any`` events when they are plain text."""
    event = op.streaming.event_model if op.streaming else None
    return Subscript(Name("AsyncStream" if is_async else "Stream"), (Name(event or "Any"),))


def event_parser(op: Operation) -> Expr:
    """What reads one server-sent event: its JSON data as the event model, else the raw event."""
    event = op.streaming.event_model if op.streaming else None
    return Call(Name("event_parser"), (Name(event),)) if event else Name("raw_event")


def cast_target(annotation: Expr) -> Literal:
    """The first argument of ``cast``: the annotation as a string."""
    return Literal(python_literal(render_expression(annotation)))


def _reader(kind: str, model: str | None, type_: TypeNode | None) -> tuple[Expr, Expr]:
    """The annotation of a body of ``kind`` and the parser that reads it."""
    if kind == "json" and model:
        return Name(model), Call(Name("partial"), (Name("parse_model"), Name(model)))
    if kind == "json" and type_ is not None:
        spelled = Speller(constraints=False).annotation(type_)
        return spelled, Call(Name("partial"), (Name("parse_value"), spelled))
    annotation, parser = _KIND_READERS.get(kind, ("None", "parse_none"))
    return Name(annotation), Name(parser)
