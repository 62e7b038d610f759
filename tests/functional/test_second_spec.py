"""A second, different API generated with the shipped templates gets the same client behaviour.

The inline spec describes "jobs" under ``/projects/{project_id}/jobs``: cursor pagination with
other names (items in ``items``, flag ``more``, cursor parameter ``starting_after`` taken from the
last item's ``job_id``), a pollable ``state`` with its own terminal values and interval header, a
header parameter with a default, its own environment variables and a client option sent as a header.
Nothing about it is in the templates: everything below comes from the spec and its ``x-specgen-*``
extensions, and it gets the same SDK surface as the shipped client (raw and streaming wrappers,
pages that are models, ``to_dict``, ``omit``, ``copy``).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import subprocess
import sys
import uuid
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from generator.diagnostics import Severity
from generator.pipeline import Options, generate, inputs_hash
from generator.write import compare_output, write

JOB = {"$ref": "#/components/schemas/Job"}
PROJECT_ID = {"name": "project_id", "in": "path", "required": True, "schema": {"type": "string"}}
VERSION_HEADER = {
    "name": "X-Jobs-Version",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "default": "2024-05"},
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Jobs API", "version": "1.4.0"},
    "servers": [{"url": "https://jobs.example.test/api"}],
    "security": [{"token": []}],
    "x-specgen-client": {
        "api-key-env": "JOBS_TOKEN",
        "base-url-env": "JOBS_URL",
        "options": [{"name": "team", "header": "X-Jobs-Team", "env": "JOBS_TEAM", "description": "The billed team."}],
    },
    "paths": {
        "/projects/{project_id}/jobs": {
            "post": {
                "operationId": "createJob",
                "summary": "Submit a job.",
                "x-specgen-resource": "projects.jobs",
                "x-specgen-method": "submit",
                "parameters": [PROJECT_ID, VERSION_HEADER],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobCreate"}}},
                },
                "responses": {
                    "201": {
                        "description": "The job, queued.",
                        "content": {"application/json": {"schema": JOB}},
                        "links": {
                            "wait": {
                                "operationId": "getJob",
                                "parameters": {
                                    "job_id": "$response.body#/job_id",
                                    "project_id": "$request.path.project_id",
                                },
                            }
                        },
                    }
                },
            },
            "get": {
                "operationId": "listJobs",
                "summary": "List the jobs of a project.",
                "x-specgen-resource": "projects.jobs",
                "x-specgen-method": "list_jobs",
                "x-specgen-pagination": {
                    "style": "cursor",
                    "items": "items",
                    "has-more": "more",
                    "cursor-param": "starting_after",
                    "cursor-field": "job_id",
                },
                "parameters": [
                    PROJECT_ID,
                    VERSION_HEADER,
                    {
                        "name": "page_size",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
                    },
                    {"name": "starting_after", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "state",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["queued", "running", "succeeded", "errored"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "A page of jobs.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobPage"}}},
                    }
                },
            },
        },
        "/projects/{project_id}/jobs/{job_id}": {
            "get": {
                "operationId": "getJob",
                "summary": "Fetch a job.",
                "x-specgen-resource": "projects.jobs",
                "x-specgen-method": "fetch",
                "x-specgen-poll": {
                    "method": "wait",
                    "status": "state",
                    "terminal": ["succeeded", "errored", "aborted"],
                    "pending": ["queued", "running"],
                    "interval-header": "x-poll-after",
                    "default-interval-ms": 250,
                },
                "parameters": [
                    PROJECT_ID,
                    {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    VERSION_HEADER,
                ],
                "responses": {
                    "200": {"description": "The job.", "content": {"application/json": {"schema": JOB}}},
                },
            }
        },
    },
    "components": {
        "schemas": {
            "JobCreate": {
                "type": "object",
                "additionalProperties": False,
                "required": ["command"],
                "properties": {
                    "command": {"type": "string", "minLength": 1, "maxLength": 100},
                    "priority": {"type": "integer", "minimum": 1, "maximum": 10},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
                },
            },
            "Job": {
                "type": "object",
                "required": ["job_id", "state", "command"],
                "properties": {
                    "job_id": {"type": "string"},
                    "state": {"type": "string", "enum": ["queued", "running", "succeeded", "errored", "aborted"]},
                    "command": {"type": "string"},
                    "exit_code": {"type": ["integer", "null"]},
                },
            },
            "JobPage": {
                "type": "object",
                "required": ["items", "more"],
                "properties": {"items": {"type": "array", "items": JOB}, "more": {"type": "boolean"}},
            },
        },
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
    },
}

MODES = ("sync", "async")


@pytest.fixture(scope="module")
def jobs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The client generated from SPEC with the built-in templates, imported under a unique name."""
    folder = tmp_path_factory.mktemp("second_spec")
    package = f"jobs_client_{uuid.uuid4().hex[:8]}"
    spec_path = folder / "jobs.yaml"
    spec_path.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    options = Options(package=package, spec_name=spec_path.name, templates=None)
    result = generate(spec_path, options)
    errors = [str(d) for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == []
    out = folder / "out"
    write(
        out, result.files, inputs_hash([spec_path], options), {spec_path.name: "-"}, compare_output(out, result.files)
    )
    assert (out / package / "_client.py").is_file()
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def job(job_id: str, state: str = "succeeded", **extra: Any) -> dict[str, Any]:
    return {"job_id": job_id, "state": state, "command": "make test", "exit_code": None, **extra}


def page(ids: list[str], more: bool) -> dict[str, Any]:
    return {"items": [job(i) for i in ids], "more": more}


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def failure(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": "nope", "code": "x"}}, headers=headers)


@dataclass
class Server:
    """Scripted replies in order (the last repeats); a reply may be a callable or an exception."""

    replies: list[Any]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if isinstance(reply, BaseException):
            raise reply
        return reply(request) if callable(reply) and not isinstance(reply, httpx.Response) else reply


@dataclass
class Setup:
    client: Any
    server: Server
    sleeps: list[float]
    now: list[float]

    @property
    def jobs(self) -> Any:
        return self.client.projects.jobs


def setup(module: ModuleType, mode: str, *replies: Any, **options: Any) -> Setup:
    server = Server(list(replies) or [ok(job("job_1"))])
    transport = httpx.MockTransport(server)
    options.setdefault("api_key", "tok-secret-jobs")
    if mode == "sync":
        client = module.Client(http_client=httpx.Client(transport=transport), **options)
    else:
        client = module.AsyncClient(http_client=httpx.AsyncClient(transport=transport), **options)
    sleeps: list[float] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    client._sleep_hook = sleep
    client._clock = lambda: now[0]
    client._random = lambda: 0.0
    return Setup(client, server, sleeps, now)


async def settle(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def collect(iterable: Any) -> list[Any]:
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


def run(body: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(body())


def test_the_generated_surface(jobs: ModuleType) -> None:
    client = jobs.Client(api_key="k")
    resource = client.projects.jobs
    for name in ("submit", "fetch", "list_jobs", "wait", "submit_and_wait", "with_raw_response"):
        assert hasattr(resource, name), name
    for name in ("submit", "fetch", "list_jobs"):
        assert hasattr(resource.with_streaming_response, name), name
    assert "team" in inspect.signature(jobs.Client).parameters
    assert "team" in inspect.signature(client.copy).parameters
    wait = inspect.signature(resource.wait).parameters
    assert list(wait)[:4] == ["job_id", "project_id", "poll_interval_ms", "max_wait_seconds"]
    assert wait["poll_interval_ms"].default is jobs.omit
    assert "x-poll-after" in (resource.wait.__doc__ or "") and "250 ms" in (resource.wait.__doc__ or "")
    assert {"command", "priority", "tags", "poll_interval_ms", "max_wait_seconds"} <= set(
        inspect.signature(resource.submit_and_wait).parameters
    )
    assert inspect.iscoroutinefunction(jobs.AsyncClient(api_key="k").projects.jobs.wait)
    assert str(client.base_url) == "https://jobs.example.test/api/"
    client.close()


def test_environment_variables_come_from_the_spec(jobs: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOBS_TOKEN", raising=False)
    with pytest.raises(jobs.MissingAPIKeyError, match="JOBS_TOKEN"):
        jobs.Client()
    monkeypatch.setenv("JOBS_TOKEN", "tok")
    monkeypatch.setenv("JOBS_URL", "http://127.0.0.1:9/jobs")
    client = jobs.Client()
    assert (client.api_key, str(client.base_url)) == ("tok", "http://127.0.0.1:9/jobs/")
    client.close()


@pytest.mark.parametrize("mode", MODES)
def test_pagination_with_other_field_names(jobs: ModuleType, mode: str) -> None:
    pages = {None: page(["j1", "j2"], True), "j2": page(["j3", "j4"], True), "j4": page(["j5"], False)}
    s = setup(jobs, mode, lambda request: ok(pages[request.url.params.get("starting_after")]))

    async def body() -> None:
        first = await settle(s.jobs.list_jobs("proj/1", page_size=2, state="succeeded"))
        assert [j.job_id for j in first.data] == ["j1", "j2"] and first.has_more is True
        assert [j.job_id for j in await collect(first)] == ["j1", "j2", "j3", "j4", "j5"]
        assert [r.url.params.get("starting_after") for r in s.server.requests] == [None, "j2", "j4"]
        assert all(r.url.params["page_size"] == "2" and r.url.params["state"] == "succeeded" for r in s.server.requests)
        assert all(r.url.raw_path.startswith(b"/api/projects/proj%2F1/jobs") for r in s.server.requests)
        assert all("after" not in r.url.params for r in s.server.requests)
        walked = await collect(first.iter_pages())
        assert [len(p.data) for p in walked] == [2, 2, 1]
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
def test_pagination_stops_on_an_empty_page(jobs: ModuleType, mode: str) -> None:
    s = setup(jobs, mode, ok(page(["j1"], True)), ok(page([], True)), ok(page(["never"], False)))

    async def body() -> None:
        listed = await settle(s.jobs.list_jobs("p"))
        assert [j.job_id for j in await collect(listed)] == ["j1"]
        assert len(s.server.requests) == 2
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
def test_wait_polls_until_a_terminal_state_of_this_spec(jobs: ModuleType, mode: str) -> None:
    s = setup(
        jobs,
        mode,
        ok(job("j1", "queued"), headers={"x-poll-after": "40"}),
        ok(job("j1", "running")),  # no hint: the spec's 250 ms
        ok(job("j1", "throttled"), headers={"x-poll-after": "1000"}),  # unknown state: keep polling
        ok(job("j1", "succeeded", exit_code=0)),
    )

    async def body() -> None:
        finished = await settle(s.jobs.wait("j1", project_id="p1"))
        assert (finished.state, finished.exit_code) == ("succeeded", 0)
        assert s.sleeps == [0.04, 0.25, 1.0]
        assert {r.url.path for r in s.server.requests} == {"/api/projects/p1/jobs/j1"}
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("state", ["succeeded", "errored", "aborted"])
def test_terminal_states_of_this_spec(jobs: ModuleType, mode: str, state: str) -> None:
    s = setup(jobs, mode, ok(job("j1", state)))

    async def body() -> None:
        assert (await settle(s.jobs.wait("j1", project_id="p1"))).state == state
        assert len(s.server.requests) == 1
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
def test_wait_deadline(jobs: ModuleType, mode: str) -> None:
    s = setup(jobs, mode, ok(job("j1", "running")))

    async def body() -> None:
        with pytest.raises(jobs.PollTimeoutError) as caught:
            await settle(s.jobs.wait("j1", project_id="p1", max_wait_seconds=0.6))
        assert s.sleeps == pytest.approx([0.25, 0.25, 0.1])
        assert caught.value.last.state == "running"
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
def test_submit_and_wait_follows_the_link(jobs: ModuleType, mode: str) -> None:
    s = setup(
        jobs,
        mode,
        ok(job("job_77", "queued"), status=201),
        ok(job("job_77", "running")),
        ok(job("job_77", "errored", exit_code=2)),
    )

    async def body() -> None:
        done = await settle(s.jobs.submit_and_wait("p9", command="make", priority=3, tags=["ci"], poll_interval_ms=5))
        assert (done.job_id, done.state) == ("job_77", "errored")
        create, *polls = s.server.requests
        assert (create.method, create.url.path) == ("POST", "/api/projects/p9/jobs")
        assert json.loads(create.content) == {"command": "make", "priority": 3, "tags": ["ci"]}
        assert [r.url.path for r in polls] == ["/api/projects/p9/jobs/job_77"] * 2
        assert s.sleeps == [0.005]
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
def test_retries_and_typed_errors(jobs: ModuleType, mode: str) -> None:
    s = setup(
        jobs,
        mode,
        failure(503),
        failure(429, {"retry-after-ms": "120"}),
        httpx.ConnectError("refused"),
        ok(job("j1")),
    )

    async def body() -> None:
        with pytest.raises(jobs.APIConnectionError):
            await settle(s.jobs.fetch("j1", project_id="p"))
        assert s.sleeps == [0.5, 0.12]
        assert (await settle(s.jobs.fetch("j1", project_id="p"))).job_id == "j1"
        s.server.replies = [failure(404, {"x-request-id": "req_j"})]
        with pytest.raises(jobs.NotFoundError) as caught:
            await settle(s.jobs.fetch("j1", project_id="p"))
        assert (caught.value.status_code, caught.value.request_id) == (404, "req_j")
        assert "tok-secret-jobs" not in str(caught.value)
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda r: r.submit("p", command=""), "command"),
        (lambda r: r.submit("p", command="x" * 101), "command"),
        (lambda r: r.submit("p", command="x", priority=11), "priority"),
        (lambda r: r.submit("p", command="x", tags=["a", "b", "c", "d"]), "tags"),
        (lambda r: r.submit("", command="x"), "project_id"),
        (lambda r: r.list_jobs("p", page_size=0), "page_size"),
        (lambda r: r.list_jobs("p", page_size=51), "page_size"),
        (lambda r: r.list_jobs("p", state="lost"), "state"),
        (lambda r: r.fetch("", project_id="p"), "job_id"),
        (lambda r: r.wait("j", project_id=""), "project_id"),
    ],
)
def test_request_checks_before_any_io(jobs: ModuleType, mode: str, call: Any, field: str) -> None:
    s = setup(jobs, mode)

    async def body() -> None:
        with pytest.raises(jobs.RequestValidationError) as caught:
            await settle(call(s.jobs))
        assert isinstance(caught.value, ValueError)
        assert caught.value.field == field
        assert s.server.requests == []
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
def test_raw_responses_and_headers(jobs: ModuleType, mode: str) -> None:
    s = setup(jobs, mode, ok(job("j1", "running"), headers={"x-poll-after": "15", "x-request-id": "req_1"}))

    async def body() -> None:
        raw = await settle(s.jobs.with_raw_response.fetch("j1", project_id="p"))
        assert raw.status_code == 200
        assert raw.headers["x-poll-after"] == "15"
        assert raw.request_id == "req_1"
        assert raw.parse().state == "running"
        request = s.server.requests[0]
        assert request.headers["x-jobs-version"] == "2024-05"  # the spec's header default
        assert request.headers["authorization"] == "Bearer tok-secret-jobs"
        assert request.headers["user-agent"].startswith(f"{jobs.__name__}/")
        await settle(s.jobs.fetch("j1", project_id="p", extra_headers={"X-Jobs-Version": jobs.omit}))
        assert "x-jobs-version" not in s.server.requests[1].headers
        await settle(s.client.close())

    run(body)


@pytest.mark.parametrize("mode", MODES)
def test_forward_compatible_responses(jobs: ModuleType, mode: str) -> None:
    s = setup(jobs, mode, ok(job("j1", "hibernating", runner="gpu-7")))

    async def body() -> None:
        fetched = await settle(s.jobs.fetch("j1", project_id="p"))
        assert fetched.state == "hibernating"
        assert fetched.model_extra == {"runner": "gpu-7"}
        await settle(s.client.close())

    run(body)


def test_generated_sources_name_nothing_of_the_first_api(jobs: ModuleType) -> None:
    folder = Path(jobs.__file__).parent
    text = "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.py"))
    for word in ("vector_store", "file_batch", "openai-poll-after-ms", "OPENAI", "assistants=v2"):
        assert word not in text, word


def test_the_generated_project_passes_its_own_mypy_strict_and_ruff(jobs: ModuleType, tmp_path: Path) -> None:
    project = Path(jobs.__file__).parent.parent
    tools = Path(sys.executable).parent
    mypy = subprocess.run(
        [str(tools / "mypy"), "--strict", "--cache-dir", str(tmp_path / "mypy"), jobs.__name__],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run(
        [str(tools / "ruff"), "check", "--no-cache", "."], cwd=project, capture_output=True, text=True, check=False
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


@pytest.mark.parametrize("mode", MODES)
def test_the_sdk_surface_of_this_api(jobs: ModuleType, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBS_TEAM", "team-env")
    pages = {None: page(["j1"], True), "j1": page(["j2"], False)}

    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/jobs"):
            return ok(pages[request.url.params.get("starting_after")])
        return ok(job("j1", "running" if "X-Stainless-Poll-Helper" not in request.headers else "succeeded"))

    s = setup(jobs, mode, reply)

    async def body() -> None:
        raw = await settle(s.client.with_raw_response.projects.jobs.fetch("j1", project_id="p"))
        assert isinstance(raw, jobs.RawResponse) and raw.is_closed and raw.retries_taken == 0
        assert (raw.method, raw.url.path, raw.http_request.headers["X-Stainless-Lang"]) == (
            "GET",
            "/api/projects/p/jobs/j1",
            "python",
        )
        assert raw.http_request.headers["X-Jobs-Team"] == "team-env"  # the option, from its environment variable
        manager = s.client.with_streaming_response.projects.jobs.fetch("j1", project_id="p")
        streamed = await manager.__aenter__() if mode == "async" else manager.__enter__()
        fetched = await settle(streamed.parse())
        assert fetched.to_dict() == job("j1", "running")
        assert json.loads(fetched.to_json()) == job("j1", "running")
        await manager.__aexit__(None, None, None) if mode == "async" else manager.__exit__(None, None, None)
        assert streamed.is_closed
        listing = s.jobs.list_jobs("p")
        if mode == "async":
            assert isinstance(listing, jobs.AsyncPaginator)
            assert [j.job_id async for j in listing] == ["j1", "j2"]  # no await needed
        first = await settle(s.jobs.list_jobs("p"))
        assert isinstance(first, jobs.BaseModel) and first.to_dict()["has_more"] is True  # `more` on the wire
        assert [j["job_id"] for j in first.to_dict()["data"]] == ["j1"]  # `items` on the wire
        copy = s.client.copy(team="team-2")
        await settle(copy.projects.jobs.fetch("j1", project_id="p"))
        assert s.server.requests[-1].headers["X-Jobs-Team"] == "team-2"
        done = await settle(s.jobs.wait("j1", project_id="p", poll_interval_ms=jobs.omit))
        assert done.state == "succeeded" and s.server.requests[-1].headers["X-Stainless-Poll-Helper"] == "true"
        with pytest.raises(ValueError, match=r"^Expected a non-empty value for `job_id` but received ''$"):
            await settle(s.jobs.fetch("", project_id="p"))
        await settle(s.client.close())

    run(body)
