"""The HTTP core shared by every resource: authentication, retries, timeouts, errors."""

from __future__ import annotations

import datetime
import email.utils
import os
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any, ParamSpec, Self, TypeVar, cast

import httpx
from pydantic import BaseModel

from ._constants import API_KEY_ENV, AUTH_HEADER, AUTH_SCHEME, BASE_URL_ENV, DEFAULT_BASE_URL, USER_AGENT
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    MissingAPIKeyError,
    status_error_class,
)
from ._pagination import AsyncCursorPage, CursorSpec, SyncCursorPage
from ._request import Endpoint, encode_body, encode_headers, encode_path, encode_query, merge_query
from ._response import RawResponse, decode_json, parse_model, redact
from ._streaming import AsyncStream, Stream
from ._types import NotGiven, Omit, RequestOptions, Timeout, not_given

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "SyncAPIClient",
    "SyncAPIResource",
    "async_to_raw_response_wrapper",
    "to_raw_response_wrapper",
]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
P = ParamSpec("P")

DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRYABLE_STATUS = frozenset({408, 409, 429})

_RAW: ContextVar[bool] = ContextVar(f"{__package__}_raw_response", default=False)


def retry_delay(retries_taken: int, headers: httpx.Headers | None, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before the next attempt.

    The server's ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date) is honoured
    when it asks for at most 60 s; otherwise ``min(0.5 * 2**n, 8)`` seconds, shortened by up
    to 25 % of jitter.
    """
    if headers is not None:
        suggested = _retry_after(headers)
        if suggested is not None and 0 <= suggested <= MAX_RETRY_AFTER:
            return suggested
    delay = min(INITIAL_RETRY_DELAY * 2.0**retries_taken, MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * rand())


def _retry_after(headers: httpx.Headers) -> float | None:
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return float(milliseconds) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        # A malformed date (e.g. "31 Feb") raises here: it is ignored, never an error of the call.
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:  # "-0000" means UTC without a named zone (RFC 5322)
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return max(parsed.timestamp() - time.time(), 0.0)


def should_retry(response: httpx.Response) -> bool:
    """Whether a failed response is worth another attempt (``x-should-retry`` decides first)."""
    verdict = response.headers.get("x-should-retry")
    if verdict == "true":
        return True
    if verdict == "false":
        return False
    return response.status_code in RETRYABLE_STATUS or response.status_code >= 500


def _timeout_of(timeout: Timeout, http_client: httpx.Client | httpx.AsyncClient | None) -> Timeout:
    """The client's timeout: a given ``http_client`` keeps its own unless it has httpx's default or ``timeout`` is given."""
    if http_client is not None and timeout is DEFAULT_TIMEOUT and http_client.timeout != httpx.Timeout(5.0):
        return http_client.timeout
    return timeout


class _BaseClient:
    """Configuration shared by the sync and async clients."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if not key:
            raise MissingAPIKeyError(
                f"no API key: pass api_key=... to the client or set the {API_KEY_ENV} environment variable"
            )
        if not key.isprintable() or any(ch.isspace() for ch in key):
            # It would fail on the wire as a "connection error" whose cause quotes the header (and the key).
            raise ValueError(
                f"the API key contains whitespace or control characters (a trailing newline in {API_KEY_ENV}?)"
            )
        self.api_key = key
        url = base_url if base_url is not None else os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        self.base_url = httpx.URL(str(url).rstrip("/") + "/")
        self.timeout = timeout
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError("max_retries must be a non-negative integer")
        self.max_retries = max_retries
        self.default_headers = dict(default_headers or {})
        self._sleep_hook: Callable[[float], object] | None = None
        self._clock: Callable[[], float] = time.monotonic
        self._random: Callable[[], float] = random.random

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self.base_url)!r}>"

    def _headers(self, endpoint: Endpoint, params: Mapping[str, Any], options: RequestOptions) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            AUTH_HEADER: f"{AUTH_SCHEME} {self.api_key}" if AUTH_SCHEME else self.api_key,
        }
        headers.update(self.default_headers)
        headers.update(encode_headers(endpoint, params))
        for name, value in (options.extra_headers or {}).items():
            headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
            if not isinstance(value, Omit):
                headers[name] = value
        return headers

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        endpoint: Endpoint,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
        accept: str | None = None,
    ) -> httpx.Request:
        """Check every argument and build the request; raises before any I/O."""
        path = encode_path(endpoint, params).lstrip("/")
        query = merge_query(encode_query(endpoint, params), options.extra_query)
        payload = encode_body(endpoint, body, options.extra_body)
        headers = self._headers(endpoint, params, options)
        if payload.content_type is not None:
            headers["Content-Type"] = payload.content_type
        if accept is not None:
            headers["Accept"] = accept
        timeout = self.timeout if isinstance(options.timeout, NotGiven) else options.timeout
        return http.build_request(
            endpoint.method,
            self.base_url.join(path),
            params=tuple(query),
            headers=headers,
            json=payload.json,
            data=payload.data,
            files=payload.files,
            content=payload.content,
            timeout=timeout,
        )

    def _retries(self, options: RequestOptions) -> int:
        return self.max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries

    def _status_error(self, response: httpx.Response) -> Exception:
        try:
            body: object = decode_json(response)
        except APIResponseValidationError:  # an error body that is not JSON is kept as text
            body = response.text
        detail = body.get("error", body) if isinstance(body, dict) else body
        message = f"Error code: {response.status_code} - {detail}"
        message = redact(message.replace(self.api_key, "***") if self.api_key else message, response)
        return status_error_class(response.status_code)(message, response=response, body=body)


class SyncAPIClient(_BaseClient):
    """The synchronous HTTP core."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=_timeout_of(timeout, http_client),
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout, follow_redirects=True)

    def close(self) -> None:
        """Close the underlying HTTP client (when the client created it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sleep(self, seconds: float) -> None:
        if self._sleep_hook is not None:
            self._sleep_hook(seconds)
        else:
            time.sleep(seconds)

    def send(
        self,
        endpoint: Endpoint,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
        *,
        stream: bool = False,
        accept: str | None = None,
    ) -> httpx.Response:
        """Send with retries; returns a 2xx response (unread when ``stream``) or raises a typed error."""
        request = self._build(self._http, endpoint, params, body, options, accept)
        max_retries = self._retries(options)
        retries = 0
        while True:
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TimeoutException as exc:
                if retries < max_retries:
                    self._sleep(retry_delay(retries, None, self._random))
                    retries += 1
                    continue
                raise APITimeoutError(request) from exc
            except httpx.RequestError as exc:
                if retries < max_retries:
                    self._sleep(retry_delay(retries, None, self._random))
                    retries += 1
                    continue
                raise APIConnectionError(request) from exc
            if response.is_success:
                return response
            if retries < max_retries and should_retry(response):
                response.close()
                self._sleep(retry_delay(retries, response.headers, self._random))
                retries += 1
                continue
            response.read()
            raise self._status_error(response)

    def call(
        self,
        endpoint: Endpoint,
        parse: Callable[[httpx.Response], T],
        *,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> T:
        """Send and parse; under ``with_raw_response`` returns the RawResponse instead."""
        response = self.send(endpoint, params, body, options)
        raw = RawResponse(response, parse)
        if _RAW.get():
            return cast(T, raw)
        return raw.parse()

    def call_stream(
        self,
        endpoint: Endpoint,
        parse: Callable[[Any], T],
        *,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> Stream[T]:
        """Send asking for server-sent events; the Stream parses each event with ``parse``."""
        response = self.send(endpoint, params, body, options, stream=True, accept="text/event-stream")
        return Stream(response, parse)

    def page(
        self,
        endpoint: Endpoint,
        model: type[BaseModel],
        spec: CursorSpec,
        *,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> SyncCursorPage[Any]:
        """Request one page of a cursor-paginated list; the page fetches the following ones."""

        def parse(response: httpx.Response) -> SyncCursorPage[Any]:
            def fetch(cursor: str) -> SyncCursorPage[Any]:
                following = {**params, spec.cursor_param: cursor}
                return self.page(endpoint, model, spec, params=following, body=body, options=options)

            return SyncCursorPage(parse_model(model, response), spec, fetch)

        return self.call(endpoint, parse, params=params, body=body, options=options)


class AsyncAPIClient(_BaseClient):
    """The asynchronous HTTP core."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=_timeout_of(timeout, http_client),
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout, follow_redirects=True)

    async def close(self) -> None:
        """Close the underlying HTTP client (when the client created it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _sleep(self, seconds: float) -> None:
        if self._sleep_hook is not None:
            result = self._sleep_hook(seconds)
            if isinstance(result, Awaitable):
                await result
        else:
            import asyncio  # here, not at the top: a program using only the sync client never loads asyncio

            await asyncio.sleep(seconds)

    async def send(
        self,
        endpoint: Endpoint,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
        *,
        stream: bool = False,
        accept: str | None = None,
    ) -> httpx.Response:
        """Send with retries; returns a 2xx response (unread when ``stream``) or raises a typed error."""
        request = self._build(self._http, endpoint, params, body, options, accept)
        max_retries = self._retries(options)
        retries = 0
        while True:
            try:
                response = await self._http.send(request, stream=stream)
            except httpx.TimeoutException as exc:
                if retries < max_retries:
                    await self._sleep(retry_delay(retries, None, self._random))
                    retries += 1
                    continue
                raise APITimeoutError(request) from exc
            except httpx.RequestError as exc:
                if retries < max_retries:
                    await self._sleep(retry_delay(retries, None, self._random))
                    retries += 1
                    continue
                raise APIConnectionError(request) from exc
            if response.is_success:
                return response
            if retries < max_retries and should_retry(response):
                await response.aclose()
                await self._sleep(retry_delay(retries, response.headers, self._random))
                retries += 1
                continue
            await response.aread()
            raise self._status_error(response)

    async def call(
        self,
        endpoint: Endpoint,
        parse: Callable[[httpx.Response], T],
        *,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> T:
        """Send and parse; under ``with_raw_response`` returns the RawResponse instead."""
        response = await self.send(endpoint, params, body, options)
        raw = RawResponse(response, parse)
        if _RAW.get():
            return cast(T, raw)
        return raw.parse()

    async def call_stream(
        self,
        endpoint: Endpoint,
        parse: Callable[[Any], T],
        *,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> AsyncStream[T]:
        """Send asking for server-sent events; the AsyncStream parses each event with ``parse``."""
        response = await self.send(endpoint, params, body, options, stream=True, accept="text/event-stream")
        return AsyncStream(response, parse)

    async def page(
        self,
        endpoint: Endpoint,
        model: type[BaseModel],
        spec: CursorSpec,
        *,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> AsyncCursorPage[Any]:
        """Request one page of a cursor-paginated list; the page fetches the following ones."""

        def parse(response: httpx.Response) -> AsyncCursorPage[Any]:
            async def fetch(cursor: str) -> AsyncCursorPage[Any]:
                following = {**params, spec.cursor_param: cursor}
                return await self.page(endpoint, model, spec, params=following, body=body, options=options)

            return AsyncCursorPage(parse_model(model, response), spec, fetch)

        return await self.call(endpoint, parse, params=params, body=body, options=options)


class SyncAPIResource:
    """Base of generated sync resources."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of generated async resources."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client


def to_raw_response_wrapper(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """Wrap a resource method so it returns the RawResponse of its call."""

    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _RAW.set(True)
        try:
            return cast(RawResponse[T], method(*args, **kwargs))
        finally:
            _RAW.reset(token)

    wrapped.__doc__ = method.__doc__
    return wrapped


def async_to_raw_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """Wrap an async resource method so it returns the RawResponse of its call."""

    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _RAW.set(True)
        try:
            return cast(RawResponse[T], await method(*args, **kwargs))
        finally:
            _RAW.reset(token)

    wrapped.__doc__ = method.__doc__
    return wrapped


def options(
    extra_headers: Mapping[str, str | Omit] | None,
    extra_query: Mapping[str, object] | None,
    extra_body: Mapping[str, object] | None,
    timeout: Timeout | NotGiven,
    max_retries: int | NotGiven = not_given,
) -> RequestOptions:
    """Bundle the per-call options of a generated method."""
    return RequestOptions(extra_headers, extra_query, extra_body, timeout, max_retries)
