"""Webhook payloads: the body of a request the API sends to your server, parsed as the spec describes it.

A payload is given as the request's raw body (``bytes`` or ``str``, read as strict JSON) or as JSON
data already decoded. Parsing is lenient as for responses: unknown members are kept and enums are
open. A body that is not JSON raises ``WebhookPayloadError``; one that breaks the schema raises
pydantic's ``ValidationError``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

from ._response import RESPONSE_CONTEXT

__all__ = ["Payload", "WebhookPayloadError", "parse_payload", "parse_payload_as", "raw_payload"]

M = TypeVar("M", bound=BaseModel)
#: What a parser takes: the raw body, or its JSON already decoded.
Payload = bytes | bytearray | str | Mapping[str, Any] | Sequence[Any] | int | float | bool | None


class WebhookPayloadError(ValueError):
    """A webhook body that is not valid JSON."""


def _decoded(payload: Payload) -> Any:
    if isinstance(payload, (bytes, bytearray, str)):
        try:
            return json.loads(payload, parse_constant=_reject_constant)
        except ValueError as exc:
            raise WebhookPayloadError(f"the webhook body is not valid JSON: {exc}") from None
    return payload


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not valid JSON")


def parse_payload(model: type[M], payload: Payload) -> M:
    """``payload`` as an instance of ``model``."""
    return model.model_validate(_decoded(payload), context=RESPONSE_CONTEXT)


def parse_payload_as(type_: Any, payload: Payload) -> Any:
    """``payload`` validated as any type (a payload that is not one model: a list, a union...)."""
    return TypeAdapter(type_).validate_python(_decoded(payload), context=RESPONSE_CONTEXT)


def raw_payload(payload: bytes | bytearray | str) -> bytes:
    """The body of a webhook that is not JSON, as bytes."""
    return payload.encode() if isinstance(payload, str) else bytes(payload)
