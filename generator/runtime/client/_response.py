"""Responses: strict JSON decoding, lenient model parsing, raw access."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, overload

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from ._exceptions import APIResponseValidationError
from ._models import built

__all__ = [
    "RESPONSE_CONTEXT",
    "SECRETS",
    "RawResponse",
    "decode_json",
    "parse_as",
    "parse_by_status",
    "parse_model",
    "parse_none",
    "pointer_value",
    "redact",
    "wire_value",
]

T = TypeVar("T")
R = TypeVar("R")
M = TypeVar("M", bound=BaseModel)

#: Validation context of response parsing: models then warn about broken invariants instead of raising.
RESPONSE_CONTEXT = {"specgen_response": True}
_EXCERPT = 200


def _excerpt(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "..."


#: The request extension holding the secrets the request was sent with.
SECRETS = "specgen_secrets"


def redact(text: str, response: httpx.Response) -> str:
    """``text`` without the credentials the request was sent with (a server may echo them back)."""
    try:
        secrets = response.request.extensions.get(SECRETS, ())
    except RuntimeError:  # a response built without a request
        return text
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text


def decode_json(response: httpx.Response) -> Any:
    """The response body as JSON, parsed strictly (no NaN, no trailing commas)."""
    text = response.text
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise APIResponseValidationError(
            f"response body is not valid JSON ({exc}): {_excerpt(redact(text, response))!r}",
            response=response,
            body=text,
        ) from None


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not valid JSON")


def parse_model(cast_to: type[M], response: httpx.Response) -> M:
    """Decode the body and validate it as ``cast_to`` (enums are open, unknown fields kept)."""
    data = decode_json(response)
    try:
        return cast_to.model_validate(data, context=RESPONSE_CONTEXT)
    except ValidationError as exc:
        raise APIResponseValidationError(
            f"response does not match {cast_to.__name__}: {exc.errors(include_url=False)[0]['msg']}",
            response=response,
            body=data,
        ) from None


def parse_bytes(response: httpx.Response) -> bytes:
    """A binary response's body."""
    return response.content


def parse_text(response: httpx.Response) -> str:
    """A text response's body."""
    return response.text


def event_parser(cast_to: type[M]) -> Callable[[Any], M]:
    """Validates one streamed event's JSON data as ``cast_to`` (leniently, like responses)."""

    def parse(data: Any) -> M:
        return cast_to.model_validate(data, context=RESPONSE_CONTEXT)

    return parse


def raw_event(data: Any) -> Any:
    """A streamed event's JSON data, for streams without an event schema."""
    return data


def parse_none(response: httpx.Response) -> None:
    """For operations without a response body: nothing to parse."""


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(type_: Any) -> TypeAdapter[Any]:
    """One ``TypeAdapter`` per response type (building one builds a validator: not per response)."""
    try:
        return _ADAPTERS[type_]
    except KeyError:
        adapter: TypeAdapter[Any] = built(lambda: TypeAdapter(type_))
        _ADAPTERS[type_] = adapter
        return adapter
    except TypeError:  # an unhashable type
        return built(lambda: TypeAdapter(type_))


def parse_by_status(
    parsers: Mapping[int, Callable[[httpx.Response], Any]],
    default: Callable[[httpx.Response], Any],
    response: httpx.Response,
) -> Any:
    """The body as the response's status describes it (success statuses with different bodies)."""
    return parsers.get(response.status_code, default)(response)


def parse_value(cast_to: Any, response: httpx.Response) -> Any:
    """Decode the body and validate it against any type (for non-model responses)."""
    data = decode_json(response)
    try:
        return _adapter(cast_to).validate_python(data, context=RESPONSE_CONTEXT)
    except ValidationError as exc:
        raise APIResponseValidationError(
            f"response does not match the expected type: {exc.errors(include_url=False)[0]['msg']}",
            response=response,
            body=data,
        ) from None


class _Exchange(Generic[T]):
    """What every response object tells about its HTTP exchange, and ``parse()``'s cache."""

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[httpx.Response], T],
        retries_taken: int = 0,
        *,
        lazy: bool = False,
    ) -> None:
        self.http_response = response
        self.retries_taken = retries_taken  # how many times the request was retried before this response
        self._parse = parse
        self._lazy = lazy  # parse() reads the body itself (a stream of server-sent events)
        self._parsed: list[T] = []

    @property
    def http_request(self) -> httpx.Request:
        """The request that was sent (the last attempt's)."""
        return self.http_response.request

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def url(self) -> httpx.URL:
        """The URL of the request."""
        return self.http_response.request.url

    @property
    def method(self) -> str:
        """The HTTP method of the request."""
        return self.http_response.request.method

    @property
    def http_version(self) -> str:
        """The HTTP version of the response (``HTTP/1.1``, ``HTTP/2``)."""
        return self.http_response.http_version

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to the end of the response (once the body was read or closed)."""
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        """Whether the body was read to the end or the connection released."""
        return self.http_response.is_closed

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` header, if the server sent one."""
        value = self.http_response.headers.get("x-request-id")
        return None if value is None else str(value)

    def _parsed_as(self, to: Any) -> Any:
        if to is not None:
            return parse_as(to, self.http_response)
        if not self._parsed:
            self._parsed.append(self._parse(self.http_response))
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.method} {self.url.path}>"


class RawResponse(_Exchange[T]):
    """The HTTP response of a call under ``with_raw_response`` (body already read); ``parse()`` gives the object."""

    @property
    def content(self) -> bytes:
        """The raw body."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body as text."""
        return self.http_response.text

    def json(self) -> Any:
        """The body as JSON (parsed strictly)."""
        return decode_json(self.http_response)

    @overload
    def parse(self) -> T: ...

    @overload
    def parse(self, *, to: type[R]) -> R: ...

    def parse(self, *, to: type[R] | None = None) -> T | R:
        """The object the method returns (computed once); ``to``: the body as that type instead
        (a model class, ``str``, ``bytes``, ``httpx.Response``, ``dict``, ...)."""
        result: T | R = self._parsed_as(to)
        return result


def parse_as(to: Any, response: httpx.Response) -> Any:
    """The body as the type ``to``: ``httpx.Response`` itself, ``str``, ``bytes``, a model, or any type pydantic validates."""
    if to is httpx.Response:
        return response
    if to is str:
        return response.text
    if to is bytes:
        return response.content
    if isinstance(to, type) and issubclass(to, BaseModel):
        return parse_model(to, response)
    return parse_value(to, response)


def wire_value(model: object, wire_name: str) -> Any:
    """The value of the member called ``wire_name`` on the wire (fields may be renamed in Python); None if unset."""
    if isinstance(model, BaseModel):
        for name, info in type(model).model_fields.items():
            if (info.alias or name) == wire_name:
                return getattr(model, name, None)  # a model built without validation may lack it
        extra = model.model_extra or {}
        return extra.get(wire_name)
    if isinstance(model, dict):
        return model.get(wire_name)
    return getattr(model, wire_name, None)


def pointer_value(model: object, pointer: str) -> Any:
    """The value at an RFC 6901 pointer inside a response object (for links between operations)."""
    current = model
    for token in pointer.lstrip("/").split("/") if pointer else []:
        token = token.replace("~1", "/").replace("~0", "~")
        current = current[int(token)] if isinstance(current, list) else wire_value(current, token)
    return current
