"""Success responses with different bodies (qdrant's 200 result vs 202 "accepted", linode's 200 vs
204): the method returns what the status the server answers with describes, ``A | B | None``.

The first 2xx response is the operation's main response; every other 2xx status whose body differs
is an alternative, read by status. JSON bodies (models or other types) and empty bodies can be told
apart this way; an alternative of another kind (binary, text, a stream), a status range (``2XX``)
or an operation that pages or streams keeps the main response only, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.ir.content import ResponseContent, success_contents
from generator.ir.model import StatusResponse
from generator.ir.models import ModelPlanner
from generator.ir.typetree import ModelPlan
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.plain_data import stable_text

_READABLE = frozenset({"json", "none"})
Warn = Callable[[str, str, str], None]


@dataclass(frozen=True)
class Alternative:
    """A success status with another body, and the pointer of its JSON schema ("" when none)."""

    content: ResponseContent
    schema_pointer: str


def plan_alternatives(
    spec: Spec, planner: ModelPlanner, responses: dict[str, Any], where: str, *, name: str, warn: Warn
) -> list[Alternative]:
    """The alternatives of one operation (their JSON schemas added to ``planner`` as roots)."""
    found = success_contents(responses, where, spec.resolve)
    if len(found) < 2:
        return []
    main, others = found[0], found[1:]
    differing = [c for c in others if _body(spec, c) != _body(spec, main)]
    if not differing:
        return []
    statuses = ", ".join(c.status for c in found)
    readable = all(c.kind in _READABLE and c.status.isdigit() for c in [main, *differing])
    if not readable or main.stream_media is not None:
        warn(
            where,
            "response-approximated",
            f"success responses {statuses} have different bodies: the client reads every success response as "
            f"{main.status} describes it",
        )
        return []
    alternatives = []
    for content in differing:
        pointer = ""
        schema = content.media.get("schema") if content.media is not None else None
        if content.kind == "json" and isinstance(schema, dict):
            schema, pointer = spec.follow(schema, jp.child(content.where, "schema"))
            planner.add_root(pointer, schema, f"{name} {content.status} response", "response")
        alternatives.append(Alternative(content, pointer))
    return alternatives


def status_responses(alternatives: list[Alternative], plan: ModelPlan) -> tuple[StatusResponse, ...]:
    """The IR of the alternatives, once the models are planned."""
    found = []
    for alternative in alternatives:
        pointer = alternative.schema_pointer
        model = plan.class_for_pointer.get(pointer) if pointer else None
        model = model if model in plan.names else None
        type_ = plan.types.get(pointer) if pointer and model is None else None
        found.append(StatusResponse(int(alternative.content.status), alternative.content.kind, model, type_))
    return tuple(found)


def _body(spec: Spec, content: ResponseContent) -> str:
    schema = content.media.get("schema") if content.media is not None else None
    return f"{content.kind} {stable_text(spec.resolve(schema))}"
