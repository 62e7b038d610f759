"""Requests: argument checks before any I/O, path encoding, query, body, headers, per-call options."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.client.conftest import API_KEY, BASE_URL, Server, batch, file_page, make_client, ok, settle

STATIC = {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}


def static(size: int, overlap: int) -> dict[str, Any]:
    return {"type": "static", "static": {"max_chunk_size_tokens": size, "chunk_overlap_tokens": overlap}}


# (method, arguments, field named by the error, part of the message)
INVALID: list[tuple[str, dict[str, Any], str, str]] = [
    ("create", {}, "file_ids / files", "exactly one of file_ids / files"),
    ("create", {"file_ids": ["f"], "files": [{"file_id": "f"}]}, "file_ids / files", "found file_ids and files"),
    ("create", {"file_ids": []}, "file_ids", "at least 1 item"),
    ("create", {"file_ids": [f"file-{i}" for i in range(2001)]}, "file_ids", "at most 2000 items"),
    ("create", {"file_ids": "file-1"}, "file_ids", "valid list"),
    ("create", {"files": []}, "files", "at least 1 item"),
    ("create", {"files": [{"chunking_strategy": STATIC}]}, "files.0.file_id", "required"),
    ("create", {"file_ids": ["f"], "chunking_strategy": static(99, 0)}, "max_chunk_size_tokens", "100"),
    ("create", {"file_ids": ["f"], "chunking_strategy": static(4097, 0)}, "max_chunk_size_tokens", "4096"),
    ("create", {"file_ids": ["f"], "chunking_strategy": static(800, 401)}, "chunking_strategy.static", "half"),
    ("create", {"file_ids": ["f"], "chunking_strategy": static(800, -1)}, "chunk_overlap_tokens", "0"),
    (
        "create",
        {"files": [{"file_id": "f", "chunking_strategy": static(1000, 501)}]},
        "files.0.chunking_strategy.static",
        "half",
    ),
    ("create", {"file_ids": ["f"], "chunking_strategy": {"type": "fancy"}}, "chunking_strategy", "tag"),
    ("create", {"file_ids": ["f"], "chunking_strategy": {"type": "static"}}, "chunking_strategy.static", "required"),
    ("create", {"file_ids": ["f"], "attributes": {f"k{i}": "v" for i in range(17)}}, "attributes", "at most 16"),
    ("create", {"file_ids": ["f"], "attributes": {"k" * 65: "v"}}, "attributes.", "64 characters"),
    ("create", {"file_ids": ["f"], "attributes": {"k": "v" * 513}}, "attributes.k", "512 characters"),
    ("create", {"file_ids": ["f"], "unknown_member": 1}, "", "unexpected keyword"),
    ("list_files", {"limit": 0}, "limit", ">= 1"),
    ("list_files", {"limit": 101}, "limit", "<= 100"),
    ("list_files", {"limit": "10"}, "limit", "integer"),
    ("list_files", {"limit": True}, "limit", "bool"),
    ("list_files", {"order": "sideways"}, "order", "'asc', 'desc'"),
    ("list_files", {"filter": "done"}, "filter", "'in_progress'"),
]


async def invoke(h: Any, method: str, arguments: dict[str, Any]) -> Any:
    if method == "create":
        return await settle(h.batches.create("vs_1", **arguments))
    return await settle(getattr(h.batches, method)("vsfb_1", vector_store_id="vs_1", **arguments))


@pytest.mark.parametrize("case", INVALID, ids=[f"{c[0]}-{c[2] or 'keyword'}-{i}" for i, c in enumerate(INVALID)])
def test_invalid_arguments_raise_before_any_io(
    harness: Any, package: Any, case: tuple[str, dict[str, Any], str, str]
) -> None:
    method, arguments, field, fragment = case
    h = harness()

    async def body() -> None:
        with pytest.raises((package.RequestValidationError, TypeError)) as caught:
            await invoke(h, method, arguments)
        assert h.requests == []
        if field == "":  # an unknown keyword argument is a Python TypeError
            assert isinstance(caught.value, TypeError)
            return
        exc = caught.value
        assert isinstance(exc, package.RequestValidationError) and isinstance(exc, ValueError)
        assert field in exc.field, exc.field
        assert fragment in str(exc), str(exc)
        assert str(exc).startswith(exc.field)

    h.run(body)


@pytest.mark.parametrize(
    "arguments",
    [
        {"file_ids": ["f"]},
        {"file_ids": [f"file-{i}" for i in range(2000)]},
        {"file_ids": ["f"], "chunking_strategy": static(100, 50)},
        {"file_ids": ["f"], "chunking_strategy": static(4096, 2048)},
        {"file_ids": ["f"], "chunking_strategy": {"type": "auto"}},
        {"file_ids": ["f"], "attributes": {f"k{i}": "v" * 512 for i in range(16)}},
        {"file_ids": ["f"], "attributes": {"k" * 64: True, "n": 2.5}},
        {"files": [{"file_id": "f", "chunking_strategy": static(1000, 500), "attributes": {"a": "b"}}]},
    ],
)
def test_valid_boundaries_are_sent(harness: Any, arguments: dict[str, Any]) -> None:
    h = harness()

    async def body() -> None:
        await settle(h.batches.create("vs_1", **arguments))
        assert len(h.requests) == 1
        assert h.server.json() == arguments

    h.run(body)


def test_the_body_is_sent_as_given_numbers_keep_their_type(harness: Any, package: Any) -> None:
    h = harness()
    strategy = package.models.StaticChunkingStrategyRequestParam.model_validate(static(800, 400))

    async def body() -> None:
        await settle(h.batches.create("vs_1", file_ids=["f"], attributes={"n": 1}, chunking_strategy=strategy))
        raw = h.requests[0].content.decode()
        assert '"n":1}' in raw.replace(" ", "") and "1.0" not in raw
        assert h.server.json()["chunking_strategy"] == static(800, 400)

    h.run(body)


@pytest.mark.parametrize("limit", [1, 100])
def test_limit_boundaries_are_sent(harness: Any, limit: int) -> None:
    h = harness(ok(file_page([], has_more=False)))

    async def body() -> None:
        await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1", limit=limit))
        assert h.requests[0].url.params["limit"] == str(limit)

    h.run(body)


@pytest.mark.parametrize("method", ["retrieve", "cancel", "list_files", "poll"])
@pytest.mark.parametrize("which", ["batch_id", "vector_store_id"])
def test_empty_path_ids_are_rejected(harness: Any, package: Any, method: str, which: str) -> None:
    h = harness()

    async def body() -> None:
        ids = {"batch_id": "vsfb_1", "vector_store_id": "vs_1", which: ""}
        with pytest.raises(package.RequestValidationError) as caught:
            await settle(getattr(h.batches, method)(ids["batch_id"], vector_store_id=ids["vector_store_id"]))
        assert caught.value.field == which
        assert str(caught.value) == f"Expected a non-empty value for `{which}` but received ''"  # the official text
        assert h.requests == []

    h.run(body)


@pytest.mark.parametrize("method", ["create", "create_and_poll"])
@pytest.mark.parametrize("body_arguments", [{"file_ids": ["f"]}, {}])
def test_empty_vector_store_id_on_create(harness: Any, package: Any, method: str, body_arguments: Any) -> None:
    h = harness()

    async def body() -> None:
        # The path is checked first: the message is about the id even when the body is wrong too.
        with pytest.raises(package.RequestValidationError) as caught:
            await settle(getattr(h.batches, method)("", **body_arguments))
        assert str(caught.value) == "Expected a non-empty value for `vector_store_id` but received ''"
        assert h.requests == []

    h.run(body)


def test_one_shot_iterables_are_accepted_for_arrays(harness: Any) -> None:
    h = harness(ok(batch()), ok(batch()))

    async def body() -> None:
        files = ({"file_id": f"file-{i}"} for i in range(3))
        await settle(h.batches.create("vs_1", files=files, attributes={"k": "v"}))
        assert h.server.json(0) == {
            "files": [{"file_id": "file-0"}, {"file_id": "file-1"}, {"file_id": "file-2"}],
            "attributes": {"k": "v"},
        }
        await settle(h.batches.create("vs_1", file_ids=map(str.upper, ["a", "b"])))
        assert h.server.json(1) == {"file_ids": ["A", "B"]}

    h.run(body)


def test_a_one_shot_iterable_is_still_checked(harness: Any, package: Any) -> None:
    h = harness()

    async def body() -> None:
        with pytest.raises(package.RequestValidationError) as caught:
            await settle(h.batches.create("vs_1", files=iter([{"file_id": "f"}, {"nope": 1}])))
        assert caught.value.field == "files.1.file_id"
        assert h.requests == []

    h.run(body)


@pytest.mark.parametrize(
    ("batch_id", "segment"),
    [
        ("a/b", "a%2Fb"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("../../files", "..%2F..%2Ffiles"),
        ("x?admin=1", "x%3Fadmin%3D1"),
        ("x#frag", "x%23frag"),
        ("100%", "100%25"),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("été", "%C3%A9t%C3%A9"),
        ("vsfb_abc-123", "vsfb_abc-123"),
    ],
)
def test_path_ids_are_percent_encoded_as_one_segment(harness: Any, batch_id: str, segment: str) -> None:
    h = harness()

    async def body() -> None:
        await settle(h.batches.retrieve(batch_id, vector_store_id="vs/.."))
        request = h.requests[0]
        assert request.url.raw_path.decode() == f"/v1/vector_stores/vs%2F../file_batches/{segment}"
        assert request.url.query == b""
        assert request.url.fragment == ""
        assert request.url.host == "api.test"

    h.run(body)


def test_encoded_ids_in_every_operation(harness: Any) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        return ok(file_page([], has_more=False) if request.url.path.endswith("/files") else batch())

    h = harness(reply)

    async def body() -> None:
        await settle(h.batches.create("v/s", file_ids=["f"]))
        await settle(h.batches.cancel("b?c", vector_store_id="v#s"))
        await settle(h.batches.list_files("..", vector_store_id="."))
        assert [r.url.raw_path.decode() for r in h.requests] == [
            "/v1/vector_stores/v%2Fs/file_batches",
            "/v1/vector_stores/v%23s/file_batches/b%3Fc/cancel",
            "/v1/vector_stores/%2E/file_batches/%2E%2E/files",
        ]

    h.run(body)


def test_default_headers(harness: Any, package: Any) -> None:
    h = harness()

    async def body() -> None:
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        headers = h.requests[0].headers
        assert headers["openai-beta"] == "assistants=v2"
        assert headers["authorization"] == f"Bearer {API_KEY}"
        assert headers["accept"] == "application/json"
        user_agent = headers["user-agent"]
        assert user_agent.startswith(f"openai_file_batches/{package.__version__}")

    h.run(body)


def test_every_operation_sends_the_beta_header(harness: Any) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        return ok(file_page([], has_more=False) if request.url.path.endswith("/files") else batch())

    h = harness(reply)

    async def body() -> None:
        await settle(h.batches.create("vs_1", file_ids=["f"]))
        await settle(h.batches.retrieve("b", vector_store_id="vs_1"))
        await settle(h.batches.cancel("b", vector_store_id="vs_1"))
        await settle(h.batches.list_files("b", vector_store_id="vs_1"))
        assert [r.headers.get("openai-beta") for r in h.requests] == ["assistants=v2"] * 4
        assert [r.method for r in h.requests] == ["POST", "GET", "POST", "GET"]
        assert h.requests[1].content == b"" and h.requests[2].content == b""  # no body without members

    h.run(body)


def test_extra_headers_add_override_and_omit(harness: Any, package: Any) -> None:
    h = harness()

    async def body() -> None:
        await settle(
            h.batches.retrieve(
                "vsfb_1",
                vector_store_id="vs_1",
                extra_headers={"X-Custom": "1", "openai-beta": "assistants=v3", "Authorization": package.omit},
            )
        )
        headers = h.requests[0].headers
        assert headers["x-custom"] == "1"
        assert headers.get_list("openai-beta") == ["assistants=v3"]  # replaced whatever the case
        assert "authorization" not in headers
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1", extra_headers={"OpenAI-Beta": package.omit}))
        assert "openai-beta" not in h.requests[1].headers

    h.run(body)


def test_client_default_headers(harness: Any) -> None:
    h = harness(default_headers={"X-Team": "search", "OpenAI-Beta": "assistants=v9"})

    async def body() -> None:
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        headers = h.requests[0].headers
        assert headers["x-team"] == "search"
        # the operation's declared header default is more specific than the client's default headers
        assert headers.get_list("openai-beta") == ["assistants=v2"]

    h.run(body)


def test_extra_query_merges_over_the_typed_query(harness: Any, package: Any) -> None:
    h = harness(ok(file_page([], has_more=False)))

    async def body() -> None:
        await settle(
            h.batches.list_files(
                "vsfb_1",
                vector_store_id="vs_1",
                limit=10,
                order="asc",
                extra_query={"limit": 20, "include": ["a", "b"], "flag": True, "order": package.omit},
            )
        )
        params = h.requests[0].url.params
        assert params.get_list("limit") == ["20"]  # replaced, not sent twice
        assert params.get_list("include") == ["a", "b"]
        assert params["flag"] == "true"
        assert "order" not in params

    h.run(body)


def test_query_parameters_are_encoded(harness: Any) -> None:
    h = harness(ok(file_page([], has_more=False)))

    async def body() -> None:
        await settle(
            h.batches.list_files(
                "vsfb_1", vector_store_id="vs_1", limit=5, order="desc", after="f&1", before="f 2", filter="failed"
            )
        )
        url = h.requests[0].url
        assert dict(url.params) == {"limit": "5", "order": "desc", "after": "f&1", "before": "f 2", "filter": "failed"}
        assert b"after=f%261" in url.query

    h.run(body)


def test_extra_body_merges_into_the_json_body(harness: Any) -> None:
    h = harness()

    async def body() -> None:
        await settle(
            h.batches.create(
                "vs_1", file_ids=["f"], attributes={"a": "b"}, extra_body={"priority": "high", "attributes": {"x": 1}}
            )
        )
        assert h.server.json() == {"file_ids": ["f"], "attributes": {"x": 1}, "priority": "high"}
        assert h.requests[0].headers["content-type"] == "application/json"

    h.run(body)


def test_the_body_holds_only_given_members(harness: Any) -> None:
    h = harness()

    async def body() -> None:
        await settle(
            h.batches.create(
                "vs_1",
                files=[{"file_id": "f1"}, {"file_id": "f2", "attributes": {"lang": "en"}, "chunking_strategy": STATIC}],
            )
        )
        assert h.server.json() == {
            "files": [{"file_id": "f1"}, {"file_id": "f2", "attributes": {"lang": "en"}, "chunking_strategy": STATIC}]
        }

    h.run(body)


def test_request_models_are_accepted_as_arguments(harness: Any, package: Any) -> None:
    from openai_file_batches.models import CreateVectorStoreFileRequest, StaticChunkingStrategyRequestParam

    h = harness()

    async def body() -> None:
        strategy = StaticChunkingStrategyRequestParam.model_validate(STATIC)
        await settle(
            h.batches.create("vs_1", files=[CreateVectorStoreFileRequest(file_id="f1")], chunking_strategy=strategy)
        )
        assert h.server.json() == {"files": [{"file_id": "f1"}], "chunking_strategy": STATIC}

    h.run(body)


def test_default_timeout_is_600_seconds_with_5_to_connect(harness: Any, package: Any) -> None:
    h = harness()

    async def body() -> None:
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert h.requests[0].extensions["timeout"] == {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0}
        assert httpx.Timeout(600.0, connect=5.0) == package.DEFAULT_TIMEOUT

    h.run(body)


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (2.5, {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}),
        (httpx.Timeout(30, connect=1), {"connect": 1, "read": 30, "write": 30, "pool": 30}),
        (None, {"connect": None, "read": None, "write": None, "pool": None}),
    ],
)
def test_per_call_timeout_reaches_httpx(harness: Any, timeout: Any, expected: dict[str, Any]) -> None:
    h = harness()

    async def body() -> None:
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1", timeout=timeout))
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert h.requests[0].extensions["timeout"] == expected
        assert h.requests[1].extensions["timeout"]["read"] == 600.0  # the next call has the default again

    h.run(body)


def test_client_timeout_option_and_with_options(harness: Any) -> None:
    h = harness(timeout=20.0)

    async def body() -> None:
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        quick = h.client.with_options(timeout=httpx.Timeout(3, connect=0.5))
        await settle(quick.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert h.requests[0].extensions["timeout"] == {"connect": 20.0, "read": 20.0, "write": 20.0, "pool": 20.0}
        assert h.requests[1].extensions["timeout"] == {"connect": 0.5, "read": 3, "write": 3, "pool": 3}

    h.run(body)


def test_a_given_http_client_keeps_its_own_timeout_unless_one_is_given(mode: str) -> None:
    custom = {"connect": 2.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    server = Server([ok(batch())])
    adopted, _, _ = make_client(mode, server, http_options={"timeout": httpx.Timeout(30, connect=2)})
    explicit, _, _ = make_client(mode, server, http_options={"timeout": httpx.Timeout(30)}, timeout=12.0)
    plain, _, _ = make_client(mode, server)  # httpx's own default (5 s) is not a choice: the SDK default applies

    async def body() -> None:
        for client in (adopted, explicit, plain):
            await settle(client.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert [r.extensions["timeout"] for r in server.requests] == [
            custom,
            {"connect": 12.0, "read": 12.0, "write": 12.0, "pool": 12.0},
            {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0},
        ]

    asyncio.run(body())


def test_an_owned_http_client_gets_the_default_timeout(package: Any) -> None:
    with package.Client(api_key="k") as client:
        assert client._http.timeout == package.DEFAULT_TIMEOUT
        assert client.timeout == package.DEFAULT_TIMEOUT


def test_per_call_timeout_applies_to_every_retry(harness: Any) -> None:
    h = harness(httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"), ok(batch()))

    async def body() -> None:
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1", timeout=1.5))
        assert [r.extensions["timeout"]["read"] for r in h.requests] == [1.5, 1.5, 1.5]

    h.run(body)


def test_with_options_copies_and_leaves_the_original_alone(harness: Any) -> None:
    h = harness(default_headers={"X-A": "1"})

    async def body() -> None:
        other = h.client.with_options(api_key="sk-other", default_headers={"X-B": "2"}, max_retries=5)
        assert other is not h.client
        assert (other.max_retries, h.client.max_retries) == (5, 2)
        await settle(other.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        copy_headers, original_headers = h.requests[0].headers, h.requests[1].headers
        assert copy_headers["authorization"] == "Bearer sk-other"
        assert (copy_headers["x-a"], copy_headers["x-b"]) == ("1", "2")
        assert original_headers["authorization"] == f"Bearer {API_KEY}"
        assert "x-b" not in original_headers
        assert other._http is h.client._http  # one connection pool

    h.run(body)


@pytest.mark.parametrize("client_class", ["Client", "AsyncClient"])
def test_base_url_from_the_environment(package: Any, monkeypatch: pytest.MonkeyPatch, client_class: str) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://proxy.test/openai/v1/")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    client = getattr(package, client_class)()
    assert str(client.base_url) == "https://proxy.test/openai/v1/"
    explicit = getattr(package, client_class)(base_url="https://other.test/v2")
    assert str(explicit.base_url) == "https://other.test/v2/"
    monkeypatch.delenv("OPENAI_BASE_URL")
    assert str(getattr(package, client_class)().base_url) == "https://api.openai.com/v1/"


def test_base_url_with_a_path_prefix_is_kept(mode: str) -> None:
    server = Server([ok(batch())])
    client, _, _ = make_client(mode, server, base_url="https://proxy.test/prefix/v1")

    async def body() -> None:
        await settle(client.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        assert str(server.requests[0].url) == "https://proxy.test/prefix/v1/vector_stores/vs_1/file_batches/vsfb_1"

    asyncio.run(body())


def test_context_managers_close_owned_http_clients(package: Any) -> None:
    with package.Client(api_key="k") as client:
        http = client._http
    assert http.is_closed

    async def main() -> None:
        async with package.AsyncClient(api_key="k") as client:
            http = client._http
        assert http.is_closed

    asyncio.run(main())


def test_a_given_http_client_is_not_closed(package: Any) -> None:
    http = httpx.Client(transport=httpx.MockTransport(lambda r: ok(batch())))
    with package.Client(api_key="k", base_url=BASE_URL, http_client=http):
        pass
    assert not http.is_closed
    http.close()
