"""Request building: operation metadata, argument checks before any I/O, wire encoding."""

from __future__ import annotations

import datetime
import decimal
import enum
import json
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, InitVar, dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ValidationError

from ._checks import CheckError, check
from ._exceptions import RequestValidationError
from ._files import is_file_input, to_upload
from ._types import NotGiven, Omit

__all__ = [
    "Endpoint",
    "Param",
    "check_param",
    "encode_cookies",
    "encode_headers",
    "encode_path",
    "encode_query",
    "merge_query",
    "validate_body",
]


@dataclass(frozen=True)
class Param:
    """A parameter (path, query, header, cookie, or a member of a form body) and the constraints its value must meet.

    ``name`` is the method's argument; ``wire`` the name sent, given when it differs (``wire_name``).
    """

    name: str
    _: KW_ONLY
    location: Literal["path", "query", "header", "cookie", "body"]
    wire: InitVar[str | None] = None
    required: bool = False
    schema: Mapping[str, Any] = field(default_factory=dict)
    style: str = ""  # OpenAPI serialization style; "" means the location's default
    explode: bool | None = None  # None means the style's default
    media_type: str = ""  # set for parameters serialized by media type (`content`): JSON text
    wire_name: str = field(init=False)

    def __post_init__(self, wire: str | None) -> None:
        object.__setattr__(self, "wire_name", self.name if wire is None else wire)


@dataclass(frozen=True)
class Endpoint:
    """What a generated method needs to build its request: ``Endpoint("GET", "/things/{id}", ...)``."""

    method: str
    path: str
    _: KW_ONLY
    params: tuple[Param, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: type[BaseModel] | None = None
    body_required: bool = False
    body_kind: Literal["json", "multipart", "form", "raw"] = "json"
    content_type: str = "application/json"
    body_params: tuple[Param, ...] = ()  # members of form bodies, with their checks
    body_checks: Mapping[str, Any] = field(default_factory=dict)  # a form body's own schema (a union of objects)
    whole_body: bool = False  # the JSON body is one `body` argument, not an object's members
    fixed_query: tuple[tuple[str, str], ...] = ()  # query items that are part of the operation's path
    # The operation's own security requirement (alternatives of schemes sent together; () is none);
    # None: the spec's default (``_constants.DEFAULT_SECURITY``).
    security: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True)
class Payload:
    """An encoded request body: JSON data, form fields and files, or raw content."""

    json: Any = None
    data: dict[str, Any] | None = None
    files: list[tuple[str, Any]] | None = None
    content: bytes | None = None
    content_type: str | None = None


def is_given(value: object) -> bool:
    """False for the ``omit`` and ``not_given`` sentinels."""
    return not isinstance(value, (Omit, NotGiven))


def materialized(value: Any) -> Any:
    """An argument given as a one-shot iterable (a generator, ``map``, ...) as a list; anything else as is."""
    if isinstance(value, (list, tuple, str, bytes, bytearray, Mapping, BaseModel)) or not isinstance(value, Iterable):
        return value
    return list(value)


def check_param(name: str, value: Any, schema: Mapping[str, Any]) -> None:
    """Raise RequestValidationError when ``value`` breaks ``schema`` (a JSON Schema subset)."""
    if value is not None and isinstance(value, str) and schema.get("type") == "array":
        raise RequestValidationError(name, "must be of type array, not str")
    try:
        check(value, schema)
    except CheckError as exc:
        raise RequestValidationError(f"{name}.{exc.path}" if exc.path else name, exc.message) from None


def encode_path(endpoint: Endpoint, values: Mapping[str, Any]) -> str:
    """The request path with each parameter checked and percent-encoded as one segment."""
    path = endpoint.path
    for param in endpoint.params:
        if param.location != "path":
            continue
        value = values.get(param.name)
        if not is_given(value) or value is None or (isinstance(value, (str, list, tuple, dict)) and not value):
            shown = None if not is_given(value) else value
            message = f"Expected a non-empty value for `{param.name}` but received {shown!r}"
            raise RequestValidationError(param.name, message, standalone=True)
        check_param(param.name, value, param.schema)
        text = _joined(param, value)
        # "." and ".." would be removed by URL normalization, so they are encoded too.
        segment = quote(text, safe="") if text not in (".", "..") else text.replace(".", "%2E")
        path = path.replace("{" + param.wire_name + "}", segment)
    return path


def encode_query(endpoint: Endpoint, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query items: the operation's fixed ones, then the given (not omitted, not None) parameters, checked first."""
    items: list[tuple[str, str]] = list(endpoint.fixed_query)
    for param in endpoint.params:
        if param.location != "query":
            continue
        value = materialized(values.get(param.name))
        if not is_given(value) or value is None:
            if param.required:
                raise RequestValidationError(param.name, "is required")
            continue
        check_param(param.name, value, param.schema)
        items.extend(_query_items(param, value))
    return items


def _query_items(param: Param, value: Any) -> list[tuple[str, str]]:
    """A query parameter's items, serialized as its OpenAPI style says (form, explode, by default)."""
    if param.media_type:
        return [(param.wire_name, json.dumps(_jsonable(value)))]
    style = param.style or "form"
    explode = param.explode if param.explode is not None else style == "form"
    if isinstance(value, (Mapping, BaseModel)):
        members = _members(value)
        if style == "deepObject":
            return [(f"{param.wire_name}[{key}]", _wire_scalar(member)) for key, member in members]
        if explode:
            return [(key, _wire_scalar(member)) for key, member in members]
        return [(param.wire_name, ",".join(f"{key},{_wire_scalar(member)}" for key, member in members))]
    if isinstance(value, (list, tuple)):
        if explode and style == "form":
            return [(param.wire_name, _wire_scalar(v)) for v in value]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(param.wire_name, separator.join(_wire_scalar(v) for v in value))]
    return [(param.wire_name, _wire_scalar(value))]


def _members(value: Mapping[str, Any] | BaseModel) -> list[tuple[str, Any]]:
    data = value.model_dump(mode="json", by_alias=True, exclude_unset=True) if isinstance(value, BaseModel) else value
    return [(str(key), member) for key, member in data.items() if member is not None]


def _joined(param: Param, value: Any) -> str:
    """A path or header parameter's text (style simple: lists and objects comma-joined)."""
    if param.media_type:
        return json.dumps(_jsonable(value))
    if isinstance(value, (Mapping, BaseModel)):
        separator = "=" if param.explode else ","
        return ",".join(f"{key}{separator}{_wire_scalar(member)}" for key, member in _members(value))
    if isinstance(value, (list, tuple)):
        return ",".join(_wire_scalar(v) for v in value)
    return _wire_scalar(value)


def encode_headers(endpoint: Endpoint, values: Mapping[str, Any]) -> dict[str, str]:
    """Headers of the operation: declared defaults, then the given header parameters."""
    headers = dict(endpoint.headers)
    for param in endpoint.params:
        if param.location != "header":
            continue
        value = values.get(param.name)
        if not is_given(value) or value is None:
            if param.required and param.wire_name not in headers:
                raise RequestValidationError(param.name, "is required")
            continue
        check_param(param.name, value, param.schema)
        headers[param.wire_name] = _joined(param, value)
    return headers


def encode_cookies(endpoint: Endpoint, values: Mapping[str, Any], credentials: Sequence[tuple[str, str]]) -> str:
    """The ``Cookie`` header: the given cookie parameters (checked first), then the credentials sent as cookies.

    Values are sent as the ``form`` style has them (lists and objects comma-joined); characters a
    cookie value cannot hold (RFC 6265) are percent-encoded.
    """
    pairs: list[tuple[str, str]] = []
    for param in endpoint.params:
        if param.location != "cookie":
            continue
        value = values.get(param.name)
        if not is_given(value) or value is None:
            if param.required:
                raise RequestValidationError(param.name, "is required")
            continue
        check_param(param.name, value, param.schema)
        pairs.append((param.wire_name, _joined(param, value)))
    pairs.extend(credentials)
    return "; ".join(f"{name}={quote(value, safe=_COOKIE_SAFE)}" for name, value in pairs)


# cookie-octet of RFC 6265 (printable ASCII but space, '"', ',', ';' and '\'), "%" escaped
_COOKIE_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '",;\\%')


def merge_query(items: list[tuple[str, str]], extra: Mapping[str, object] | None) -> list[tuple[str, str]]:
    """``items`` with the caller's ``extra_query`` merged over them.

    A key of ``extra`` replaces every item of that name (it does not add a second value); a
    list value gives one item per element; ``None`` or ``omit`` removes the key.
    """
    if not extra:
        return items
    merged = [(key, value) for key, value in items if key not in extra]
    for key, value in extra.items():
        if value is None or not is_given(value):
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        merged.extend((key, _wire_scalar(v)) for v in values)
    return merged


def _wire_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def encode_body(endpoint: Endpoint, members: Mapping[str, Any], extra: Mapping[str, object] | None) -> Payload:
    """Check the given body members before any I/O and encode them as the operation's media type."""
    given = {key: materialized(value) for key, value in members.items() if is_given(value)}
    if endpoint.body_kind in ("multipart", "form"):
        return _encode_form(endpoint, given, extra)
    if endpoint.body_kind == "raw":
        value = given.get("body")
        if value is None:
            if endpoint.body_required:
                raise RequestValidationError("body", "is required")
            return Payload()
        if not isinstance(value, (bytes, bytearray, str)):
            raise RequestValidationError("body", f"must be bytes or str, not {type(value).__name__}")
        content = value.encode() if isinstance(value, str) else bytes(value)
        return Payload(content=content, content_type=endpoint.content_type)
    if endpoint.whole_body:
        document = validate_body(endpoint, given.get("body"), whole=True) if "body" in given else None
        if document is None and endpoint.body_required:
            raise RequestValidationError("body", "is required")
    else:
        document = validate_body(endpoint, given)
    if extra:
        if document is not None and not isinstance(document, dict):
            raise RequestValidationError("extra_body", "needs a JSON object body")
        document = {**(document or {}), **extra}
    if document is None:
        return Payload()
    return Payload(json=document, content_type=endpoint.content_type)


def validate_body(endpoint: Endpoint, given: Any, *, whole: bool = False) -> Any:
    """The JSON body: what the caller gave, checked against the request model first.

    What is sent is what the caller gave (models serialized by alias), not the validated
    model's dump, so numbers keep their type (``1`` is not sent as ``1.0``) and nothing is added.
    """
    if endpoint.body is None:
        return _jsonable(given) if (given or whole) else None
    if not whole and not given and not endpoint.body_required:
        return None
    try:
        endpoint.body.model_validate(given)
    except ValidationError as exc:
        raise _request_error(exc, given if isinstance(given, Mapping) else {"body": given}) from None
    if whole:
        return _jsonable(given)
    return {key: _jsonable(value) for key, value in given.items()}


def _encode_form(endpoint: Endpoint, given: Mapping[str, Any], extra: Mapping[str, object] | None) -> Payload:
    data: dict[str, Any] = {}
    files: list[tuple[str, Any]] = []
    if endpoint.body_checks:  # which variant of a union the members make
        members = {p.wire_name: given[p.wire_name] for p in endpoint.body_params if given.get(p.wire_name) is not None}
        check_param("body", {**members, **(extra or {})}, endpoint.body_checks)
    for param in endpoint.body_params:
        value = given.get(param.wire_name)
        if value is None:
            if param.required:
                raise RequestValidationError(param.name, "is required")
            continue
        if param.schema.get("format") == "binary":
            uploads = value if isinstance(value, (list, tuple)) and not _is_one_file(value) else [value]
            for upload in uploads:
                if not is_file_input(upload):
                    raise RequestValidationError(param.name, "must be bytes, a binary file object, a path or a tuple")
                files.append((param.wire_name, to_upload(upload, param.wire_name)))
            continue
        check_param(param.name, value, param.schema)
        data[param.wire_name] = _form_value(value)
    for key, value in (extra or {}).items():
        data[key] = _form_value(value)
    if not data and not files and not endpoint.body_required:
        return Payload()  # an optional body with nothing in it is not sent
    if endpoint.body_kind == "multipart":
        if not files:  # httpx sends form fields without files as urlencoded: encode them ourselves
            content, content_type = encode_multipart(data)
            return Payload(content=content, content_type=content_type)
        return Payload(data=data, files=files)
    if not data:  # httpx sends no body for empty data: an empty form is sent as such
        return Payload(content=b"", content_type=endpoint.content_type)
    return Payload(data=data, content_type=endpoint.content_type)


def _is_one_file(value: tuple[Any, ...] | list[Any]) -> bool:
    return isinstance(value, tuple) and len(value) in (2, 3) and isinstance(value[0], str)


def _form_value(value: Any) -> Any:
    """A form field's text: booleans as true/false, lists as repeated fields, objects as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return [_form_value(v) for v in value]
    if isinstance(value, (Mapping, BaseModel)):
        return json.dumps(_jsonable(value))
    return str(value)


def encode_multipart(data: Mapping[str, Any]) -> tuple[bytes, str]:
    """multipart/form-data (RFC 7578) for fields only."""
    boundary = secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            quoted = name.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{quoted}"\r\n\r\n{item}\r\n'.encode())
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _jsonable(value: Any) -> Any:
    """JSON data for a caller's value: models by alias without unset members, the rest as given."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    return value


def _request_error(exc: ValidationError, given: Mapping[str, Any]) -> RequestValidationError:
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0] if errors else {"loc": (), "msg": str(exc)}
    message = str(first["msg"]).removeprefix("Value error, ")
    field = _argument_path(given, first["loc"])
    missing = first["loc"][-1] if first.get("type") == "missing" and first["loc"] else None
    if isinstance(missing, str):  # a required member the caller left out: name it, not its parent
        field = f"{field}.{missing}" if field else missing
    # A rule about several members (exactly one of file_ids / files) is located at their parent
    # object; the error it raised names the members.
    context: Any = first.get("ctx")
    cause = context.get("error") if isinstance(context, dict) else None
    members = getattr(cause, "fields", ())
    if members:
        field = ".".join(part for part in (field, " / ".join(members)) if part)
    if isinstance(cause, CheckError):  # a constraint inside the member: name its place
        field = ".".join(part for part in (field, cause.path) if part)
        message = cause.message
    return RequestValidationError(field, message, [dict(e) for e in errors])


def _argument_path(given: Any, loc: Sequence[int | str]) -> str:
    """The dotted path of an error location in the caller's arguments.

    Pydantic locations also name union members and tags; only the parts that exist in
    the arguments are kept.
    """
    parts: list[str] = []
    current = given
    for part in loc:
        in_mapping = isinstance(current, Mapping) and part in current
        in_sequence = isinstance(current, (list, tuple)) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_sequence:
            current = current[part]
        elif isinstance(current, BaseModel) and isinstance(part, str) and part in type(current).model_fields:
            current = getattr(current, part)
        else:
            continue
        parts.append(str(part))
    return ".".join(parts)
