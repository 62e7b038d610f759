"""Responses under ``with_streaming_response``: the body is read only when asked for."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar, overload

from ._response import _Exchange, decode_json

__all__ = ["APIResponse", "AsyncAPIResponse"]

T = TypeVar("T")
R = TypeVar("R")


class APIResponse(_Exchange[T]):
    """A response whose body is read on demand: ``read()``, ``text()``, ``json()``, ``iter_*()`` or ``parse()``.

    Use it through ``with client....with_streaming_response.<method>(...) as response:``; leaving the
    block closes it.
    """

    def read(self) -> bytes:
        """The whole body (read once)."""
        return self.http_response.read()

    def text(self) -> str:
        """The body as text."""
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        """The body as JSON (parsed strictly)."""
        self.read()
        return decode_json(self.http_response)

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks of bytes, decoded from its content encoding."""
        yield from self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body in chunks of text."""
        yield from self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        """The body line by line."""
        yield from self.http_response.iter_lines()

    def close(self) -> None:
        """Release the connection (what is unread is dropped)."""
        self.http_response.close()

    @overload
    def parse(self) -> T: ...

    @overload
    def parse(self, *, to: type[R]) -> R: ...

    def parse(self, *, to: type[R] | None = None) -> T | R:
        """Read the body and return the object the method returns; ``to``: the body as that type instead."""
        if to is not None or not self._lazy:
            self.read()
        result: T | R = self._parsed_as(to)
        return result


class AsyncAPIResponse(_Exchange[T]):
    """The async :class:`APIResponse`: ``await response.parse()``, ``async for line in response.iter_lines()``."""

    async def read(self) -> bytes:
        """The whole body (read once)."""
        return await self.http_response.aread()

    async def text(self) -> str:
        """The body as text."""
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        """The body as JSON (parsed strictly)."""
        await self.read()
        return decode_json(self.http_response)

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks of bytes, decoded from its content encoding."""
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body in chunks of text."""
        async for chunk in self.http_response.aiter_text(chunk_size):
            yield chunk

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body line by line."""
        async for line in self.http_response.aiter_lines():
            yield line

    async def close(self) -> None:
        """Release the connection (what is unread is dropped)."""
        await self.http_response.aclose()

    @overload
    async def parse(self) -> T: ...

    @overload
    async def parse(self, *, to: type[R]) -> R: ...

    async def parse(self, *, to: type[R] | None = None) -> T | R:
        """Read the body and return the object the method returns; ``to``: the body as that type instead."""
        if to is not None or not self._lazy:
            await self.read()
        result: T | R = self._parsed_as(to)
        return result
