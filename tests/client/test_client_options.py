"""Client construction: options the spec declares (organization, project), defaults, copies, the headers sent."""

from __future__ import annotations

import json
import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from openai_file_batches import omit

from tests.client.conftest import batch, error, ok, settle


def retrieve(h: Any, **options: Any) -> Any:
    return settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1", **options))


@pytest.fixture(autouse=True)
def no_option_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)


def test_declared_options_are_sent_as_headers(harness: Any) -> None:
    h = harness(ok(batch()), organization="org-1", project="proj-1")

    async def body() -> None:
        await retrieve(h)
        headers = h.requests[0].headers
        assert (headers["OpenAI-Organization"], headers["OpenAI-Project"]) == ("org-1", "proj-1")
        assert (h.client.organization, h.client.project) == ("org-1", "proj-1")

    h.run(body)


def test_unset_options_send_no_header(harness: Any) -> None:
    h = harness(ok(batch()))

    async def body() -> None:
        await retrieve(h)
        assert "OpenAI-Organization" not in h.requests[0].headers
        assert "OpenAI-Project" not in h.requests[0].headers
        assert h.client.organization is None and h.client.project is None

    h.run(body)


def test_options_default_to_their_environment_variables(harness: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    h = harness(ok(batch()), project="proj-arg")  # an argument wins over the environment

    async def body() -> None:
        await retrieve(h)
        headers = h.requests[0].headers
        assert (headers["OpenAI-Organization"], headers["OpenAI-Project"]) == ("org-env", "proj-arg")

    h.run(body)


def test_default_query_is_sent_under_the_operations_own_parameters(harness: Any) -> None:
    h = harness(ok({"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}))
    h.client = h.client.with_options(default_query={"api-version": "2", "limit": "7"})

    async def body() -> None:
        await settle(h.client.vector_stores.file_batches.list_files("vsfb_1", vector_store_id="vs_1", limit=3))
        params = h.requests[0].url.params
        assert params["api-version"] == "2"
        assert params.get_list("limit") == ["3"]  # the call's own parameter wins

    h.run(body)


def test_copy_changes_only_what_is_given_and_shares_the_pool(harness: Any) -> None:
    h = harness(ok(batch()), organization="org-1", default_headers={"X-A": "a", "X-B": "b"}, max_retries=4)

    async def body() -> None:
        copy = h.client.copy(project="proj-2", default_headers={"X-B": "b2"}, max_retries=1)
        assert h.client.with_options.__func__ is type(h.client).copy  # the same method
        assert (copy.organization, copy.project, copy.max_retries) == ("org-1", "proj-2", 1)
        assert copy.default_headers == {"X-A": "a", "X-B": "b2"}
        assert copy._http is h.client._http
        replaced = h.client.copy(set_default_headers={"X-C": "c"})
        assert replaced.default_headers == {"X-C": "c"}
        assert h.client.copy(timeout=None).timeout is None  # None is a value (no timeout), not "keep"
        assert h.client.copy().timeout == h.client.timeout and copy.api_key == h.client.api_key
        with pytest.raises(ValueError, match="mutually exclusive"):
            h.client.copy(default_headers={}, set_default_headers={})
        with pytest.raises(ValueError, match="mutually exclusive"):
            h.client.copy(default_query={}, set_default_query={})
        await retrieve(h)
        assert h.requests[0].headers["X-A"] == "a" and "X-C" not in h.requests[0].headers
        await settle(copy.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert h.requests[1].headers["X-B"] == "b2" and h.requests[1].headers["OpenAI-Project"] == "proj-2"

    h.run(body)


def test_platform_headers(harness: Any, package: Any) -> None:
    h = harness(ok(batch()))

    async def body() -> None:
        await retrieve(h)
        headers = h.requests[0].headers
        assert headers["X-Stainless-Lang"] == "python"
        assert headers["X-Stainless-Package-Version"] == package.__version__
        assert headers["X-Stainless-Runtime"] == platform.python_implementation()
        assert headers["X-Stainless-Runtime-Version"] == platform.python_version()
        assert headers["X-Stainless-Async"] == ("async:asyncio" if h.mode == "async" else "false")
        assert headers["X-Stainless-OS"] and headers["X-Stainless-Arch"]
        assert headers["x-stainless-read-timeout"] == "600.0"

    h.run(body)


def test_each_attempt_sends_its_retry_count(harness: Any) -> None:
    sent: list[str] = []

    def answer(status: int) -> Callable[[httpx.Request], httpx.Response]:
        def reply(request: httpx.Request) -> httpx.Response:
            sent.append(request.headers["x-stainless-retry-count"])  # as it was on the wire for this attempt
            return error(status) if status >= 400 else ok(batch())

        return reply

    h = harness(answer(500), answer(500), answer(200))

    async def body() -> None:
        await retrieve(h, timeout=20.0)
        assert sent == ["0", "1", "2"]
        assert h.requests[0].headers["x-stainless-read-timeout"] == "20.0"

    h.run(body)


def test_the_caller_can_set_or_remove_the_sdk_headers(harness: Any) -> None:
    h = harness(error(500), ok(batch()), default_headers={"X-Stainless-Lang": omit})

    async def body() -> None:
        await retrieve(h, extra_headers={"x-stainless-retry-count": "42", "X-Stainless-OS": omit})
        for request in h.requests:
            assert request.headers["x-stainless-retry-count"] == "42"
            assert "X-Stainless-Lang" not in request.headers and "X-Stainless-OS" not in request.headers

    h.run(body)


def test_an_option_name_the_client_uses_is_refused_by_the_spec_reader(tmp_path: Path) -> None:
    from generator.spec.load import load_spec

    options = [
        {"name": "organization", "header": "OpenAI-Organization", "env": "OPENAI_ORG_ID"},
        {"name": "timeout", "header": "X-Timeout"},
        {"name": "team", "header": "Bad Header"},
        {"name": "team", "header": "X-Team", "env": "1BAD"},
        {"name": "organization", "header": "X-Org"},
    ]
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    document["x-specgen-client"] = {"options": options}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    extensions = load_spec(path).extensions
    found = extensions.client.options
    assert [(o.name, o.header, o.env) for o in found] == [("organization", "OpenAI-Organization", "OPENAI_ORG_ID")]
    assert [p.pointer for p in extensions.problems] == [f"/x-specgen-client/options/{i}" for i in (1, 2, 3, 4)]
