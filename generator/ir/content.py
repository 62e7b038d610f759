"""Media types of request bodies and responses: what a method sends and what it returns.

Requests: JSON (an object's members become keyword arguments; anything else is one ``body``
argument), multipart/form-data and application/x-www-form-urlencoded (members become
arguments, binary members accept bytes, files or paths), and any other type as raw bytes.
Responses: JSON (a model), ``text/event-stream`` (a typed stream of events, from a second
``<method>_stream`` method when JSON is offered too), binary types (bytes), text types (str).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.spec import pointer as jp
from generator.spec.media import base_type, is_json

JSON, MULTIPART, FORM, RAW = "json", "multipart", "form", "raw"
_TEXT_TYPES = ("text/", "application/sdp", "application/xml", "application/x-ndjson")


def request_kind(media_type: str) -> str:
    """How a request body of ``media_type`` is encoded."""
    base = base_type(media_type)
    if is_json(base):
        return JSON
    if base == "multipart/form-data":
        return MULTIPART
    if base == "application/x-www-form-urlencoded":
        return FORM
    return RAW


def structured(schema: Any) -> bool:
    """An object or array schema (data a client serializes, not bytes or text it sends as given)."""
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    shaped = ("properties", "items", "allOf", "oneOf", "anyOf")
    return bool(kinds & {"object", "array"}) or any(k in schema for k in shaped)


def send_as(media_type: str, media: dict[str, Any], resolve: Any) -> str:
    """The media type a body of ``media_type`` is sent as: JSON for structured data under a wildcard
    (kubernetes' ``*/*``: any type is accepted, and JSON is one), else the type itself."""
    if base_type(media_type) in ("*/*", "application/*") and structured(resolve(media.get("schema"))):
        return "application/json"
    return media_type


def choose_request_media(content: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The media type a client sends: JSON, else a form, else the first listed."""
    usable = [(str(t), m) for t, m in content.items() if isinstance(m, dict)]
    if not usable:
        return None
    for kind in (JSON, MULTIPART, FORM):
        for media_type, media in usable:
            if request_kind(media_type) == kind:
                return media_type, media
    return usable[0]


@dataclass(frozen=True)
class ResponseContent:
    """What a successful response carries."""

    status: str
    kind: str  # json | stream | binary | text | none
    media_type: str
    where: str  # pointer of the chosen media type object ("" when none)
    media: dict[str, Any] | None
    stream_where: str = ""
    stream_media: dict[str, Any] | None = None


def is_event_stream(media_type: str) -> bool:
    """``text/event-stream``."""
    return base_type(media_type) == "text/event-stream"


def response_content(responses: dict[str, Any], where: str, resolve: Any) -> ResponseContent:
    """The first 2xx response's content, choosing JSON when it comes first or is the only body."""
    found = success_contents(responses, where, resolve)
    return found[0] if found else ResponseContent("", "none", "", "", None)


def success_contents(responses: dict[str, Any], where: str, resolve: Any) -> list[ResponseContent]:
    """The content of every 2xx response, by status (``200`` before ``201`` before ``2XX``)."""
    found = []
    for status in sorted(str(s) for s in responses):
        if status.startswith("2"):
            found.append(_status_content(status, resolve(responses.get(status)), jp.child(where, status)))
    return found


def _status_content(status: str, response: Any, at: str) -> ResponseContent:
    content = response.get("content") if isinstance(response, dict) else None
    if not isinstance(content, dict) or not content:
        return ResponseContent(status, "none", "", "", None)
    entries = [(str(t), m) for t, m in content.items() if isinstance(m, dict)]
    stream = next(((t, m) for t, m in entries if is_event_stream(t)), None)
    stream_where = jp.child(jp.child(at, "content"), stream[0]) if stream else ""
    others = [(t, m) for t, m in entries if not is_event_stream(t)]
    if not others and stream is not None:
        return ResponseContent(status, "stream", stream[0], stream_where, stream[1], stream_where, stream[1])
    if not others:
        return ResponseContent(status, "none", "", "", None)
    first_type, first_media = others[0]
    kind = "json" if is_json(first_type) else "text" if _texty(first_type) else "binary"
    media_where = jp.child(jp.child(at, "content"), first_type)
    stream_media = stream[1] if stream else None
    return ResponseContent(status, kind, first_type, media_where, first_media, stream_where, stream_media)


def _texty(media_type: str) -> bool:
    return base_type(media_type).startswith(_TEXT_TYPES)


def is_file_schema(schema: Any) -> bool:
    """A string schema holding file content (``format: binary``, or a media-type annotation)."""
    if not isinstance(schema, dict):
        return False
    if schema.get("format") in ("binary", "byte") and schema.get("type") in ("string", None):
        return schema.get("format") == "binary"
    return "contentMediaType" in schema and schema.get("type") in ("string", None)


def object_members(schema: Any, resolve: Any, depth: int = 0) -> tuple[dict[str, Any], set[str]] | None:
    """Properties and required names of an object schema, merging ``allOf`` members; None if not an object."""
    schema = resolve(schema)
    if not isinstance(schema, dict) or depth > 16:
        return None
    properties: dict[str, Any] = {}
    required: set[str] = set()
    found = False
    for member in schema.get("allOf") or []:
        merged = object_members(member, resolve, depth + 1)
        if merged is not None:
            found = True
            properties.update(merged[0])
            required |= merged[1]
        else:  # a member that only lists required names (linode: allOf [{required: [label]}, {properties}])
            listed = resolve(member).get("required") if isinstance(resolve(member), dict) else None
            required |= {str(name) for name in listed or [] if isinstance(name, str)}
    if isinstance(schema.get("properties"), dict):
        found = True
        properties.update(schema["properties"])
    required |= {str(name) for name in schema.get("required") or [] if isinstance(name, str)}
    if not found or not properties:
        return None
    return properties, required


def form_members(schema: Any, resolve: Any) -> tuple[dict[str, Any], set[str], bool] | None:
    """Members of a form body: an object's (``{}`` when it declares none, as ``properties: {}``), or the
    members of every variant of a ``oneOf``/``anyOf`` of objects (required: those every variant requires).
    The flag says whether the body's own schema must be checked too (which variant it matches)."""
    members = object_members(schema, resolve)
    if members is not None:
        return members[0], members[1], False
    resolved = resolve(schema)
    if not isinstance(resolved, dict):
        return None
    for key in ("oneOf", "anyOf"):
        variants = resolved.get(key)
        found = [object_members(v, resolve) for v in variants] if isinstance(variants, list) and variants else []
        if found and all(f is not None for f in found):
            properties: dict[str, Any] = {}
            required: set[str] | None = None
            for variant in found:
                assert variant is not None
                for name, member in variant[0].items():
                    properties.setdefault(name, member)
                required = set(variant[1]) if required is None else required & variant[1]
            return properties, required or set(), True
    if resolved.get("type") == "object" or "additionalProperties" in resolved or "properties" in resolved:
        return {}, set(), False  # an object without members (Stripe: properties: {}, additionalProperties: false)
    return None


def iter_media(content: dict[str, Any]) -> Iterator[str]:
    """Media types named in a content map."""
    return (str(t) for t in content)


def mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one (specs may put anything anywhere)."""
    return value if isinstance(value, dict) else {}
