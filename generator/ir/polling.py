"""Polling in the IR: ``x-specgen-poll`` read as :class:`Polling`, and a response's OpenAPI link to a
polled operation of the same resource as a :class:`PollLink` (``<method>_and_<poll>``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from generator.ir.content import mapping
from generator.ir.model import LinkArgument, Operation, Polling, PollLink
from generator.ir.resources import Placement
from generator.naming import module_name
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.walk import Operation as SpecOperation


class LinkSource(Protocol):
    """An operation of the spec as the IR builder holds it."""

    @property
    def path(self) -> str: ...

    @property
    def method(self) -> str: ...

    @property
    def data(self) -> dict[str, Any]: ...


def polling_of(spec: Spec, source: SpecOperation) -> Polling | None:
    """How to poll what ``source`` retrieves (its ``x-specgen-poll``), or None."""
    found = spec.extensions.of(source).poll
    if found is None:
        return None  # none, or one with a problem (reported as `specgen-extension`)
    return Polling(
        method=module_name(found.method),
        status=found.status,
        terminal=found.terminal,
        pending=found.pending,
        interval_header=found.interval_header,
        default_interval_ms=found.default_interval_ms,
        pending_count=found.pending_count,
    )


def link_polls(
    raw: Sequence[LinkSource],
    operations: dict[int, Operation],
    placed: Mapping[int, Placement],
    *,
    resolve: Callable[[Any], Any],
    warn: Callable[[str, str, str], None],
) -> None:
    """Give each operation (of ``raw``, keyed by ``id``) whose response links to a polled operation
    of its resource the link (in ``operations``); a link that cannot be followed is a warning."""
    by_operation_id = {str(op.data.get("operationId")): op for op in raw if op.data.get("operationId")}
    for op in raw:
        responses = mapping(op.data.get("responses"))
        for status, response in responses.items():
            found = resolve(response)
            links = found.get("links") if isinstance(found, dict) else None
            for link_name, link in (links or {}).items() if isinstance(links, dict) else []:
                target = by_operation_id.get(str(link.get("operationId"))) if isinstance(link, dict) else None
                if target is None or operations[id(target)].polling is None:
                    continue
                where = jp.join(["paths", op.path, op.method, "responses", str(status), "links", str(link_name)])
                if placed[id(target)].resource != placed[id(op)].resource:
                    warn(where, "poll-link", "a poll link must target an operation of the same resource; ignored")
                    continue
                arguments = _link_arguments(link, operations[id(target)], operations[id(op)], where, warn)
                if arguments is None:
                    continue
                polling = operations[id(target)].polling
                assert polling is not None
                method = f"{placed[id(op)].method}_and_{polling.method}"
                operations[id(op)] = replace(operations[id(op)], poll_link=PollLink(method, polling.method, arguments))


def _link_arguments(
    link: dict[str, Any], target: Operation, source: Operation, where: str, warn: Callable[[str, str, str], None]
) -> tuple[LinkArgument, ...] | None:
    parameters = mapping(link.get("parameters"))
    arguments = []
    wanted = {p.wire: p for p in target.wire_params if p.required}
    for wire, param in wanted.items():
        expression = parameters.get(wire)
        if not isinstance(expression, str):
            warn(where, "poll-link", f"link gives no value for required parameter {wire!r}; ignored")
            return None
        positional = param in target.positional
        if expression.startswith("$response.body#"):
            arguments.append(LinkArgument(param.name, "response", expression.partition("#")[2], positional))
        elif expression.startswith("$request.path."):
            name = expression[len("$request.path.") :]
            match = next((p for p in source.wire_params if p.wire == name), None)
            if match is None:
                warn(where, "poll-link", f"{expression} names no parameter of the operation; ignored")
                return None
            arguments.append(LinkArgument(param.name, "argument", match.name, positional))
        else:
            warn(where, "poll-link", f"unsupported link expression {expression!r}; ignored")
            return None
    return tuple(sorted(arguments, key=lambda a: not a.positional))
