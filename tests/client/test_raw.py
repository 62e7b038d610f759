"""with_raw_response: the HTTP response of each call, parsed on demand."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pydantic
import pytest

from tests.client.conftest import Server, batch, error, file_page, make_client, ok, settle, streamed


def test_raw_retrieve(harness: Any, package: Any) -> None:
    h = harness(ok(batch(status="in_progress"), headers={"x-request-id": "req_1", "openai-poll-after-ms": "30"}))

    async def body() -> None:
        raw = await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert isinstance(raw, package.RawResponse)
        assert raw.status_code == 200
        assert raw.headers["openai-poll-after-ms"] == "30"
        assert raw.request_id == "req_1"
        assert isinstance(raw.http_response, httpx.Response)
        assert raw.http_response.request.url.path == "/v1/vector_stores/vs_1/file_batches/vsfb_1"
        parsed = raw.parse()
        assert type(parsed).__name__ == "VectorStoreFileBatch"
        assert (parsed.id, parsed.status) == ("vsfb_1", "in_progress")
        assert raw.parse() is parsed  # parsed once
        assert raw.content.startswith(b"{") and '"vsfb_1"' in raw.text
        assert "200" in repr(raw) and "GET" in repr(raw)

    h.run(body)


def test_raw_create_cancel_and_list_files(harness: Any) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/files"):
            return ok(file_page(["f1"], has_more=False))
        if request.method == "POST" and request.url.path.endswith("/cancel"):
            return ok(batch(status="cancelling"), headers={"x-request-id": "req_cancel"})
        return ok(batch(status="in_progress"), status=201)

    h = harness(reply)

    async def body() -> None:
        raw = h.batches.with_raw_response
        created = await settle(raw.create("vs_1", file_ids=["f1"]))
        assert created.status_code == 201 and created.parse().status == "in_progress"
        cancelled = await settle(raw.cancel("vsfb_1", vector_store_id="vs_1"))
        assert cancelled.request_id == "req_cancel" and cancelled.parse().status == "cancelling"
        listed = await settle(raw.list_files("vsfb_1", vector_store_id="vs_1", limit=1))
        assert [f.id for f in listed.parse().data] == ["f1"]
        assert listed.http_response.request.url.params["limit"] == "1"

    h.run(body)


def test_raw_parse_of_a_bad_body_raises_then(harness: Any, package: Any) -> None:
    h = harness(httpx.Response(200, text="not json"))

    async def body() -> None:
        raw = await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert raw.status_code == 200 and raw.text == "not json"
        with pytest.raises(package.APIResponseValidationError):
            raw.parse()

    h.run(body)


def test_raw_mode_ends_with_the_call_even_after_an_error(harness: Any, package: Any) -> None:
    h = harness(error(404), ok(batch()))

    async def body() -> None:
        with pytest.raises(package.NotFoundError):
            await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1", max_retries=0))
        plain = await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert type(plain).__name__ == "VectorStoreFileBatch"
        raw = await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert isinstance(raw, package.RawResponse)
        again = await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert type(again).__name__ == "VectorStoreFileBatch"

    h.run(body)


def test_raw_calls_are_retried_like_others(harness: Any) -> None:
    h = harness(error(500), ok(batch()))

    async def body() -> None:
        raw = await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert raw.status_code == 200
        assert len(h.requests) == 2

    h.run(body)


def test_raw_wrappers_keep_the_method_docs(harness: Any) -> None:
    h = harness()
    assert h.batches.with_raw_response.retrieve.__doc__ == h.batches.retrieve.__doc__
    assert h.batches.with_raw_response is h.batches.with_raw_response  # cached


def test_concurrent_async_raw_and_plain_calls_do_not_mix(package: Any) -> None:
    async def slow_reply(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)
        return ok(batch())

    server = Server([slow_reply])

    async def body() -> None:
        client, _, _ = make_client("async", server)
        batches = client.vector_stores.file_batches
        calls = [
            (
                batches.with_raw_response.retrieve("b", vector_store_id="v")
                if i % 2
                else batches.retrieve("b", vector_store_id="v")
            )
            for i in range(10)
        ]
        results = await asyncio.gather(*calls)
        for i, result in enumerate(results):
            assert isinstance(result, package.RawResponse) is bool(i % 2)
        await client.close()

    asyncio.run(body())


def test_raw_response_fields(harness: Any, mode: str) -> None:
    body = json.dumps(batch()).encode()
    h = harness(error(503), streamed(mode, body, headers={"x-request-id": "req_9"}))

    async def body() -> None:
        raw = await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert raw.is_closed is True  # the body was read
        assert raw.http_request is raw.http_response.request
        assert raw.http_request.headers["X-Stainless-Lang"] == "python"
        assert raw.method == "GET"
        assert str(raw.url) == "https://api.test/v1/vector_stores/vs_1/file_batches/vsfb_1"
        assert raw.http_version == "HTTP/1.1"
        assert raw.elapsed.total_seconds() >= 0
        assert raw.retries_taken == 1  # one 503 before the answer
        assert raw.json()["id"] == "vsfb_1"

    h.run(body)


class Slim(pydantic.BaseModel):
    id: str


def test_raw_parse_to_another_type(harness: Any, package: Any) -> None:
    h = harness(ok(batch()))

    async def body() -> None:
        raw = await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert raw.parse(to=httpx.Response) is raw.http_response
        assert raw.parse(to=str) == raw.text
        assert raw.parse(to=bytes) == raw.content
        assert raw.parse(to=dict)["status"] == "completed"
        slim = raw.parse(to=Slim)  # the body read as another model
        assert isinstance(slim, Slim) and slim.id == "vsfb_1"
        assert type(raw.parse()).__name__ == "VectorStoreFileBatch"  # the default parse is unaffected
        with pytest.raises(package.APIResponseValidationError):
            raw.parse(to=list[int])

    h.run(body)


def test_raw_async_list_files_is_a_raw_page_response(harness: Any, package: Any) -> None:
    h = harness(ok(file_page(["f1"], has_more=False)))

    async def body() -> None:
        raw = await settle(h.batches.with_raw_response.list_files("vsfb_1", vector_store_id="vs_1"))
        assert isinstance(raw, package.RawResponse)
        page = raw.parse()
        assert isinstance(page, package.AsyncCursorPage if h.mode == "async" else package.SyncCursorPage)

    h.run(body)


def test_client_level_raw_response(harness: Any, package: Any) -> None:
    h = harness(ok(batch()))

    async def body() -> None:
        raw = await settle(
            h.client.with_raw_response.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1")
        )
        assert isinstance(raw, package.RawResponse)
        assert raw.parse().id == "vsfb_1"
        assert h.client.with_raw_response.vector_stores.file_batches is h.batches.with_raw_response

    h.run(body)
