"""Chaos: the generated client against a real HTTP server on 127.0.0.1 that misbehaves at random.

The server answers the four operations with valid JSON, but for each request it may first drop
the connection without answering, answer 500, answer 429 (sometimes with ``retry-after-ms``) or
sleep far past the client's timeout. What it does is a pure function of (seed, call, attempt),
where ``call`` comes from a header each call sends: the outcome of every call can be predicted
exactly, whatever the interleaving of the concurrent async calls, and is checked against the
prediction. A bounded run (250 sync calls one after the other, then 250 async calls 25 at a time)
must end with every call returning the right object or raising the predicted typed error; a
watchdog fails any call that takes more than a few seconds, and the whole run is timed.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import openai_file_batches as ofb
import pytest

SEED = 20240611
CLIENT_TIMEOUT = 0.5  # seconds; a normal answer takes about a millisecond
SLOW_SLEEP = 1.5  # a "slow" answer comes far past the client's timeout
CALL_WATCHDOG = 10.0  # no call may take longer (3 pages x 3 attempts x 0.5 s is the worst case)
RUN_LIMIT = 60.0
SYNC_CALLS = 250
ASYNC_CALLS = 250
ASYNC_CONCURRENCY = 25
FILES = [f"file-{i}" for i in range(7)]
PAGE_LIMIT = 3  # list_files walks 3 pages
OPERATIONS = ("create", "retrieve", "cancel", "list_files", "poll")
# logical requests each operation needs (each may take up to 3 attempts)
REQUESTS_PER_CALL = {"create": 1, "retrieve": 1, "cancel": 1, "list_files": 3, "poll": 3}
ERROR_OF_FAULT = {
    "drop": ofb.APIConnectionError,
    "500": ofb.InternalServerError,
    "429": ofb.RateLimitError,
    "429-ms": ofb.RateLimitError,
    "slow": ofb.APITimeoutError,
}


def fault(call: int, attempt: int) -> str:
    """What the server does with the ``attempt``-th request (0-based) of ``call``."""
    draw = random.Random(f"{SEED}:{call}:{attempt}").random()
    if draw < 0.10:
        return "drop"
    if draw < 0.20:
        return "500"
    if draw < 0.24:
        return "429"
    if draw < 0.28:
        return "429-ms"
    if draw < 0.30:
        return "slow"
    return "ok"


def predict(call: int, operation: str) -> tuple[str, int, int]:
    """A call's outcome (``ok`` or an error class name), the requests the server sees, the retries among them."""
    attempt = retries = 0
    for _ in range(REQUESTS_PER_CALL[operation]):
        for tries in range(1 + ofb.DEFAULT_MAX_RETRIES):
            what = fault(call, attempt)
            attempt += 1
            retries += tries > 0
            if what == "ok":
                break
        else:
            return ERROR_OF_FAULT[what].__name__, attempt, retries
    return "ok", attempt, retries


def batch_json(batch_id: str, vector_store_id: str, status: str, total: int = 2) -> dict[str, Any]:
    done = 0 if status in ("in_progress", "cancelling") else total
    return {
        "id": batch_id,
        "object": "vector_store.files_batch",
        "created_at": 1_700_000_000,
        "vector_store_id": vector_store_id,
        "status": status,
        "file_counts": {"in_progress": total - done, "completed": done, "failed": 0, "cancelled": 0, "total": total},
    }


class ChaosServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 would turn a burst of connects into timeouts

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ChaosHandler)
        self.lock = threading.Lock()
        self.hits: collections.Counter[int] = collections.Counter()
        self.successes: collections.Counter[int] = collections.Counter()  # answered retrieves per call
        self.faults: collections.Counter[str] = collections.Counter()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Broken pipes after a dropped or abandoned connection are expected; stay quiet."""


class ChaosHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: connections are reused, and broken, like in production
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stalls
    server: ChaosServer

    def log_message(self, format: str, *args: Any) -> None:
        """No access log."""

    def do_GET(self) -> None:
        self.handle_call()

    def do_POST(self) -> None:
        self.handle_call()

    def handle_call(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        call = int(self.headers["x-chaos-call"])
        with self.server.lock:
            attempt = self.server.hits[call]
            self.server.hits[call] += 1
            what = fault(call, attempt)
            self.server.faults[what] += 1
        if what == "drop":
            self.close_connection = True  # close without a status line
            return
        if what == "slow":
            time.sleep(SLOW_SLEEP)
        if what in ("500", "429", "429-ms"):
            status = 500 if what == "500" else 429
            headers = {"retry-after-ms": "1"} if what == "429-ms" else {}
            self.send_json(status, {"error": {"message": "chaos", "type": "server_error", "code": None}}, headers)
            return
        self.send_json(200, self.answer(call, raw_body))

    def answer(self, call: int, raw_body: bytes) -> dict[str, Any]:
        url = urlsplit(self.path)
        parts = url.path.split("/")  # "", "v1", "vector_stores", vs, "file_batches", [batch, [action]]
        vector_store_id = parts[3]
        if len(parts) == 5:  # create
            body = json.loads(raw_body)
            return batch_json(f"vsfb_{call}", vector_store_id, "in_progress", total=len(body["file_ids"]))
        batch_id = parts[5]
        if len(parts) == 7 and parts[6] == "cancel":
            return batch_json(batch_id, vector_store_id, "cancelling")
        if len(parts) == 7 and parts[6] == "files":
            query = parse_qs(url.query)
            limit = int(query.get("limit", ["20"])[0])
            after = query.get("after", [None])[0]
            start = FILES.index(after) + 1 if after else 0
            ids = FILES[start : start + limit]
            data = [
                {
                    "id": i,
                    "object": "vector_store.file",
                    "usage_bytes": 10,
                    "created_at": 1,
                    "vector_store_id": vector_store_id,
                    "status": "completed",
                    "last_error": None,
                }
                for i in ids
            ]
            more = start + limit < len(FILES)
            return {
                "object": "list",
                "data": data,
                "first_id": ids[0] if ids else None,
                "last_id": ids[-1] if ids else None,
                "has_more": more,
            }
        with self.server.lock:  # retrieve: in progress twice, then completed
            self.server.successes[call] += 1
            answered = self.server.successes[call]
        return batch_json(batch_id, vector_store_id, "completed" if answered >= 3 else "in_progress")

    def send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up on a slow answer
            self.close_connection = True


@pytest.fixture
def chaos_server() -> Iterator[ChaosServer]:
    server = ChaosServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def operation_of(call: int) -> str:
    return OPERATIONS[random.Random(f"{SEED}:op:{call}").randrange(len(OPERATIONS))]


def check_result(call: int, operation: str, result: Any) -> None:
    """The object a successful call returns is the right one."""
    vector_store_id = f"vs_{call}"
    if operation == "create":
        assert (result.id, result.vector_store_id, result.status) == (f"vsfb_{call}", vector_store_id, "in_progress")
        assert result.file_counts.total == 3
    elif operation == "retrieve":
        assert (result.id, result.vector_store_id) == (f"vsfb_{call}", vector_store_id)
    elif operation == "cancel":
        assert (result.id, result.status) == (f"vsfb_{call}", "cancelling")
    elif operation == "list_files":
        assert [f.id for f in result] == FILES
    else:
        assert (result.id, result.status) == (f"vsfb_{call}", "completed")


def sync_call(client: ofb.Client, call: int, operation: str) -> Any:
    batches = client.vector_stores.file_batches
    headers = {"X-Chaos-Call": str(call)}
    vs = f"vs_{call}"
    if operation == "create":
        return batches.create(vs, file_ids=["a", "b", "c"], extra_headers=headers)
    if operation == "retrieve":
        return batches.retrieve(f"vsfb_{call}", vector_store_id=vs, extra_headers=headers)
    if operation == "cancel":
        return batches.cancel(f"vsfb_{call}", vector_store_id=vs, extra_headers=headers)
    if operation == "list_files":
        return list(batches.list_files(f"vsfb_{call}", vector_store_id=vs, limit=PAGE_LIMIT, extra_headers=headers))
    return batches.poll(f"vsfb_{call}", vector_store_id=vs, poll_interval_ms=1, extra_headers=headers)


async def async_call(client: ofb.AsyncClient, call: int, operation: str) -> Any:
    batches = client.vector_stores.file_batches
    headers = {"X-Chaos-Call": str(call)}
    vs = f"vs_{call}"
    if operation == "create":
        return await batches.create(vs, file_ids=["a", "b", "c"], extra_headers=headers)
    if operation == "retrieve":
        return await batches.retrieve(f"vsfb_{call}", vector_store_id=vs, extra_headers=headers)
    if operation == "cancel":
        return await batches.cancel(f"vsfb_{call}", vector_store_id=vs, extra_headers=headers)
    if operation == "list_files":
        page = await batches.list_files(f"vsfb_{call}", vector_store_id=vs, limit=PAGE_LIMIT, extra_headers=headers)
        return [item async for item in page]
    return await batches.poll(f"vsfb_{call}", vector_store_id=vs, poll_interval_ms=1, extra_headers=headers)


def fast_sleep(record: list[float]) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        record.append(seconds)

    return sleep


def test_chaos(chaos_server: ChaosServer, capsys: pytest.CaptureFixture[str]) -> None:
    base_url = f"http://127.0.0.1:{chaos_server.server_address[1]}/v1"
    outcomes: dict[int, str] = {}
    sleeps: list[float] = []
    started = time.monotonic()

    def settle(call: int, operation: str, run: Callable[[], Any]) -> None:
        try:
            result = run()
        except ofb.APIError as exc:
            outcomes[call] = type(exc).__name__
            return
        check_result(call, operation, result)
        outcomes[call] = "ok"

    # Sync calls, one after the other, each under a watchdog thread.
    with (
        ofb.Client(api_key="sk-chaos", base_url=base_url, timeout=CLIENT_TIMEOUT) as client,
        concurrent.futures.ThreadPoolExecutor(max_workers=1) as watchdog,
    ):
        client._sleep_hook = fast_sleep(sleeps)
        for call in range(SYNC_CALLS):
            operation = operation_of(call)
            future = watchdog.submit(settle, call, operation, lambda c=call, o=operation: sync_call(client, c, o))
            future.result(timeout=CALL_WATCHDOG)  # raises TimeoutError if the call hangs
            assert time.monotonic() - started < RUN_LIMIT

    # Async calls, ASYNC_CONCURRENCY at a time, each under asyncio.wait_for.
    async def run_async() -> None:
        gate = asyncio.Semaphore(ASYNC_CONCURRENCY)
        async with ofb.AsyncClient(api_key="sk-chaos", base_url=base_url, timeout=CLIENT_TIMEOUT) as client:
            client._sleep_hook = fast_sleep(sleeps)

            async def one(call: int) -> None:
                operation = operation_of(call)
                async with gate:
                    try:
                        result = await asyncio.wait_for(async_call(client, call, operation), CALL_WATCHDOG)
                    except ofb.APIError as exc:
                        outcomes[call] = type(exc).__name__
                        return
                    check_result(call, operation, result)
                    outcomes[call] = "ok"

            await asyncio.wait_for(
                asyncio.gather(*(one(call) for call in range(SYNC_CALLS, SYNC_CALLS + ASYNC_CALLS))),
                RUN_LIMIT,
            )

    sync_elapsed = time.monotonic() - started
    asyncio.run(run_async())
    elapsed = time.monotonic() - started

    calls = SYNC_CALLS + ASYNC_CALLS
    assert len(outcomes) == calls
    mismatches = []
    retries = 0
    for call, outcome in outcomes.items():
        expected, hits, call_retries = predict(call, operation_of(call))
        retries += call_retries
        if (outcome, chaos_server.hits[call]) != (expected, hits):
            mismatches.append((call, operation_of(call), outcome, chaos_server.hits[call], expected, hits))
    assert mismatches == [], mismatches[:10]

    counts = collections.Counter(outcomes.values())
    allowed = {"ok"} | {cls.__name__ for cls in ERROR_OF_FAULT.values()}
    assert set(counts) <= allowed
    total_hits = sum(chaos_server.hits.values())
    # The run exercised every kind of trouble and recovered from most of it.
    assert counts["ok"] > 0.8 * calls
    assert {"drop", "500", "429", "429-ms", "slow"} <= set(chaos_server.faults)
    assert {"APIConnectionError", "InternalServerError"} <= set(counts)
    assert retries > 100
    assert 0.001 in sleeps  # retry-after-ms honoured
    assert all(0 <= s <= 8.0 for s in sleeps)
    assert elapsed < RUN_LIMIT

    with capsys.disabled():
        print(
            f"\nchaos: {calls} calls in {elapsed:.1f} s (sync part {sync_elapsed:.1f} s): "
            f"{dict(sorted(counts.items()))}; "
            f"server hits {total_hits} (retries among them {retries}); "
            f"faults injected {dict(sorted(chaos_server.faults.items()))}"
        )
