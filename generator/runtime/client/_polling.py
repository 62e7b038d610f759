"""Polling: repeat a retrieve until the resource is done, with an optional deadline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ._exceptions import PollTimeoutError
from ._response import RawResponse, pointer_value, wire_value
from ._types import NotGiven, Omit, Timeout

if TYPE_CHECKING:
    from ._base_client import AsyncAPIResource, SyncAPIResource

__all__ = ["POLL_HELPER_HEADER", "POLL_INTERVAL_HEADER", "PollSpec", "async_poll", "poll", "poll_arguments"]

T = TypeVar("T")

#: Sent with every polling request, as the official SDKs do (the server may treat polls differently).
POLL_HELPER_HEADER = "X-Stainless-Poll-Helper"
#: Sent when the caller chose the interval: the wait between polls, in milliseconds.
POLL_INTERVAL_HEADER = "X-Stainless-Custom-Poll-Interval"


@dataclass(frozen=True)
class PollSpec:
    """When polling ends and where the server's suggested wait comes from.

    Polling ends on a ``terminal`` status. A status documented as ``pending`` keeps polling; any
    other (unknown or absent) keeps polling too, unless ``pending_count`` points at a count of
    what is still in progress and that count is 0.
    """

    status: str
    terminal: frozenset[str]
    interval_header: str | None
    default_interval_ms: int
    pending: frozenset[str] = frozenset()
    pending_count: str | None = None  # JSON pointer into the response


def poll_arguments(
    extra_headers: Mapping[str, str | Omit] | None,
    extra_query: Mapping[str, object] | None,
    timeout: Timeout | NotGiven,
    poll_interval_ms: int | Omit,
) -> dict[str, Any]:
    """The keyword arguments of each polling request: the poll headers, then what the caller gave."""
    headers: dict[str, str | Omit] = {POLL_HELPER_HEADER: "true"}
    if not isinstance(poll_interval_ms, Omit):
        headers[POLL_INTERVAL_HEADER] = str(poll_interval_ms)
    headers.update(extra_headers or {})
    arguments: dict[str, Any] = {"extra_headers": headers}
    if extra_query is not None:
        arguments["extra_query"] = extra_query
    if not isinstance(timeout, NotGiven):
        arguments["timeout"] = timeout
    return arguments


def is_done(spec: PollSpec, current: object) -> bool:
    """Whether polling ends with ``current`` (see :class:`PollSpec`)."""
    status = wire_value(current, spec.status)
    if status in spec.terminal:
        return True
    if status in spec.pending or spec.pending_count is None:
        return False
    count = pointer_value(current, spec.pending_count)
    return isinstance(count, int) and not isinstance(count, bool) and count == 0


def _interval(spec: PollSpec, headers: Mapping[str, str], poll_interval_ms: int | Omit) -> float:
    if not isinstance(poll_interval_ms, Omit):
        return poll_interval_ms / 1000
    if spec.interval_header is not None:
        hint = headers.get(spec.interval_header)
        if hint is not None and hint.strip().isdigit():
            return int(hint.strip()) / 1000
    return spec.default_interval_ms / 1000


def _check(poll_interval_ms: int | Omit, max_wait_seconds: float | None) -> None:
    if not isinstance(poll_interval_ms, Omit) and poll_interval_ms < 0:
        raise ValueError("poll_interval_ms must not be negative")
    if max_wait_seconds is not None and max_wait_seconds < 0:
        raise ValueError("max_wait_seconds must not be negative")


def _start(resource: SyncAPIResource | AsyncAPIResource, max_wait_seconds: float | None) -> float:
    return 0.0 if max_wait_seconds is None else resource._client._clock()


def _wait(
    resource: SyncAPIResource | AsyncAPIResource,
    wait: float,
    start: float,
    max_wait_seconds: float | None,
    spec: PollSpec,
    last: object,
) -> float:
    """``wait`` cut to the deadline; past it, PollTimeoutError carrying ``last``."""
    if max_wait_seconds is None:
        return wait
    remaining = max_wait_seconds - (resource._client._clock() - start)
    if remaining <= 0:
        status = wire_value(last, spec.status)
        raise PollTimeoutError(f"still {status!r} after {max_wait_seconds} s of polling", last=last)
    return min(wait, remaining)


def poll(
    resource: SyncAPIResource,
    fetch: Callable[[], RawResponse[T]],
    spec: PollSpec,
    *,
    poll_interval_ms: int | Omit,
    max_wait_seconds: float | None,
) -> T:
    """Call ``fetch`` until the resource is done (see :class:`PollSpec`), sleeping with ``resource._sleep``."""
    _check(poll_interval_ms, max_wait_seconds)
    start = _start(resource, max_wait_seconds)
    while True:
        raw = fetch()
        current = raw.parse()
        if is_done(spec, current):
            return current
        wait = _interval(spec, raw.headers, poll_interval_ms)
        resource._sleep(_wait(resource, wait, start, max_wait_seconds, spec, current))


async def async_poll(
    resource: AsyncAPIResource,
    fetch: Callable[[], Awaitable[RawResponse[T]]],
    spec: PollSpec,
    *,
    poll_interval_ms: int | Omit,
    max_wait_seconds: float | None,
) -> T:
    """Async :func:`poll`."""
    _check(poll_interval_ms, max_wait_seconds)
    start = _start(resource, max_wait_seconds)
    while True:
        raw = await fetch()
        current = raw.parse()
        if is_done(spec, current):
            return current
        wait = _interval(spec, raw.headers, poll_interval_ms)
        await resource._sleep(_wait(resource, wait, start, max_wait_seconds, spec, current))
