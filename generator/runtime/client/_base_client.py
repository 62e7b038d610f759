"""The HTTP core shared by every resource: authentication, client options, retries, timeouts, errors."""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

import httpx
from pydantic import BaseModel

from ._auth import Credentials
from ._constants import BASE_URL_ENV, CLIENT_OPTIONS, DEFAULT_BASE_URL, USER_AGENT, VERSION
from ._exceptions import APIConnectionError, APIStatusError, APITimeoutError, status_error_class
from ._platform import platform_headers
from ._request import Endpoint, encode_body, encode_cookies, encode_headers, encode_path, encode_query, merge_query
from ._response import SECRETS, RawResponse, parse_model, redact
from ._retries import retry_delay, should_retry
from ._streamed_response import APIResponse, AsyncAPIResponse
from ._streaming import AsyncStream, Stream
from ._types import NotGiven, Omit, RequestOptions, Timeout
from ._wrappers import CALL_MODE

if TYPE_CHECKING:  # pages are pydantic models: their module loads on the first list call, not at import
    from ._pagination import AsyncCursorPage, AsyncPaginator, CursorSpec, SyncCursorPage

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "SyncAPIClient",
    "SyncAPIResource",
]

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
RETRY_COUNT_HEADER = "x-stainless-retry-count"
READ_TIMEOUT_HEADER = "x-stainless-read-timeout"


def _timeout_of(timeout: Timeout, http_client: httpx.Client | httpx.AsyncClient | None) -> Timeout:
    """The client's timeout: a given ``http_client`` keeps its own unless it has httpx's default or ``timeout`` is given."""
    if http_client is not None and timeout is DEFAULT_TIMEOUT and http_client.timeout != httpx.Timeout(5.0):
        return http_client.timeout
    return timeout


def merge_headers(headers: Mapping[str, str], updates: Mapping[str, str | Omit] | None) -> dict[str, str]:
    """``headers`` with ``updates`` over them, names compared case-insensitively; ``omit`` removes a header."""
    if not updates:
        return dict(headers)
    replaced = {name.lower() for name in updates}
    merged = {name: value for name, value in headers.items() if name.lower() not in replaced}
    merged.update({name: value for name, value in updates.items() if not isinstance(value, Omit)})
    return merged


class _BaseClient:
    """Configuration shared by the sync and async clients."""

    def __init__(
        self,
        *,
        credentials: Mapping[str, str | None],
        base_url: str | httpx.URL | None,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str | Omit] | None,
        default_query: Mapping[str, object] | None,
        options: Mapping[str, str | None],
        asynchronous: str,
    ) -> None:
        # The spec's credentials: each argument, else its environment variable (docs/security.md).
        self._credentials = Credentials(credentials)
        url = base_url if base_url is not None else os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        if not url:
            raise ValueError(
                f"no base URL: the spec names no server; pass base_url=... or set the {BASE_URL_ENV} environment variable"
            )
        self.base_url = httpx.URL(str(url).rstrip("/") + "/")
        self.timeout = timeout
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError("max_retries must be a non-negative integer")
        self.max_retries = max_retries
        self.default_headers: dict[str, str | Omit] = dict(default_headers or {})
        self.default_query: dict[str, object] = dict(default_query or {})
        # Options the spec declares (x-specgen-client `options`): the argument, else the environment variable.
        self._options: dict[str, str | None] = {
            name: options.get(name) if options.get(name) is not None else os.environ.get(env)
            for name, _, env in CLIENT_OPTIONS
        }
        # Built once: httpx normalizes each header it is given, and most are the same on every request.
        self._fixed_headers = httpx.Headers(merge_headers(self._own_headers(asynchronous), self.default_headers))
        self._default_header_names = {name.lower() for name in self.default_headers}
        self._counts_retries = RETRY_COUNT_HEADER not in self._default_header_names
        self._sleep_hook: Callable[[float], object] | None = None
        self._clock: Callable[[], float] = time.monotonic
        self._random: Callable[[], float] = random.random

    def _own_headers(self, asynchronous: str) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **platform_headers(VERSION),
            "X-Stainless-Async": asynchronous,
        }
        for name, header, _ in CLIENT_OPTIONS:
            value = self._options[name]
            if value is not None:
                headers[header] = value
        return headers

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self.base_url)!r}>"

    def _copied_defaults(
        self,
        default_headers: Mapping[str, str | Omit] | None,
        set_default_headers: Mapping[str, str | Omit] | None,
        default_query: Mapping[str, object] | None,
        set_default_query: Mapping[str, object] | None,
    ) -> tuple[dict[str, str | Omit], dict[str, object]]:
        """The default headers and query of a copy: merged over this client's, or replacing them (``set_*``)."""
        if default_headers is not None and set_default_headers is not None:
            raise ValueError("The `default_headers` and `set_default_headers` arguments are mutually exclusive")
        if default_query is not None and set_default_query is not None:
            raise ValueError("The `default_query` and `set_default_query` arguments are mutually exclusive")
        headers = dict(set_default_headers) if set_default_headers is not None else self.default_headers
        query = dict(set_default_query) if set_default_query is not None else self.default_query
        return {**headers, **(default_headers or {})}, {**query, **(default_query or {})}

    def _kept_base_url(self, base_url: str | httpx.URL | None) -> str | httpx.URL:
        """``copy()``'s base URL: the one given, else this client's."""
        return self.base_url if base_url is None else base_url

    def _copy_hooks(self, copy: _BaseClient) -> None:
        copy._sleep_hook, copy._clock, copy._random = self._sleep_hook, self._clock, self._random

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        endpoint: Endpoint,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
        accept: str | None = None,
    ) -> tuple[httpx.Request, bool]:
        """Check every argument and build the request; raises before any I/O.

        Also says whether each attempt sends its retry count (unless the caller set that header).
        """
        path = encode_path(endpoint, params).lstrip("/")
        query = encode_query(endpoint, params)
        sent = self._credentials.for_request(endpoint.security, f"{endpoint.method} {endpoint.path}")
        query.extend(sent.query)
        if self.default_query:  # under the operation's own parameters
            given = {name for name, _ in query}
            query = [*merge_query([], {k: v for k, v in self.default_query.items() if k not in given}), *query]
        query = merge_query(query, options.extra_query)
        payload = encode_body(endpoint, body, options.extra_body)
        timeout = self.timeout if isinstance(options.timeout, NotGiven) else options.timeout
        headers = self._fixed_headers.copy()
        for name, value in sent.headers.items():  # under the caller's default headers
            if name.lower() not in self._default_header_names:
                headers[name] = value
        for name, value in encode_headers(endpoint, params).items():
            headers[name] = value
        cookies = encode_cookies(endpoint, params, sent.cookies)
        if cookies:
            headers["Cookie"] = cookies
        if payload.content_type is not None:
            headers["Content-Type"] = payload.content_type
        if accept is not None:
            headers["Accept"] = accept
        read_timeout = timeout.read if isinstance(timeout, httpx.Timeout) else timeout
        if read_timeout is not None:
            headers[READ_TIMEOUT_HEADER] = str(read_timeout)
        counts = self._counts_retries
        if counts:
            headers[RETRY_COUNT_HEADER] = "0"
        for name, extra in (options.extra_headers or {}).items():  # the caller's, over everything (omit removes)
            if isinstance(extra, Omit):
                headers.pop(name, None)
            else:
                headers[name] = extra
            counts = counts and name.lower() != RETRY_COUNT_HEADER
        request = http.build_request(
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
        request.extensions[SECRETS] = sent.secrets  # what error messages made from its response hide
        return request, counts

    def _retries(self, options: RequestOptions) -> int:
        return self.max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries

    def _status_error(self, response: httpx.Response) -> APIStatusError:
        """The typed error of a 4xx/5xx response: ``body`` is the JSON body's ``error`` object when it has one."""
        text = response.text.strip()
        body: object
        try:
            body = json.loads(text, parse_constant=_reject_constant)
        except ValueError:  # an error body that is not JSON is kept as text
            body, message = text, text or f"Error code: {response.status_code}"
        else:
            message = f"Error code: {response.status_code} - {body}"
        for secret in self._credentials.secrets:
            message = message.replace(secret, "***")
        message = redact(message, response)
        detail = body.get("error", body) if isinstance(body, dict) else body
        return status_error_class(response.status_code)(message, response=response, body=detail)


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not valid JSON")


class SyncAPIClient(_BaseClient):
    """The synchronous HTTP core."""

    def __init__(
        self,
        *,
        credentials: Mapping[str, str | None] | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        options: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(
            credentials=credentials or {},
            base_url=base_url,
            timeout=_timeout_of(timeout, http_client),
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            options=options or {},
            asynchronous="false",
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
    ) -> tuple[httpx.Response, int]:
        """Send with retries; returns a 2xx response (unread when ``stream``) and the retries it took, or raises."""
        request, counts = self._build(self._http, endpoint, params, body, options, accept)
        max_retries = self._retries(options)
        retries = 0
        while True:
            if counts and retries:
                request.headers[RETRY_COUNT_HEADER] = str(retries)
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
                return response, retries
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
        """Send and parse; under ``with_raw_response`` / ``with_streaming_response`` returns the response instead."""
        mode = CALL_MODE.get()
        response, retries = self.send(endpoint, params, body, options, stream=mode == "stream")
        if mode == "parse":
            return parse(response)
        if mode == "raw":
            return cast(T, RawResponse(response, parse, retries))
        return cast(T, APIResponse(response, parse, retries))

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
        mode = CALL_MODE.get()
        response, retries = self.send(endpoint, params, body, options, stream=True, accept="text/event-stream")
        if mode == "parse":
            return Stream(response, parse)

        def stream(unread: httpx.Response) -> Stream[T]:
            return Stream(unread, parse)

        if mode == "raw":
            return cast(Stream[T], RawResponse(response, stream, retries, lazy=True))
        return cast(Stream[T], APIResponse(response, stream, retries, lazy=True))

    def page(
        self,
        endpoint: Endpoint,
        model: type[BaseModel],
        item: type[Any],
        spec: CursorSpec,
        *,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> SyncCursorPage[Any]:
        """Request one page of a cursor-paginated list (a ``SyncCursorPage[item]``); it fetches the following ones."""
        from ._pagination import SyncCursorPage, page_class

        cls = page_class(SyncCursorPage, item)

        def parse(response: httpx.Response) -> SyncCursorPage[Any]:
            def fetch(cursor: str) -> SyncCursorPage[Any]:
                following = {**params, spec.cursor_param: cursor}
                return self.page(endpoint, model, item, spec, params=following, body=body, options=options)

            return cls.read(parse_model(model, response), spec, fetch)

        return self.call(endpoint, parse, params=params, body=body, options=options)


class AsyncAPIClient(_BaseClient):
    """The asynchronous HTTP core."""

    def __init__(
        self,
        *,
        credentials: Mapping[str, str | None] | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        options: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(
            credentials=credentials or {},
            base_url=base_url,
            timeout=_timeout_of(timeout, http_client),
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            options=options or {},
            asynchronous="async:asyncio",
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
    ) -> tuple[httpx.Response, int]:
        """Send with retries; returns a 2xx response (unread when ``stream``) and the retries it took, or raises."""
        request, counts = self._build(self._http, endpoint, params, body, options, accept)
        max_retries = self._retries(options)
        retries = 0
        while True:
            if counts and retries:
                request.headers[RETRY_COUNT_HEADER] = str(retries)
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
                return response, retries
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
        """Send and parse; under ``with_raw_response`` / ``with_streaming_response`` returns the response instead."""
        mode = CALL_MODE.get()
        response, retries = await self.send(endpoint, params, body, options, stream=mode == "stream")
        if mode == "parse":
            return parse(response)
        if mode == "raw":
            return cast(T, RawResponse(response, parse, retries))
        return cast(T, AsyncAPIResponse(response, parse, retries))

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
        mode = CALL_MODE.get()
        response, retries = await self.send(endpoint, params, body, options, stream=True, accept="text/event-stream")
        if mode == "parse":
            return AsyncStream(response, parse)

        def stream(unread: httpx.Response) -> AsyncStream[T]:
            return AsyncStream(unread, parse)

        if mode == "raw":
            return cast(AsyncStream[T], RawResponse(response, stream, retries, lazy=True))
        return cast(AsyncStream[T], AsyncAPIResponse(response, stream, retries, lazy=True))

    def page(
        self,
        endpoint: Endpoint,
        model: type[BaseModel],
        item: type[Any],
        spec: CursorSpec,
        *,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> AsyncPaginator[Any, AsyncCursorPage[Any]]:
        """A paginator over a cursor-paginated list: ``await`` it for the first page, ``async for`` for every item."""
        from ._pagination import AsyncPaginator

        return AsyncPaginator(lambda: self._page(endpoint, model, item, spec, params, body, options))

    async def _page(
        self,
        endpoint: Endpoint,
        model: type[BaseModel],
        item: type[Any],
        spec: CursorSpec,
        params: Mapping[str, Any],
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> AsyncCursorPage[Any]:
        from ._pagination import AsyncCursorPage, page_class

        cls = page_class(AsyncCursorPage, item)

        def parse(response: httpx.Response) -> AsyncCursorPage[Any]:
            async def fetch(cursor: str) -> AsyncCursorPage[Any]:
                following = {**params, spec.cursor_param: cursor}
                return await self._page(endpoint, model, item, spec, following, body, options)

            return cls.read(parse_model(model, response), spec, fetch)

        return await self.call(endpoint, parse, params=params, body=body, options=options)


class SyncAPIResource:
    """Base of generated sync resources."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def _sleep(self, seconds: float) -> None:
        """Wait between polls (the client's sleep)."""
        self._client._sleep(seconds)


class AsyncAPIResource:
    """Base of generated async resources."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def _sleep(self, seconds: float) -> None:
        """Wait between polls (the client's sleep)."""
        await self._client._sleep(seconds)
