"""Server-sent events: ``Stream`` (sync) and ``AsyncStream`` iterate a response's events as typed objects."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

import httpx

from ._exceptions import APIResponseValidationError

__all__ = ["AsyncStream", "ServerSentEvent", "Stream"]

T = TypeVar("T")


@dataclass(frozen=True)
class ServerSentEvent:
    """One event as sent: its ``event`` name, ``data`` text, ``id`` and ``retry``."""

    event: str | None
    data: str
    id: str | None
    retry: int | None


class _Decoder:
    """Assembles events from lines (https://html.spec.whatwg.org/multipage/server-sent-events.html)."""

    def __init__(self) -> None:
        self.event: str | None = None
        self.data: list[str] = []
        self.id: str | None = None
        self.retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        if not line:
            if not self.data and self.event is None:
                return None
            event = ServerSentEvent(self.event, "\n".join(self.data), self.id, self.retry)
            self.event, self.data = None, []
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            self.event = value
        elif name == "data":
            self.data.append(value)
        elif name == "id" and "\x00" not in value:
            self.id = value
        elif name == "retry" and value.isdigit():
            self.retry = int(value)
        return None


def _decode(response: httpx.Response, parse: Callable[[Any], T], sse: ServerSentEvent) -> T | None:
    if sse.data.strip() == "[DONE]":
        return None
    try:
        data = json.loads(sse.data)
    except ValueError:
        excerpt = sse.data if len(sse.data) <= 200 else sse.data[:200] + "..."
        raise APIResponseValidationError(
            f"event data is not valid JSON: {excerpt!r}", response=response, body=sse.data
        ) from None
    return parse(data)


class Stream(Generic[T]):
    """The events of a streamed response; iterate it (or use ``with``) and it closes itself at the end."""

    def __init__(self, response: httpx.Response, parse: Callable[[Any], T]) -> None:
        self.response = response
        self._parse = parse

    def events(self) -> Iterator[ServerSentEvent]:
        """The raw events, as sent."""
        decoder = _Decoder()
        try:
            for line in self.response.iter_lines():
                event = decoder.feed(line)
                if event is not None:
                    yield event
            last = decoder.feed("")
            if last is not None:
                yield last
        finally:
            self.response.close()

    def __iter__(self) -> Iterator[T]:
        for sse in self.events():
            if sse.data.strip() == "[DONE]":
                break
            item = _decode(self.response, self._parse, sse)
            if item is not None:
                yield item

    def close(self) -> None:
        """Close the connection without reading the rest."""
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """The events of a streamed response, for ``async for``."""

    def __init__(self, response: httpx.Response, parse: Callable[[Any], T]) -> None:
        self.response = response
        self._parse = parse

    async def events(self) -> AsyncIterator[ServerSentEvent]:
        """The raw events, as sent."""
        decoder = _Decoder()
        try:
            async for line in self.response.aiter_lines():
                event = decoder.feed(line)
                if event is not None:
                    yield event
            last = decoder.feed("")
            if last is not None:
                yield last
        finally:
            await self.response.aclose()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for sse in self.events():
            if sse.data.strip() == "[DONE]":
                break
            item = _decode(self.response, self._parse, sse)
            if item is not None:
                yield item

    async def close(self) -> None:
        """Close the connection without reading the rest."""
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
