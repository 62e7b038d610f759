"""Run inside one client's environment: its import time, or its per-call overhead on a mock transport.

    python client_calls.py import MODULE [MODULE ...]      # {"seconds": ...}
    python client_calls.py first-call specgen|openai|raw    # import + client + one create: {"seconds": ...}
    python client_calls.py calls specgen|openai|raw [--calls 1000] [--transport httpx|httpx2]
                                                            # {"create": us, "retrieve": us, "list": us}

Each mode prints one JSON line. Both clients send through ``MockTransport`` serving the same
canned JSON (a file batch; a page of 100 vector store files), so what is timed is the
client's own work per call: building and checking the request, headers, httpx, parsing and
validating the response. ``raw`` is the floor: httpx alone plus ``json.loads``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any

BASE_URL = "https://api.example.test/v1"
BATCH = {
    "id": "vsfb_abc123",
    "object": "vector_store.files_batch",
    "created_at": 1699061776,
    "vector_store_id": "vs_abc123",
    "status": "in_progress",
    "file_counts": {"in_progress": 2, "completed": 0, "failed": 0, "cancelled": 0, "total": 2},
}
FILES = [
    {
        "id": f"file-{number:04d}",
        "object": "vector_store.file",
        "usage_bytes": 1234 + number,
        "created_at": 1699061776 + number,
        "vector_store_id": "vs_abc123",
        "status": "completed",
        "last_error": None,
        "chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}},
        "attributes": {"category": "docs", "year": 2024},
    }
    for number in range(100)
]
PAGE = {"object": "list", "data": FILES, "first_id": "file-0000", "last_id": "file-0099", "has_more": False}
BATCH_BYTES = json.dumps(BATCH).encode()
PAGE_BYTES = json.dumps(PAGE).encode()


def handler_for(httpx: Any) -> Callable[[Any], Any]:
    """A MockTransport handler of the given httpx-like module: canned JSON by path."""
    headers = {"content-type": "application/json", "x-request-id": "req_123"}

    def handle(request: Any) -> Any:
        path = request.url.path
        body = PAGE_BYTES if path.endswith("/files") else BATCH_BYTES
        return httpx.Response(200, content=body, headers=headers)

    return handle


def http_module(transport: str) -> Any:
    return importlib.import_module(transport)


def make_client(kind: str, transport: str) -> Any:
    httpx = http_module(transport)
    http_client = httpx.Client(transport=httpx.MockTransport(handler_for(httpx)), base_url=BASE_URL)
    if kind == "specgen":
        from openai_file_batches import Client

        return Client(api_key="sk-test", base_url=BASE_URL, http_client=http_client, max_retries=0)
    if kind == "openai":
        from openai import OpenAI

        return OpenAI(api_key="sk-test", base_url=BASE_URL, http_client=http_client, max_retries=0)
    return http_client


def operations(kind: str, client: Any) -> dict[str, Callable[[], Any]]:
    """create, retrieve and list (a page of 100 files), each returning something parsed."""
    if kind == "raw":
        prefix = "/vector_stores/vs_abc123/file_batches"
        return {
            "create": lambda: client.post(prefix, json={"file_ids": ["file-1", "file-2"]}).json(),
            "retrieve": lambda: client.get(f"{prefix}/vsfb_abc123").json(),
            "list": lambda: client.get(f"{prefix}/vsfb_abc123/files", params={"limit": 100}).json()["data"],
        }
    batches = client.vector_stores.file_batches
    return {
        "create": lambda: batches.create("vs_abc123", file_ids=["file-1", "file-2"]),
        "retrieve": lambda: batches.retrieve("vsfb_abc123", vector_store_id="vs_abc123"),
        "list": lambda: batches.list_files("vsfb_abc123", vector_store_id="vs_abc123", limit=100).data,
    }


def check(kind: str, results: dict[str, Any]) -> None:
    """Fail loudly if a client parsed something else than what was served."""
    if kind == "raw":
        assert results["create"]["id"] == "vsfb_abc123"
        assert len(results["list"]) == 100
        return
    assert results["create"].id == "vsfb_abc123" and results["create"].file_counts.total == 2
    assert results["retrieve"].status == "in_progress"
    assert len(results["list"]) == 100 and results["list"][99].id == "file-0099"


def per_call(kind: str, calls: int, transport: str) -> dict[str, float]:
    client = make_client(kind, transport)
    ops = operations(kind, client)
    check(kind, {name: op() for name, op in ops.items()})
    result = {}
    for name, op in ops.items():
        for _ in range(max(calls // 10, 10)):  # warm-up: lazy imports, pydantic's first builds
            op()
        start = time.perf_counter()
        for _ in range(calls):
            op()
        result[name] = (time.perf_counter() - start) / calls * 1e6
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["import", "first-call", "calls"])
    parser.add_argument("what", nargs="+")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--transport", choices=["httpx", "httpx2"], default="httpx")
    args = parser.parse_args()
    if args.mode == "import":
        start = time.perf_counter()
        for module in args.what:
            importlib.import_module(module)
        print(json.dumps({"seconds": time.perf_counter() - start}))
        return 0
    kind = args.what[0]
    if args.mode == "first-call":
        start = time.perf_counter()
        client = make_client(kind, args.transport)
        created = operations(kind, client)["create"]()
        seconds = time.perf_counter() - start
        assert (created["id"] if kind == "raw" else created.id) == "vsfb_abc123"
        print(json.dumps({"seconds": seconds}))
        return 0
    print(json.dumps(per_call(kind, args.calls, args.transport)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
