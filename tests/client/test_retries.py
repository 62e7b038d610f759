"""Retries: which failures are retried, how often, how long the client waits in between."""

from __future__ import annotations

import asyncio
import email.utils
import time
from typing import Any

import httpx
import pytest

from tests.client.conftest import Server, awaitable_sleep, batch, error, make_client, ok, settle

RETRIED = [408, 409, 429, 500, 502, 503, 504]
NOT_RETRIED = [400, 401, 403, 404, 422]


def retrieve(h: Any, **options: Any) -> Any:
    return settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1", **options))


@pytest.mark.parametrize("status", RETRIED)
def test_retryable_statuses_are_retried_twice_by_default(harness: Any, package: Any, status: int) -> None:
    h = harness(error(status))

    async def body() -> None:
        with pytest.raises(package.APIStatusError) as caught:
            await retrieve(h)
        assert caught.value.status_code == status
        assert len(h.requests) == 3  # 1 + DEFAULT_MAX_RETRIES
        assert h.sleeps == [0.5, 1.0]  # min(0.5 * 2**n, 8) with no jitter (random() == 0)

    h.run(body)


@pytest.mark.parametrize("status", RETRIED)
def test_a_retried_failure_then_success_returns_the_object(harness: Any, status: int) -> None:
    h = harness(error(status), error(status), ok(batch()))

    async def body() -> None:
        result = await retrieve(h)
        assert result.id == "vsfb_1"
        assert len(h.requests) == 3

    h.run(body)


@pytest.mark.parametrize("status", NOT_RETRIED)
def test_other_client_errors_are_not_retried(harness: Any, package: Any, status: int) -> None:
    h = harness(error(status), ok(batch()))

    async def body() -> None:
        with pytest.raises(package.APIStatusError):
            await retrieve(h)
        assert len(h.requests) == 1
        assert h.sleeps == []

    h.run(body)


def test_default_max_retries_is_two(package: Any) -> None:
    assert package.DEFAULT_MAX_RETRIES == 2


def test_jitter_shortens_the_backoff_by_up_to_a_quarter(harness: Any, package: Any) -> None:
    h = harness(error(500))
    h.client._random = lambda: 1.0

    async def body() -> None:
        with pytest.raises(package.InternalServerError):
            await retrieve(h)
        assert h.sleeps == [0.375, 0.75]

    h.run(body)


def test_backoff_doubles_and_is_capped_at_8_seconds(harness: Any, package: Any) -> None:
    h = harness(error(500), max_retries=7)

    async def body() -> None:
        with pytest.raises(package.InternalServerError):
            await retrieve(h)
        assert h.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
        assert len(h.requests) == 8

    h.run(body)


def test_jitter_uses_the_random_source(harness: Any, package: Any) -> None:
    h = harness(error(500))
    values = iter([0.2, 0.6])
    h.client._random = lambda: next(values)

    async def body() -> None:
        with pytest.raises(package.InternalServerError):
            await retrieve(h)
        assert h.sleeps == pytest.approx([0.5 * (1 - 0.25 * 0.2), 1.0 * (1 - 0.25 * 0.6)])

    h.run(body)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "1500.5"}, 1.5005),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "100", "retry-after": "30"}, 0.1),  # the millisecond header wins
        ({"retry-after": "61"}, 61.0),
        ({"retry-after-ms": "90000"}, 90.0),
        ({"retry-after": "120"}, 120.0),  # the limit itself is honoured
        ({"retry-after": "0"}, 0.0),
    ],
)
def test_server_retry_after_is_honoured(harness: Any, headers: dict[str, str], expected: float) -> None:
    h = harness(error(429, headers=headers), ok(batch()))

    async def body() -> None:
        await retrieve(h)
        assert h.sleeps == [pytest.approx(expected)]

    h.run(body)


def test_retry_after_as_an_http_date(harness: Any) -> None:
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    h = harness(error(503, headers={"retry-after": when}), ok(batch()))

    async def body() -> None:
        await retrieve(h)
        (slept,) = h.sleeps
        # HTTP dates have one-second resolution: the wait is between 4 and 5 seconds.
        assert 3.5 < slept <= 5.0

    h.run(body)


def test_retry_after_as_an_http_date_in_the_past_retries_at_once(harness: Any) -> None:
    h = harness(error(503, headers={"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}), ok(batch()))

    async def body() -> None:
        await retrieve(h)
        assert h.sleeps == [0.0]

    h.run(body)


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "121"},
        {"retry-after-ms": "120001"},
        {"retry-after": "3600"},
        {"retry-after": email.utils.formatdate(time.time() + 3600, usegmt=True)},
        {"retry-after": "121", "x-should-retry": "true"},  # the wait decides before x-should-retry
    ],
)
def test_retry_after_above_120_seconds_stops_the_retries(harness: Any, package: Any, headers: dict[str, str]) -> None:
    # As the official SDK (since v2.52): a server asking for more than two minutes gets its error
    # at once instead of a call that hangs for minutes.
    h = harness(error(429, headers=headers), ok(batch()))

    async def body() -> None:
        with pytest.raises(package.RateLimitError):
            await retrieve(h, max_retries=5)
        assert len(h.requests) == 1
        assert h.sleeps == []

    h.run(body)


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "soon"},
        {"retry-after": "Wed, 31 Feb 2024 10:00:00 GMT"},  # parses as a date tuple, but no such day
        {"retry-after-ms": "abc"},
        {"retry-after-ms": "-5"},
        {"retry-after": "nan"},
        {"retry-after": ""},
    ],
)
def test_a_malformed_retry_after_falls_back_to_backoff(harness: Any, headers: dict[str, str]) -> None:
    h = harness(error(429, headers=headers), ok(batch()))

    async def body() -> None:
        result = await retrieve(h)
        assert result.id == "vsfb_1"
        assert h.sleeps == [0.5]

    h.run(body)


def test_x_should_retry_true_retries_a_status_that_is_not_retried_otherwise(harness: Any) -> None:
    h = harness(error(400, headers={"x-should-retry": "true"}), ok(batch()))

    async def body() -> None:
        assert (await retrieve(h)).id == "vsfb_1"
        assert len(h.requests) == 2

    h.run(body)


def test_x_should_retry_false_vetoes_a_retry(harness: Any, package: Any) -> None:
    h = harness(error(503, headers={"x-should-retry": "false"}), ok(batch()))

    async def body() -> None:
        with pytest.raises(package.InternalServerError):
            await retrieve(h)
        assert len(h.requests) == 1

    h.run(body)


@pytest.mark.parametrize(("max_retries", "attempts"), [(0, 1), (1, 2), (4, 5)])
def test_per_call_max_retries(harness: Any, package: Any, max_retries: int, attempts: int) -> None:
    h = harness(error(500))

    async def body() -> None:
        with pytest.raises(package.InternalServerError):
            await retrieve(h, max_retries=max_retries)
        assert len(h.requests) == attempts

    h.run(body)


def test_client_max_retries_option_and_per_call_override(harness: Any, package: Any) -> None:
    h = harness(error(500), max_retries=0)

    async def body() -> None:
        with pytest.raises(package.InternalServerError):
            await retrieve(h)
        assert len(h.requests) == 1
        with pytest.raises(package.InternalServerError):
            await retrieve(h, max_retries=3)
        assert len(h.requests) == 5

    h.run(body)


def test_with_options_max_retries(harness: Any, package: Any) -> None:
    h = harness(error(500))

    async def body() -> None:
        fewer = h.client.with_options(max_retries=1)
        with pytest.raises(package.InternalServerError):
            await settle(fewer.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert len(h.requests) == 2
        assert h.sleeps == [0.5]  # the copy keeps the test hooks (no real sleeping)
        assert h.client.max_retries == 2

    h.run(body)


@pytest.mark.parametrize("bad", [-1, True, 1.5, None])
def test_invalid_max_retries_is_rejected(package: Any, bad: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        package.Client(api_key="k", max_retries=bad)


def test_connection_errors_are_retried_then_raise_api_connection_error(harness: Any, package: Any) -> None:
    h = harness(httpx.ConnectError("connection refused"))

    async def body() -> None:
        with pytest.raises(package.APIConnectionError) as caught:
            await retrieve(h)
        assert type(caught.value) is package.APIConnectionError
        assert isinstance(caught.value.__cause__, httpx.ConnectError)
        assert caught.value.request.url.path == "/v1/vector_stores/vs_1/file_batches/vsfb_1"
        assert len(h.requests) == 3
        assert h.sleeps == [0.5, 1.0]

    h.run(body)


def test_a_dropped_connection_then_success(harness: Any) -> None:
    h = harness(httpx.RemoteProtocolError("Server disconnected without sending a response."), ok(batch()))

    async def body() -> None:
        assert (await retrieve(h)).id == "vsfb_1"
        assert len(h.requests) == 2

    h.run(body)


@pytest.mark.parametrize("exc", [httpx.ReadTimeout("read"), httpx.ConnectTimeout("connect"), httpx.PoolTimeout("p")])
def test_timeouts_are_retried_then_raise_api_timeout_error(harness: Any, package: Any, exc: Exception) -> None:
    h = harness(exc)

    async def body() -> None:
        with pytest.raises(package.APITimeoutError) as caught:
            await retrieve(h)
        assert isinstance(caught.value, package.APIConnectionError)
        assert isinstance(caught.value.__cause__, httpx.TimeoutException)
        assert len(h.requests) == 3

    h.run(body)


def test_a_timeout_then_success(harness: Any) -> None:
    h = harness(httpx.ReadTimeout("slow"), ok(batch()))

    async def body() -> None:
        assert (await retrieve(h)).id == "vsfb_1"
        assert h.sleeps == [0.5]

    h.run(body)


def test_other_request_errors_become_api_connection_error(harness: Any, package: Any) -> None:
    h = harness(httpx.DecodingError("bad gzip"))

    async def body() -> None:
        with pytest.raises(package.APIConnectionError):
            await retrieve(h, max_retries=0)

    h.run(body)


def test_a_retried_post_sends_the_same_body_every_time(harness: Any) -> None:
    h = harness(error(500), error(429), ok(batch()))

    async def body() -> None:
        await settle(h.batches.create("vs_1", file_ids=["file-1", "file-2"]))
        assert len(h.requests) == 3
        assert {r.content for r in h.requests} == {b'{"file_ids":["file-1","file-2"]}'}
        assert all(r.method == "POST" for r in h.requests)

    h.run(body)


def test_async_sleep_hook_returning_an_awaitable_is_awaited() -> None:
    server = Server([error(500), ok(batch())])
    client, _, _ = make_client("async", server)
    awaited: list[float] = []
    client._sleep_hook = awaitable_sleep(awaited)

    async def body() -> None:
        result = await client.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1")
        assert result.id == "vsfb_1"
        assert awaited == [0.5]
        await client.close()

    asyncio.run(body())


def test_without_a_sleep_hook_the_client_really_sleeps(harness: Any) -> None:
    h = harness(error(429, headers={"retry-after-ms": "30"}), ok(batch()))
    h.client._sleep_hook = None

    async def body() -> None:
        started = time.monotonic()
        await retrieve(h)
        assert time.monotonic() - started >= 0.025

    h.run(body)
