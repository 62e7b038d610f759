"""``with_raw_response`` and ``with_streaming_response``: the same methods, returning the HTTP response.

A wrapper sets :data:`CALL_MODE` while its method runs; the client's ``call`` then returns a
:class:`~._response.RawResponse` (body read) or an :class:`~._streamed_response.APIResponse`
(body unread) instead of the parsed object.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Generic, Literal, ParamSpec, TypeVar, cast

from ._response import RawResponse
from ._streamed_response import APIResponse, AsyncAPIResponse

__all__ = [
    "CALL_MODE",
    "AsyncResponseContextManager",
    "ResponseContextManager",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

T = TypeVar("T")
P = ParamSpec("P")

#: What a client call returns: the parsed object, a RawResponse or an unread APIResponse.
CALL_MODE: ContextVar[Literal["parse", "raw", "stream"]] = ContextVar(f"{__package__}_call_mode", default="parse")


def to_raw_response_wrapper(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """Wrap a resource method so it returns the RawResponse of its call."""

    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = CALL_MODE.set("raw")
        try:
            return cast(RawResponse[T], method(*args, **kwargs))
        finally:
            CALL_MODE.reset(token)

    wrapped.__doc__ = method.__doc__
    return wrapped


def async_to_raw_response_wrapper(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """Wrap an async resource method so it returns the RawResponse of its call."""

    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = CALL_MODE.set("raw")
        try:
            return cast(RawResponse[T], await method(*args, **kwargs))
        finally:
            CALL_MODE.reset(token)

    wrapped.__doc__ = method.__doc__
    return wrapped


class ResponseContextManager(Generic[T]):
    """``with ... as response``: sends the request on entry, closes the response on exit."""

    def __init__(self, send: Callable[[], APIResponse[T]]) -> None:
        self._send = send
        self._response: APIResponse[T] | None = None

    def __enter__(self) -> APIResponse[T]:
        token = CALL_MODE.set("stream")
        try:
            self._response = self._send()
        finally:
            CALL_MODE.reset(token)
        return self._response

    def __exit__(self, *exc: object) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[T]):
    """``async with ... as response``: sends the request on entry, closes the response on exit."""

    def __init__(self, send: Callable[[], Awaitable[AsyncAPIResponse[T]]]) -> None:
        self._send = send
        self._response: AsyncAPIResponse[T] | None = None

    async def __aenter__(self) -> AsyncAPIResponse[T]:
        token = CALL_MODE.set("stream")
        try:
            self._response = await self._send()
        finally:
            CALL_MODE.reset(token)
        return self._response

    async def __aexit__(self, *exc: object) -> None:
        if self._response is not None:
            await self._response.close()


def to_streamed_response_wrapper(method: Callable[P, T]) -> Callable[P, ResponseContextManager[T]]:
    """Wrap a resource method so it returns a context manager giving the unread APIResponse of its call."""

    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseContextManager[T]:
        return ResponseContextManager(lambda: cast(APIResponse[T], method(*args, **kwargs)))

    wrapped.__doc__ = method.__doc__
    return wrapped


def async_to_streamed_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, AsyncResponseContextManager[T]]:
    """Wrap an async resource method so it returns an async context manager giving the unread AsyncAPIResponse."""

    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[T]:
        async def send() -> AsyncAPIResponse[T]:
            response: Any = await method(*args, **kwargs)
            return cast(AsyncAPIResponse[T], response)

        return AsyncResponseContextManager(send)

    wrapped.__doc__ = method.__doc__
    return wrapped
