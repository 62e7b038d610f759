"""poll and create_and_poll: terminal statuses, the wait between calls, the deadline."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest
from openai_file_batches import omit

from tests.client.conftest import batch, error, ok, settle

BATCH_PATH = "/v1/vector_stores/vs_1/file_batches/vsfb_1"


def poll(h: Any, **options: Any) -> Any:
    return settle(h.batches.poll("vsfb_1", vector_store_id="vs_1", **options))


RUNNING = {"in_progress": 2, "completed": 0, "failed": 0, "cancelled": 0, "total": 2}
SETTLED = {"in_progress": 0, "completed": 2, "failed": 0, "cancelled": 0, "total": 2}


def test_poll_until_a_terminal_status_unknown_statuses_keep_polling(harness: Any) -> None:
    h = harness(
        ok(batch(status="in_progress")),
        ok(batch(status="cancelling")),
        ok(batch(status="paused_for_maintenance", file_counts=RUNNING)),  # a status this client does not know
        ok(batch(status="completed")),
    )

    async def body() -> None:
        result = await poll(h)
        assert result.status == "completed"
        assert type(result).__name__ == "VectorStoreFileBatch"
        assert len(h.requests) == 4
        assert all(r.method == "GET" and r.url.path == BATCH_PATH for r in h.requests)
        assert h.sleeps == [1.0, 1.0, 1.0]  # no header, no argument: the spec's default of 1000 ms

    h.run(body)


@pytest.mark.parametrize("status", ["completed", "cancelled", "failed"])
def test_terminal_statuses_end_polling_at_once(harness: Any, status: str) -> None:
    h = harness(ok(batch(status=status)), ok(batch(status="in_progress")))

    async def body() -> None:
        assert (await poll(h)).status == status
        assert len(h.requests) == 1
        assert h.sleeps == []

    h.run(body)


def test_the_server_interval_header_is_read_on_every_response(harness: Any) -> None:
    # The official SDK keeps the first hint for the whole loop (its PR #3775); this client follows each one.
    h = harness(
        ok(batch(status="in_progress"), headers={"openai-poll-after-ms": "20"}),
        ok(batch(status="in_progress"), headers={"openai-poll-after-ms": "500"}),
        ok(batch(status="in_progress")),  # no hint: the default again
        ok(batch(status="in_progress"), headers={"openai-poll-after-ms": "5"}),
        ok(batch(status="failed"), headers={"openai-poll-after-ms": "9999"}),
    )

    async def body() -> None:
        assert (await poll(h)).status == "failed"
        assert h.sleeps == [0.02, 0.5, 1.0, 0.005]

    h.run(body)


@pytest.mark.parametrize("hint", ["soon", "-5", "1.5", ""])
def test_an_unusable_interval_header_falls_back_to_the_default(harness: Any, hint: str) -> None:
    h = harness(ok(batch(status="in_progress"), headers={"openai-poll-after-ms": hint}), ok(batch()))

    async def body() -> None:
        await poll(h)
        assert h.sleeps == [1.0]

    h.run(body)


def test_poll_interval_ms_wins_over_the_header(harness: Any) -> None:
    h = harness(
        ok(batch(status="in_progress"), headers={"openai-poll-after-ms": "20"}),
        ok(batch(status="in_progress")),
        ok(batch(status="completed")),
    )

    async def body() -> None:
        await poll(h, poll_interval_ms=250)
        assert h.sleeps == [0.25, 0.25]

    h.run(body)


def test_max_wait_seconds_raises_poll_timeout_error_with_the_last_batch(harness: Any, package: Any) -> None:
    counter = {"n": 0}

    def reply(request: httpx.Request) -> httpx.Response:
        counter["n"] += 1
        return ok(batch(f"vsfb_{counter['n']}", status="in_progress"))

    h = harness(reply)

    async def body() -> None:
        with pytest.raises(package.PollTimeoutError) as caught:
            await poll(h, max_wait_seconds=2.5)
        # waits of 1 s (the default) trimmed to the deadline: 1 + 1 + 0.5, then one last look
        assert h.sleeps == [1.0, 1.0, 0.5]
        assert len(h.requests) == 4
        last = caught.value.last
        assert (last.id, last.status) == ("vsfb_4", "in_progress")
        assert "2.5" in str(caught.value) and "in_progress" in str(caught.value)
        assert not isinstance(caught.value, package.APIError)

    h.run(body)


def test_max_wait_seconds_zero_looks_once(harness: Any, package: Any) -> None:
    h = harness(ok(batch(status="in_progress")))

    async def body() -> None:
        with pytest.raises(package.PollTimeoutError):
            await poll(h, max_wait_seconds=0)
        assert len(h.requests) == 1 and h.sleeps == []

    h.run(body)


def test_the_deadline_counts_time_spent_in_requests(harness: Any, package: Any) -> None:
    h = harness(ok(batch(status="in_progress")))

    async def body() -> None:
        def slow(request: httpx.Request) -> httpx.Response:
            h.now[0] += 4.0  # each request takes 4 s of the fake clock
            return ok(batch(status="in_progress"))

        h.server.replies = [slow]
        with pytest.raises(package.PollTimeoutError):
            await poll(h, max_wait_seconds=10, poll_interval_ms=100)
        assert len(h.requests) == 3  # at 4 s, 8.1 s, then 12.2 s is past the deadline
        assert h.sleeps == pytest.approx([0.1, 0.1])

    h.run(body)


def test_a_batch_finishing_before_the_deadline_is_returned(harness: Any) -> None:
    h = harness(ok(batch(status="in_progress")), ok(batch(status="in_progress")), ok(batch(status="cancelled")))

    async def body() -> None:
        assert (await poll(h, max_wait_seconds=5, poll_interval_ms=2000)).status == "cancelled"
        assert h.sleeps == [2.0, 2.0]

    h.run(body)


def test_poll_sends_per_call_options_on_every_retrieve(harness: Any) -> None:
    h = harness(ok(batch(status="in_progress")), ok(batch()))

    async def body() -> None:
        await poll(h, extra_headers={"X-Trace": "t"}, extra_query={"probe": "1"}, timeout=3)
        for request in h.requests:
            assert request.headers["x-trace"] == "t"
            assert request.headers["openai-beta"] == "assistants=v2"
            assert request.url.params["probe"] == "1"
            assert request.extensions["timeout"]["read"] == 3

    h.run(body)


def test_poll_retries_transient_failures_and_raises_typed_errors(harness: Any, package: Any) -> None:
    h = harness(ok(batch(status="in_progress")), error(503), ok(batch()))

    async def body() -> None:
        assert (await poll(h)).status == "completed"
        assert h.sleeps == [1.0, 0.5]  # poll wait, then the retry backoff
        h.server.replies = [error(404)]
        h.server.requests.clear()
        with pytest.raises(package.NotFoundError):
            await poll(h)

    h.run(body)


@pytest.mark.parametrize("argument", ["poll_interval_ms", "max_wait_seconds"])
def test_negative_poll_arguments_are_rejected(harness: Any, argument: str) -> None:
    h = harness()

    async def body() -> None:
        with pytest.raises(ValueError, match=argument):
            await poll(h, **{argument: -1})
        assert h.requests == []

    h.run(body)


def test_create_and_poll_creates_then_polls_the_new_batch(harness: Any) -> None:
    h = harness(
        ok(batch("vsfb_new", status="in_progress")),
        ok(batch("vsfb_new", status="in_progress"), headers={"openai-poll-after-ms": "40"}),
        ok(batch("vsfb_new", status="completed")),
    )

    async def body() -> None:
        strategy = {"type": "static", "static": {"max_chunk_size_tokens": 512, "chunk_overlap_tokens": 128}}
        result = await settle(
            h.batches.create_and_poll(
                "vs_7",
                file_ids=["file-1", "file-2"],
                attributes={"team": "search"},
                chunking_strategy=strategy,
                poll_interval_ms=omit,
            )
        )
        assert (result.id, result.status) == ("vsfb_new", "completed")
        create, *polls = h.requests
        assert (create.method, create.url.path) == ("POST", "/v1/vector_stores/vs_7/file_batches")
        assert h.server.json(0) == {
            "file_ids": ["file-1", "file-2"],
            "attributes": {"team": "search"},
            "chunking_strategy": strategy,
        }
        assert [(r.method, r.url.path) for r in polls] == [("GET", "/v1/vector_stores/vs_7/file_batches/vsfb_new")] * 2
        assert h.sleeps == [0.04]

    h.run(body)


def test_create_and_poll_with_files_and_a_deadline(harness: Any, package: Any) -> None:
    h = harness(ok(batch("vsfb_new", status="in_progress")))

    async def body() -> None:
        with pytest.raises(package.PollTimeoutError) as caught:
            await settle(
                h.batches.create_and_poll(
                    "vs_1", files=[{"file_id": "f1"}], poll_interval_ms=300, max_wait_seconds=1, max_retries=0
                )
            )
        assert caught.value.last.id == "vsfb_new"
        assert h.server.json(0) == {"files": [{"file_id": "f1"}]}
        assert h.sleeps == pytest.approx([0.3, 0.3, 0.3, 0.1])

    h.run(body)


def test_create_and_poll_checks_its_arguments_before_any_io(harness: Any, package: Any) -> None:
    h = harness()

    async def body() -> None:
        with pytest.raises(package.RequestValidationError, match="file_ids / files"):
            await settle(h.batches.create_and_poll("vs_1", file_ids=["f"], files=[{"file_id": "f"}]))
        assert h.requests == []

    h.run(body)


def test_create_and_poll_stops_on_a_create_error(harness: Any, package: Any) -> None:
    h = harness(error(400), ok(batch()))

    async def body() -> None:
        with pytest.raises(package.BadRequestError):
            await settle(h.batches.create_and_poll("vs_1", file_ids=["f"]))
        assert len(h.requests) == 1

    h.run(body)


def test_poll_signature_matches_the_issue() -> None:
    from openai_file_batches.resources.vector_stores.file_batches import AsyncFileBatches, FileBatches

    for cls in (FileBatches, AsyncFileBatches):
        poll_params = inspect.signature(cls.poll).parameters
        assert list(poll_params)[:5] == ["self", "batch_id", "vector_store_id", "poll_interval_ms", "max_wait_seconds"]
        assert poll_params["vector_store_id"].kind is inspect.Parameter.KEYWORD_ONLY
        assert poll_params["poll_interval_ms"].default is omit and poll_params["max_wait_seconds"].default is None
        create = inspect.signature(cls.create).parameters
        both = inspect.signature(cls.create_and_poll).parameters
        assert set(create) <= set(both)  # every create argument is accepted by create_and_poll
        assert {"poll_interval_ms", "max_wait_seconds"} <= set(both)
        assert inspect.iscoroutinefunction(cls.poll) is (cls is AsyncFileBatches)


def test_an_unknown_status_ends_once_nothing_is_in_progress(harness: Any) -> None:
    # The spec's pending-count (file_counts.in_progress), the official SDK's only rule, decides where the status cannot.
    h = harness(
        ok(batch(status="paused_for_maintenance", file_counts=RUNNING)),
        ok(batch(status="paused_for_maintenance", file_counts=SETTLED)),
        ok(batch(status="in_progress")),
    )

    async def body() -> None:
        result = await poll(h)
        assert result.file_counts.in_progress == 0
        assert len(h.requests) == 2
        assert h.sleeps == [1.0]

    h.run(body)


def test_an_object_without_a_status_is_done_when_nothing_is_in_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the official tests' doubles look like: built without validation, no `status` at all.
    from openai_file_batches import Client
    from openai_file_batches._models import construct_type_unchecked
    from openai_file_batches._polling import PollSpec, is_done
    from openai_file_batches.models import VectorStoreFileBatch
    from openai_file_batches.resources.vector_stores import file_batches

    specs: list[PollSpec] = []
    monkeypatch.setattr(file_batches, "poll", lambda _resource, _retrieve, spec, **_options: specs.append(spec))
    Client(api_key="k").vector_stores.file_batches.poll("b", vector_store_id="v")
    (_RETRIEVE_POLL,) = specs  # what `poll` is given

    def double(in_progress: int) -> VectorStoreFileBatch:
        value = {"id": "b", "file_counts": {"in_progress": in_progress}}
        return construct_type_unchecked(value=value, type_=VectorStoreFileBatch)

    assert is_done(_RETRIEVE_POLL, double(0)) is True
    assert is_done(_RETRIEVE_POLL, double(3)) is False
    assert is_done(_RETRIEVE_POLL, construct_type_unchecked(value={"id": "b"}, type_=VectorStoreFileBatch)) is False


def test_a_pending_status_keeps_polling_even_when_nothing_is_in_progress(harness: Any) -> None:
    # `cancelling` with no file in progress is not done yet (where the official SDK returns).
    h = harness(
        ok(batch(status="cancelling", file_counts=SETTLED)),
        ok(batch(status="in_progress", file_counts=SETTLED)),
        ok(batch(status="cancelled", file_counts=SETTLED)),
    )

    async def body() -> None:
        assert (await poll(h)).status == "cancelled"
        assert len(h.requests) == 3

    h.run(body)


def test_polling_requests_carry_the_poll_headers(harness: Any) -> None:
    h = harness(ok(batch(status="in_progress")), ok(batch(status="completed")))

    async def body() -> None:
        await poll(h)
        await poll(h, poll_interval_ms=250, extra_headers={"X-Stainless-Poll-Helper": "custom", "X-Other": "1"})
        first, second, third = h.requests
        for request in (first, second):
            assert request.headers["X-Stainless-Poll-Helper"] == "true"
            assert "X-Stainless-Custom-Poll-Interval" not in request.headers
        assert third.headers["X-Stainless-Poll-Helper"] == "custom"  # the caller's headers win
        assert third.headers["X-Stainless-Custom-Poll-Interval"] == "250"
        assert third.headers["X-Other"] == "1"

    h.run(body)


def test_poll_sleeps_through_the_resource(harness: Any) -> None:
    # The official tests patch `resource._sleep`; the default delegates to the client's sleep.
    h = harness(ok(batch(status="in_progress")), ok(batch(status="completed")))
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    h.batches._sleep = record if h.mode == "async" else waits.append

    async def body() -> None:
        await poll(h, poll_interval_ms=omit)
        assert waits == [1.0]
        assert h.sleeps == []  # the client's sleep was not used

    h.run(body)


def test_poll_sends_only_the_options_the_caller_gave() -> None:
    from openai_file_batches._polling import POLL_HELPER_HEADER, poll_arguments
    from openai_file_batches._types import not_given

    assert poll_arguments(None, None, not_given, omit) == {"extra_headers": {POLL_HELPER_HEADER: "true"}}
    assert poll_arguments(None, {"a": 1}, 5.0, 10) == {
        "extra_headers": {POLL_HELPER_HEADER: "true", "X-Stainless-Custom-Poll-Interval": "10"},
        "extra_query": {"a": 1},
        "timeout": 5.0,
    }
