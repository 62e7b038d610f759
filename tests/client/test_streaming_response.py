"""with_streaming_response: a context manager around the response, whose body is read when asked for."""

from __future__ import annotations

import inspect
import json
from typing import Any

import httpx
import pytest

from tests.client.conftest import batch, error, file_page, ok, streamed


async def enter(manager: Any) -> Any:
    """``manager``'s response, entered the sync or async way."""
    return await manager.__aenter__() if hasattr(manager, "__aenter__") else manager.__enter__()


async def leave(manager: Any) -> None:
    if hasattr(manager, "__aexit__"):
        await manager.__aexit__(None, None, None)
    else:
        manager.__exit__(None, None, None)


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def test_streamed_retrieve_is_read_when_parsed(harness: Any, package: Any, mode: str) -> None:
    h = harness(streamed(mode, json.dumps(batch()).encode(), headers={"x-request-id": "req_s"}))

    async def body() -> None:
        manager = h.batches.with_streaming_response.retrieve("vsfb_1", vector_store_id="vs_1")
        assert h.requests == []  # nothing is sent before the block is entered
        response = await enter(manager)
        expected = package.AsyncAPIResponse if h.mode == "async" else package.APIResponse
        assert isinstance(response, expected)
        assert response.is_closed is False
        assert response.http_request.headers["X-Stainless-Lang"] == "python"
        assert (response.status_code, response.request_id) == (200, "req_s")
        parsed = await call(response.parse())
        assert type(parsed).__name__ == "VectorStoreFileBatch" and parsed.id == "vsfb_1"
        await leave(manager)
        assert response.is_closed is True
        assert response.elapsed.total_seconds() >= 0

    h.run(body)


def test_leaving_the_block_unread_closes_the_response(harness: Any, mode: str) -> None:
    h = harness(streamed(mode, json.dumps(batch()).encode()))

    async def body() -> None:
        manager = h.batches.with_streaming_response.retrieve("vsfb_1", vector_store_id="vs_1")
        response = await enter(manager)
        assert response.is_closed is False
        await leave(manager)
        assert response.is_closed is True

    h.run(body)


def test_streamed_body_by_lines_and_as_json(harness: Any) -> None:
    h = harness(httpx.Response(200, content=b'{"id": "vsfb_1",\n"x": 1}'), ok(batch()))

    async def body() -> None:
        manager = h.batches.with_streaming_response.retrieve("vsfb_1", vector_store_id="vs_1")
        response = await enter(manager)
        lines = response.iter_lines()
        got = [line async for line in lines] if h.mode == "async" else list(lines)
        assert got == ['{"id": "vsfb_1",', '"x": 1}']
        await leave(manager)
        manager = h.batches.with_streaming_response.retrieve("vsfb_1", vector_store_id="vs_1")
        response = await enter(manager)
        assert (await call(response.json()))["status"] == "completed"
        assert (await call(response.parse(to=str))).startswith("{")
        await leave(manager)

    h.run(body)


def test_streamed_errors_are_raised_on_entry(harness: Any, package: Any) -> None:
    h = harness(error(404))

    async def body() -> None:
        manager = h.batches.with_streaming_response.retrieve("vsfb_1", vector_store_id="vs_1")
        with pytest.raises(package.NotFoundError) as caught:
            await enter(manager)
        assert caught.value.body["message"] == "boom"

    h.run(body)


def test_streamed_arguments_are_checked_before_any_io(harness: Any, package: Any) -> None:
    h = harness()

    async def body() -> None:
        manager = h.batches.with_streaming_response.create("vs_1")
        with pytest.raises(package.RequestValidationError):
            await enter(manager)
        assert h.requests == []

    h.run(body)


def test_streamed_list_files_parses_to_a_page(harness: Any, package: Any) -> None:
    pages = [ok(file_page(["f1"], has_more=True)), ok(file_page(["f2"], has_more=False))]
    h = harness(*pages)

    async def body() -> None:
        manager = h.client.with_streaming_response.vector_stores.file_batches.list_files(
            "vsfb_1", vector_store_id="vs_1"
        )
        response = await enter(manager)
        page = await call(response.parse())
        await leave(manager)
        assert [f.id for f in page.data] == ["f1"]
        following = await call(page.get_next_page())  # a plain call: not streamed
        assert [f.id for f in following.data] == ["f2"]
        assert h.requests[1].url.params["after"] == "f1"

    h.run(body)


def test_streaming_wrappers_are_cached_and_keep_docs(harness: Any) -> None:
    h = harness()
    streaming = h.batches.with_streaming_response
    assert streaming is h.batches.with_streaming_response
    assert streaming.retrieve.__doc__ == h.batches.retrieve.__doc__
    assert h.client.with_streaming_response.vector_stores.file_batches is streaming
