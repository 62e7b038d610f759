"""Webhooks (OpenAPI 3.1 ``webhooks``): requests the API sends to the user's server. Each one with
a request body gets a typed parser of that body, ``parse_<name>`` in the package's ``webhooks``
module; its JSON payload schema is planned like a response's (lenient: unknown members kept,
enums open). ``x-webhooks`` is extension data and not read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.ir.content import choose_request_media, request_kind
from generator.ir.model import Webhook
from generator.ir.models import ModelPlanner
from generator.ir.typetree import ModelPlan
from generator.naming import resolve_collisions, snake_name
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.walk import request_body


@dataclass(frozen=True)
class _Found:
    key: str
    method: str
    pointer: str
    data: dict[str, Any]
    media_type: str  # "" when the webhook has no request body
    schema_pointer: str  # "" unless a JSON body with a schema


def plan_webhooks(spec: Spec, planner: ModelPlanner) -> list[_Found]:
    """The webhooks of ``spec``; the schema of each JSON payload is added to ``planner`` as a root."""
    found = []
    for operation in spec.operations:
        if operation.section != "webhooks":
            continue
        body = request_body(spec, operation)
        content = body[0].get("content") if body else None
        chosen = choose_request_media(content) if isinstance(content, dict) else None
        media_type, schema_pointer = (chosen[0], "") if chosen else ("", "")
        if chosen is not None and body is not None and request_kind(chosen[0]) == "json":
            schema = chosen[1].get("schema")
            if isinstance(schema, dict):
                where = jp.child(jp.child(jp.child(body[1], "content"), chosen[0]), "schema")
                schema, schema_pointer = spec.follow(schema, where)
                planner.add_root(schema_pointer, schema, f"{operation.key} webhook", "response")
        found.append(
            _Found(operation.key, operation.method, operation.pointer, operation.node, *(media_type, schema_pointer))
        )
    return found


def build_webhooks(found: list[_Found], plan: ModelPlan, note: Callable[[str, str, str], None]) -> tuple[Webhook, ...]:
    """The parsers of the webhooks that have a body (one without is a note: nothing to parse)."""
    with_body = [hook for hook in found if hook.media_type]
    for hook in found:
        if not hook.media_type:
            note(hook.pointer, "webhook-without-body", f"webhook {hook.key!r} has no request body: nothing to parse")
    keys = {str(i): hook for i, hook in enumerate(with_body)}
    names = resolve_collisions(
        {key: f"parse_{snake_name(hook.key)}" for key, hook in keys.items()},
        {key: f"parse_{snake_name(hook.key)}_{hook.method}" for key, hook in keys.items()},
    )
    webhooks = []
    for key, hook in keys.items():
        model = plan.class_for_pointer.get(hook.schema_pointer) if hook.schema_pointer else None
        model = model if model in plan.names else None
        payload_type = plan.types.get(hook.schema_pointer) if hook.schema_pointer and model is None else None
        webhooks.append(
            Webhook(
                key=hook.key,
                method=hook.method.upper(),
                function=names[key],
                summary=str(hook.data.get("summary") or ""),
                description=str(hook.data.get("description") or ""),
                media_type=hook.media_type,
                json=request_kind(hook.media_type) == "json",
                model=model,
                payload_type=payload_type,
                pointer=hook.pointer,
                schema_pointer=hook.schema_pointer,
            )
        )
    return tuple(webhooks)
