"""Request bodies in the IR: an object's members as keyword arguments (JSON, form, multipart), or one
``body`` argument (a JSON value that is not an object; bytes or text sent as they are)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from generator.ir.checks import checks
from generator.ir.content import (
    JSON,
    RAW,
    choose_request_media,
    form_members,
    is_file_schema,
    mapping,
    object_members,
    request_kind,
    send_as,
    structured,
)
from generator.ir.model import Body, Param
from generator.ir.models import ModelPlanner
from generator.ir.typetree import ArrayOf, BinaryValue, FileValue, ModelPlan, Scalar, TypeNode, UnionOf
from generator.naming import argument_name
from generator.spec import pointer as jp
from generator.spec.load import Spec

RAW_TYPE = UnionOf((BinaryValue(), Scalar("string")))  # a body sent as it is: bytes or text


@dataclass(frozen=True)
class BodyContext:
    """What reading a request body needs: the spec, the model planner and plan, where warnings go."""

    spec: Spec
    planner: ModelPlanner
    plan: ModelPlan | None
    warn: Callable[[str, str, str], None]


class RawBody(Protocol):
    """An operation as the IR builder holds it."""

    @property
    def data(self) -> dict[str, Any]: ...

    @property
    def pointer(self) -> str: ...

    @property
    def body_pointer(self) -> str | None: ...


def request_body(context: BodyContext, op: RawBody, classes: dict[str, str]) -> Body | None:
    """The request body of ``op``: its members as keyword arguments (JSON, form or multipart), or one
    ``body`` argument (a JSON value that is not an object, raw bytes or text)."""
    spec = context.spec
    request = spec.resolve(op.data.get("requestBody"))
    if not isinstance(request, dict):
        return None
    where = jp.child(op.pointer, "requestBody")
    chosen = choose_request_media(mapping(request.get("content")))
    if chosen is None:
        context.warn(where, "body-unsupported", "request body without content; not generated")
        return None
    key, media = chosen
    media_type = send_as(key, media, spec.resolve)  # */* with an object schema: sent as JSON
    kind = request_kind(media_type)
    media_where = jp.child(jp.child(where, "content"), key)
    schema_where = jp.child(media_where, "schema")
    required_body = bool(request.get("required"))
    if kind == RAW:
        if structured(spec.resolve(media.get("schema"))):  # text, bytes, files: sent exactly as given
            context.warn(
                media_where,
                "body-raw",
                f"request body {media_type} describes structured data the client does not serialize: "
                "the caller passes it as bytes or text",
            )
        whole = Param("body", "body", "body", RAW_TYPE, required_body, description(spec, request))
        return Body(media_type, None, (), required_body, RAW, whole)
    members = object_members(media.get("schema"), spec.resolve)
    model = classes.get(op.body_pointer) if op.body_pointer else None
    form_checks: dict[str, Any] = {}
    if members is None and kind != JSON:
        found = form_members(media.get("schema"), spec.resolve)
        if found is not None:
            members = (found[0], found[1])
            form_checks = checks(spec, media.get("schema")) if found[2] else {}
    if members is None:
        if kind != JSON:
            context.warn(schema_where, "body-not-object", f"{media_type} body is not an object; sent as raw `body`")
            whole = Param("body", "body", "body", RAW_TYPE, required_body)
            return Body(media_type, None, (), required_body, RAW, whole)
        kind_of_body = context.planner.argument_type(media.get("schema"), schema_where)
        whole = Param("body", "body", "body", kind_of_body, required_body, description(spec, media.get("schema")))
        return Body(media_type, model, (), required_body, JSON, whole)
    properties, required = members
    base = _schema_pointer(media.get("schema"), schema_where)
    body_class = context.plan.model(model) if context.plan is not None and model and kind == JSON else None
    fields = []
    for name, sub in properties.items():
        sub_where = jp.child(jp.child(base, "properties"), name)
        resolved = spec.resolve(sub)
        member = body_class.field_named(str(name)) if body_class else None
        if kind != JSON and _holds_files(resolved, spec.resolve):
            is_list = isinstance(resolved, dict) and resolved.get("type") == "array"
            value: TypeNode = ArrayOf(FileValue()) if is_list else FileValue()
            member_checks: dict[str, Any] = {"format": "binary"}
        else:
            value = member.type if member is not None else context.planner.argument_type(sub, sub_where)
            member_checks = checks(spec, resolved) if kind != JSON else {}
        fields.append(
            Param(
                name=argument_name(str(name)),
                wire=str(name),
                location="body",
                type=value,
                required=name in required,
                description=description(spec, sub),
                schema=member_checks,
            )
        )
    return Body(media_type, model if kind == JSON else None, tuple(fields), required_body, kind, checks=form_checks)


def _holds_files(schema: Any, resolve: Any) -> bool:
    """A member that is a file, or an array of files."""
    if is_file_schema(schema):
        return True
    return isinstance(schema, dict) and schema.get("type") == "array" and is_file_schema(resolve(schema.get("items")))


def _schema_pointer(schema: Any, where: str) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return jp.from_fragment(schema["$ref"].partition("#")[2])
    return where


def description(spec: Spec, schema: Any) -> str:
    """The description of a schema, else of what it refers to, else of its first described variant."""
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return str(schema["description"])
    resolved = spec.resolve(schema)
    if isinstance(resolved, dict) and isinstance(resolved.get("description"), str):
        return str(resolved["description"])
    for key in ("anyOf", "oneOf", "allOf"):
        for variant in (resolved.get(key) or []) if isinstance(resolved, dict) else []:
            text = description(spec, variant) if isinstance(variant, dict) else ""
            if text:
                return text
    return ""
