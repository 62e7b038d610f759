"""Contract tests: the generated client against Prism, a mock server that validates every request it gets
and every response it serves against spec/file_batches.yaml.

Prism (``@stoplight/prism-cli``, pinned in package.json, installed into node_modules/ by
``npm ci``) is started on 127.0.0.1 with ``--errors``, so a request or a served example that
breaks the spec is answered with an error status as well as logged. Each test makes its calls
with the committed client (generated/) sync and async, then reads the lines Prism logged
meanwhile: none may report a violation, and every request must have been answered with 2xx.
The generated suite also runs in live mode against the same server. Prism is stopped by its
process group at the end. Without Prism the tests fail (they never skip): run ``npm ci``.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.ir import build_ir
from generator.spec.load import load_spec
from generator.testplan import build_test_plan
from tests.generated_suite.suite import PACKAGE, ROOT, SPEC, report, run_suite

pytestmark = pytest.mark.slow

PRISM = ROOT / "node_modules" / ".bin" / "prism"
GENERATED = ROOT / "generated"
STARTUP_TIMEOUT = 60.0
# Markers of Prism's log lines that report a problem: violations, error and warning levels.
PROBLEM_MARKERS = ("Violation", "VIOLATIONS", "✖", "⚠")

STATIC = {"type": "static", "static": {"max_chunk_size_tokens": 1200, "chunk_overlap_tokens": 600}}
CREATE_SHAPES: dict[str, dict[str, Any]] = {
    "file_ids, static chunking, attributes": {
        "file_ids": ["file-abc123", "file-abc456"],
        "chunking_strategy": STATIC,
        "attributes": {"category": "finance", "year": 2024, "reviewed": True},
    },
    "file_ids, auto chunking": {"file_ids": ["file-abc123"], "chunking_strategy": {"type": "auto"}},
    "file_ids only": {"file_ids": ["file-abc123"]},
    "files with per-file attributes and chunking": {
        "files": [
            {"file_id": "file-abc123", "attributes": {"category": "finance"}, "chunking_strategy": {"type": "auto"}},
            {"file_id": "file-abc456", "chunking_strategy": STATIC, "attributes": None},
            {"file_id": "file-abc789"},
        ]
    },
}
LIST_QUERIES: dict[str, dict[str, Any]] = {
    "every query parameter": {
        "after": "file-abc123",
        "before": "file-abc456",
        "filter": "completed",
        "limit": 100,
        "order": "asc",
    },
    "no query parameter": {},
    "limit 1, order desc": {"limit": 1, "order": "desc"},
    **{f"filter {value}": {"filter": value} for value in ("in_progress", "completed", "failed", "cancelled")},
}


@dataclass
class Prism:
    """A running ``prism mock`` and its log."""

    url: str
    log: Path
    process: subprocess.Popen[bytes]
    ignored: list[tuple[int, int]] = field(default_factory=list)  # log ranges that are meant to hold violations

    def text(self) -> str:
        """The log so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self) -> None:
        """Wait (bounded) until Prism says it listens and accepts a connection."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        port = int(self.url.rsplit(":", 1)[1])
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"prism exited with {self.process.returncode} before listening:\n{self.text()}")
            if "Prism is listening" in self.text():
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        return
                except OSError:
                    pass
            time.sleep(0.1)
        pytest.fail(f"prism did not listen within {STARTUP_TIMEOUT:.0f} s:\n{self.text()}")

    def lines_after(self, offset: int, requests: int) -> list[str]:
        """Log lines written after ``offset``, once the ``requests`` requests made since are all logged."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            lines = self.text()[offset:].splitlines()
            if sum("Request received" in line for line in lines) >= requests and _finished(lines) >= requests:
                return lines
            time.sleep(0.05)
        return self.text()[offset:].splitlines()

    def stop(self) -> None:
        """Stop Prism by its process group (SIGTERM, then SIGKILL)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _finished(lines: list[str]) -> int:
    return sum('Responding with "' in line or "Request terminated" in line for line in lines)


def problems(lines: list[str]) -> list[str]:
    """Lines of Prism's log that report a violation (or any validator error or warning)."""
    return [
        line
        for line in lines
        if any(marker in line for marker in PROBLEM_MARKERS) or ("[VALIDATOR]" in line and "✔" not in line)
    ]


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    """``prism mock --errors spec/file_batches.yaml`` on a free port of 127.0.0.1, for this module."""
    if not PRISM.is_file():
        pytest.fail(
            f"Prism is not installed ({PRISM} is missing): run `npm ci` in {ROOT} "
            "(package.json pins @stoplight/prism-cli); the contract tests never skip",
            pytrace=False,
        )
    port = free_port()
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    command = [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), "--errors", str(SPEC.relative_to(ROOT))]
    with log.open("wb") as handle:
        process = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    server = Prism(f"http://127.0.0.1:{port}", log, process)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
    text = server.text()
    kept = [text[start:end] for start, end in _complement(server.ignored, len(text))]
    found = problems("".join(kept).splitlines())
    assert not found, "Prism logged violations:\n" + "\n".join(found)


def _complement(ranges: list[tuple[int, int]], size: int) -> Iterator[tuple[int, int]]:
    start = 0
    for begin, end in sorted(ranges):
        yield start, begin
        start = end
    yield start, size


@pytest.fixture(scope="module")
def client_package() -> Iterator[ModuleType]:
    """The committed generated client, imported from generated/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(GENERATED))
        yield importlib.import_module("openai_file_batches")


@dataclass
class Session:
    """Clients on Prism that record every response status; ``check`` reads Prism's log for the session."""

    prism: Prism
    package: ModuleType
    statuses: list[int] = field(default_factory=list)
    offset: int = 0

    def record(self, response: httpx.Response) -> None:
        self.statuses.append(response.status_code)

    async def record_async(self, response: httpx.Response) -> None:
        self.statuses.append(response.status_code)

    def sync_client(self) -> Any:
        http = httpx.Client(event_hooks={"response": [self.record]})
        return self.package.Client(api_key="prism-key", base_url=self.prism.url, max_retries=0, http_client=http)

    def async_client(self) -> Any:
        http = httpx.AsyncClient(event_hooks={"response": [self.record_async]})
        return self.package.AsyncClient(api_key="prism-key", base_url=self.prism.url, max_retries=0, http_client=http)

    def run(self, mode: str, action: Callable[[Any], Any]) -> Any:
        """``action(resources)`` on a sync client, or awaited on an async one."""
        if mode == "sync":
            client = self.sync_client()
            try:
                return action(client.vector_stores.file_batches)
            finally:
                client._http.close()

        async def main() -> Any:
            client = self.async_client()
            try:
                return await action(client.vector_stores.file_batches)
            finally:
                await client._http.aclose()

        return asyncio.run(main())

    def check(self) -> None:
        """Every request got a 2xx and Prism logged no violation for them."""
        assert self.statuses, "no request was made"
        assert all(200 <= status < 300 for status in self.statuses), self.statuses
        lines = self.prism.lines_after(self.offset, len(self.statuses))
        assert sum("Request received" in line for line in lines) == len(self.statuses), "\n".join(lines)
        found = problems(lines)
        assert not found, "Prism logged violations:\n" + "\n".join(found)


@pytest.fixture
def session(prism: Prism, client_package: ModuleType) -> Iterator[Session]:
    """A session of calls whose log lines are checked after the test."""
    current = Session(prism, client_package, offset=len(prism.text()))
    yield current
    current.check()


MODES = ("sync", "async")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape", list(CREATE_SHAPES))
def test_create(session: Session, mode: str, shape: str) -> None:
    arguments = CREATE_SHAPES[shape]
    batch = session.run(mode, lambda batches: batches.create("vs_abc123", **arguments))
    assert type(batch).__name__ == "VectorStoreFileBatch"
    assert batch.object == "vector_store.files_batch"
    assert (
        batch.file_counts.total
        == batch.file_counts.in_progress
        + batch.file_counts.completed
        + batch.file_counts.failed
        + batch.file_counts.cancelled
    )


@pytest.mark.parametrize("mode", MODES)
def test_create_with_model_arguments(session: Session, mode: str) -> None:
    models = session.package.models
    files = [
        models.CreateVectorStoreFileRequest(
            file_id="file-abc123", chunking_strategy=models.AutoChunkingStrategyRequestParam(type="auto")
        ),
        models.CreateVectorStoreFileRequest(
            file_id="file-abc456", chunking_strategy=models.StaticChunkingStrategyRequestParam.model_validate(STATIC)
        ),
    ]
    batch = session.run(mode, lambda batches: batches.create("vs_abc123", files=files))
    assert batch.status == "in_progress"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("example", ["in_progress", "completed"])
def test_retrieve_every_example(session: Session, mode: str, example: str) -> None:
    prefer = {"Prefer": f"example={example}"}
    batch = session.run(
        mode, lambda batches: batches.retrieve("vsfb_abc123", vector_store_id="vs_abc123", extra_headers=prefer)
    )
    assert batch.status == example


@pytest.mark.parametrize("mode", MODES)
def test_cancel(session: Session, mode: str) -> None:
    batch = session.run(mode, lambda batches: batches.cancel("vsfb_abc123", vector_store_id="vs_abc123"))
    assert batch.status == "cancelling"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("query", list(LIST_QUERIES))
def test_list_files(session: Session, mode: str, query: str) -> None:
    arguments = LIST_QUERIES[query]
    page = session.run(
        mode, lambda batches: batches.list_files("vsfb_abc123", vector_store_id="vs_abc123", **arguments)
    )
    assert [type(item).__name__ for item in page.data] == ["VectorStoreFile", "VectorStoreFile"]
    assert page.has_more is False


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("example", ["page", "empty"])
def test_list_files_every_example(session: Session, mode: str, example: str) -> None:
    prefer = {"Prefer": f"example={example}"}
    page = session.run(
        mode, lambda batches: batches.list_files("vsfb_abc123", vector_store_id="vs_abc123", extra_headers=prefer)
    )
    assert len(page.data) == (2 if example == "page" else 0)
    assert page.envelope.first_id == (None if example == "empty" else "file-abc123")


@pytest.mark.parametrize("mode", MODES)
def test_raw_responses(session: Session, mode: str) -> None:
    raw = session.run(
        mode, lambda batches: batches.with_raw_response.retrieve("vsfb_abc123", vector_store_id="vs_abc123")
    )
    assert raw.status_code == 200
    assert raw.parse().id == "vsfb_abc123"


def test_prism_rejects_what_the_spec_forbids(prism: Prism) -> None:
    """Control: Prism does validate (so a clean log means something). Requests sent past the client's checks."""
    start = len(prism.text())
    headers = {"Authorization": "Bearer prism-key"}
    with httpx.Client(base_url=prism.url, headers=headers) as http:
        bad_limit = http.get("/vector_stores/vs_abc123/file_batches/vsfb_abc123/files", params={"limit": 0})
        bad_member = http.post("/vector_stores/vs_abc123/file_batches", json={"file_ids": ["file-abc123"], "bogus": 1})
    lines = prism.lines_after(start, 2)
    prism.ignored.append((start, start + len("\n".join(lines)) + 1))
    assert (bad_limit.status_code, bad_member.status_code) == (422, 422)
    assert any("limit must be >= 1" in line for line in problems(lines)), lines
    assert any("additional properties" in line for line in problems(lines)), lines


def test_generated_suite_in_live_mode(prism: Prism) -> None:
    start = len(prism.text())
    run = run_suite(GENERATED, env={"SPECGEN_BASE_URL": prism.url})
    report(f"generated/tests against Prism: {run.summary}")
    assert run.code == 0, run.output
    spec = load_spec(SPEC)
    plan = build_test_plan(spec, build_ir(spec, PACKAGE))
    # Everything passes, the live tests included (each call sync and async); only untestable constraints skip.
    calls = 2 * len(plan.operations)
    passed = 2 * len(plan.examples) + len(plan.constraints) + 2 * calls + 2 * len(plan.arguments)
    assert run.counts == {"passed": passed, "skipped": len(plan.omissions)}, run.summary
    found = problems(prism.text()[start:].splitlines())
    assert not found, "Prism logged violations:\n" + "\n".join(found)


def test_committed_client_is_what_the_tests_import(client_package: ModuleType) -> None:
    assert Path(client_package.__file__ or "").resolve().is_relative_to(GENERATED), client_package.__file__
    assert sys.modules["openai_file_batches"] is client_package
