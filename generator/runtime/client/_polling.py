"""Polling: repeat a retrieve until a terminal status, with a deadline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import httpx

from ._exceptions import PollTimeoutError
from ._response import RawResponse, wire_value

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["PollSpec", "async_poll", "poll"]

T = TypeVar("T")


@dataclass(frozen=True)
class PollSpec:
    """Which status values end polling and where the server's suggested wait comes from."""

    status: str
    terminal: frozenset[str]
    interval_header: str | None
    default_interval_ms: int


def _interval(spec: PollSpec, headers: httpx.Headers, poll_interval_ms: int | None) -> float:
    if poll_interval_ms is not None:
        return poll_interval_ms / 1000
    if spec.interval_header is not None:
        hint = headers.get(spec.interval_header)
        if hint is not None and hint.strip().isdigit():
            return int(hint.strip()) / 1000
    return spec.default_interval_ms / 1000


def _check(poll_interval_ms: int | None, max_wait_seconds: float | None) -> None:
    if poll_interval_ms is not None and poll_interval_ms < 0:
        raise ValueError("poll_interval_ms must not be negative")
    if max_wait_seconds is not None and max_wait_seconds < 0:
        raise ValueError("max_wait_seconds must not be negative")


def poll(
    client: SyncAPIClient,
    fetch: Callable[[], RawResponse[T]],
    spec: PollSpec,
    *,
    poll_interval_ms: int | None,
    max_wait_seconds: float | None,
) -> T:
    """Call ``fetch`` until the status is terminal; any other status (even unknown) keeps polling."""
    _check(poll_interval_ms, max_wait_seconds)
    start = client._clock()
    while True:
        raw = fetch()
        current = raw.parse()
        status = wire_value(current, spec.status)
        if status in spec.terminal:
            return current
        wait = _interval(spec, raw.headers, poll_interval_ms)
        if max_wait_seconds is not None:
            remaining = max_wait_seconds - (client._clock() - start)
            if remaining <= 0:
                raise PollTimeoutError(f"still {status!r} after {max_wait_seconds} s of polling", last=current)
            wait = min(wait, remaining)
        client._sleep(wait)


async def async_poll(
    client: AsyncAPIClient,
    fetch: Callable[[], Awaitable[RawResponse[T]]],
    spec: PollSpec,
    *,
    poll_interval_ms: int | None,
    max_wait_seconds: float | None,
) -> T:
    """Async :func:`poll`."""
    _check(poll_interval_ms, max_wait_seconds)
    start = client._clock()
    while True:
        raw = await fetch()
        current = raw.parse()
        status = wire_value(current, spec.status)
        if status in spec.terminal:
            return current
        wait = _interval(spec, raw.headers, poll_interval_ms)
        if max_wait_seconds is not None:
            remaining = max_wait_seconds - (client._clock() - start)
            if remaining <= 0:
                raise PollTimeoutError(f"still {status!r} after {max_wait_seconds} s of polling", last=current)
            wait = min(wait, remaining)
        await client._sleep(wait)
