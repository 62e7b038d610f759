"""Fixtures for the tests of the committed generated client (``generated/openai_file_batches``).

Every test talks to the client through ``httpx.MockTransport`` (no network). A test body is an
``async def`` that awaits whatever a client call returns through ``settle``: with the sync client
the call has already run, with the async client it is awaited. One body then checks both clients
(``mode`` is ``"sync"`` or ``"async"``) and the two can never drift apart unnoticed.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

GENERATED = Path(__file__).resolve().parents[2] / "generated"
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))

import openai_file_batches  # noqa: E402

API_KEY = "sk-test-4f1d9c0e7b2a41c6SECRET"
BASE_URL = "https://api.test/v1"
MODES = ("sync", "async")

Reply = httpx.Response | BaseException | Callable[[httpx.Request], "httpx.Response"]


def batch(batch_id: str = "vsfb_1", status: str = "completed", **extra: Any) -> dict[str, Any]:
    """A valid vector store file batch (file counts consistent with ``status``)."""
    counts = {"in_progress": 0, "completed": 2, "failed": 0, "cancelled": 0, "total": 2}
    if status in ("in_progress", "cancelling"):
        counts = {"in_progress": 2, "completed": 0, "failed": 0, "cancelled": 0, "total": 2}
    return {
        "id": batch_id,
        "object": "vector_store.files_batch",
        "created_at": 1_700_000_000,
        "vector_store_id": "vs_1",
        "status": status,
        "file_counts": counts,
        **extra,
    }


def vector_file(file_id: str, **extra: Any) -> dict[str, Any]:
    """A valid vector store file."""
    return {
        "id": file_id,
        "object": "vector_store.file",
        "usage_bytes": 1234,
        "created_at": 1_700_000_000,
        "vector_store_id": "vs_1",
        "status": "completed",
        "last_error": None,
        **extra,
    }


def file_page(ids: Iterable[str], has_more: bool) -> dict[str, Any]:
    """A list_files response holding files with ``ids``."""
    items = [vector_file(i) for i in ids]
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": has_more,
    }


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON response."""
    return httpx.Response(status, json=body, headers=headers)


def streamed(mode: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    """A response whose body arrives as a stream (not read in advance, as ``ok`` is by httpx)."""
    if mode == "async":

        async def chunks() -> AsyncIterator[bytes]:
            yield body

        return httpx.Response(status, content=chunks(), headers=headers)
    return httpx.Response(status, content=iter([body]), headers=headers)


def error(status: int, message: str = "boom", headers: dict[str, str] | None = None, **details: Any) -> httpx.Response:
    """An OpenAI-style JSON error response."""
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None, **details}}
    return httpx.Response(status, json=body, headers=headers)


@dataclass
class Server:
    """A scripted MockTransport handler: replies in order (the last one repeats), requests recorded.

    A reply is a response, an exception to raise (connection errors, timeouts) or a callable
    computing the response from the request.
    """

    replies: list[Reply]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        index = min(len(self.requests), len(self.replies)) - 1
        reply = self.replies[index]
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        return reply

    def json(self, index: int = -1) -> Any:
        """The JSON body of a recorded request."""
        return json.loads(self.requests[index].content)

    @property
    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


@dataclass
class Harness:
    """A client on a scripted server, with recorded sleeps and a fake clock that sleeping advances."""

    mode: str
    client: Any
    server: Server
    sleeps: list[float]
    now: list[float]

    @property
    def batches(self) -> Any:
        return self.client.vector_stores.file_batches

    @property
    def requests(self) -> list[httpx.Request]:
        return self.server.requests

    def run(self, body: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run a test body (an ``async def``) to completion, then close the client."""

        async def main() -> None:
            try:
                await body()
            finally:
                closed = self.client.close()
                if inspect.isawaitable(closed):
                    await closed

        asyncio.run(main())


async def settle(value: Any) -> Any:
    """The result of a client call: awaited for the async client, as is for the sync one."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(iterable: Any) -> list[Any]:
    """Every element of a sync or async iterable."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


def make_client(
    mode: str, server: Server, *, http_options: dict[str, Any] | None = None, **options: Any
) -> tuple[Any, list[float], list[float]]:
    """A generated client of the given mode on ``server``; returns it, its sleeps and its clock."""
    options.setdefault("api_key", API_KEY)
    options.setdefault("base_url", BASE_URL)
    transport = httpx.MockTransport(server)
    if mode == "sync":
        client: Any = openai_file_batches.Client(
            http_client=httpx.Client(transport=transport, **(http_options or {})), **options
        )
    else:
        client = openai_file_batches.AsyncClient(
            http_client=httpx.AsyncClient(transport=transport, **(http_options or {})), **options
        )
    sleeps: list[float] = []
    now = [1000.0]

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    client._sleep_hook = sleep
    client._clock = lambda: now[0]
    client._random = lambda: 0.0
    return client, sleeps, now


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    """``sync`` or ``async``: every test using it runs against both clients."""
    return str(request.param)


@pytest.fixture
def harness(mode: str) -> Callable[..., Harness]:
    """Build a Harness: ``harness(*replies, **client_options)``."""

    def build(*replies: Reply, **options: Any) -> Harness:
        server = Server(list(replies) or [ok(batch())])
        client, sleeps, now = make_client(mode, server, **options)
        return Harness(mode, client, server, sleeps, now)

    return build


@pytest.fixture
def package() -> Any:
    """The generated package module."""
    return openai_file_batches


def awaitable_sleep(record: list[float]) -> Callable[[float], Awaitable[None]]:
    """An async sleep hook that records the seconds once awaited."""

    async def sleep(seconds: float) -> None:
        await asyncio.sleep(0)
        record.append(seconds)

    return sleep
