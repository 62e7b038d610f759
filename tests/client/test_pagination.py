"""list_files pages: items across pages, the ``after`` cursor, stop rules, iter_pages, raw pages."""

from __future__ import annotations

from typing import Any

import httpx

from tests.client.conftest import collect, error, file_page, ok, settle

LIST_PATH = "/v1/vector_stores/vs_1/file_batches/vsfb_1/files"


def by_cursor(pages: dict[str | None, dict[str, Any]]) -> Any:
    """A handler answering with the page registered for the request's ``after`` value."""

    def reply(request: httpx.Request) -> httpx.Response:
        return ok(pages[request.url.params.get("after")])

    return reply


def test_iterating_a_page_walks_every_page_with_the_last_item_id_as_cursor(harness: Any) -> None:
    pages = {
        None: file_page(["f1", "f2"], has_more=True),
        "f2": file_page(["f3", "f4"], has_more=True),
        "f4": file_page(["f5"], has_more=False),
    }
    h = harness(by_cursor(pages))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1", limit=2, filter="completed"))
        assert [f.id for f in page.data] == ["f1", "f2"]
        assert page.has_more is True
        assert len(h.requests) == 1  # nothing fetched before iteration
        items = await collect(page)
        assert [f.id for f in items] == ["f1", "f2", "f3", "f4", "f5"]
        assert type(items[0]).__name__ == "VectorStoreFile"
        assert [r.url.params.get("after") for r in h.requests] == [None, "f2", "f4"]
        # the other query parameters are carried to every page
        assert all(r.url.params["limit"] == "2" and r.url.params["filter"] == "completed" for r in h.requests)
        assert all(r.url.path == LIST_PATH for r in h.requests)

    h.run(body)


def test_the_cursor_is_the_last_item_id_not_last_id(harness: Any) -> None:
    first = file_page(["f1", "f2"], has_more=True)
    first["last_id"] = "something-else"
    h = harness(by_cursor({None: first, "f2": file_page(["f3"], has_more=False)}))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        assert [f.id for f in await collect(page)] == ["f1", "f2", "f3"]
        assert h.requests[1].url.params["after"] == "f2"

    h.run(body)


def test_iteration_stops_when_has_more_is_false(harness: Any) -> None:
    h = harness(ok(file_page(["f1", "f2"], has_more=False)), error(500))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        assert page.has_next_page() is False
        assert [f.id for f in await collect(page)] == ["f1", "f2"]
        assert len(h.requests) == 1

    h.run(body)


def test_iteration_stops_on_an_empty_page_even_if_has_more_is_true(harness: Any) -> None:
    pages = {None: file_page(["f1"], has_more=True), "f1": file_page([], has_more=True)}
    h = harness(by_cursor(pages))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        assert [f.id for f in await collect(page)] == ["f1"]
        assert len(h.requests) == 2

    h.run(body)


def test_an_empty_page_with_null_first_and_last_id_is_fine(harness: Any) -> None:
    h = harness(ok(file_page([], has_more=False)))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        assert page.data == []
        assert page.has_more is False
        assert page.first_id is None and page.last_id is None
        assert page.object == "list"
        assert await collect(page) == []
        assert [p.data for p in await collect(page.iter_pages())] == [[]]

    h.run(body)


def test_iter_pages_yields_each_page(harness: Any) -> None:
    pages = {
        None: file_page(["f1", "f2"], has_more=True),
        "f2": file_page(["f3"], has_more=False),
    }
    h = harness(by_cursor(pages))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        walked = await collect(page.iter_pages())
        assert [[f.id for f in p.data] for p in walked] == [["f1", "f2"], ["f3"]]
        assert walked[0] is page
        assert [p.first_id for p in walked] == ["f1", "f3"]
        assert type(walked[1]) is type(page)

    h.run(body)


def test_get_next_page_by_hand(harness: Any) -> None:
    pages = {None: file_page(["f1"], has_more=True), "f1": file_page(["f2"], has_more=False)}
    h = harness(by_cursor(pages))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        assert page.has_next_page() is True
        following = await settle(page.get_next_page())
        assert [f.id for f in following.data] == ["f2"]
        assert following.has_next_page() is False

    h.run(body)


def test_a_failing_next_page_is_retried_then_iteration_continues(harness: Any) -> None:
    calls = {"n": 0}

    def reply(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after")
        if after is None:
            return ok(file_page(["f1"], has_more=True))
        calls["n"] += 1
        return error(503) if calls["n"] == 1 else ok(file_page(["f2"], has_more=False))

    h = harness(reply)

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        assert [f.id for f in await collect(page)] == ["f1", "f2"]
        assert len(h.requests) == 3
        assert h.sleeps == [0.5]

    h.run(body)


def test_per_call_options_apply_to_every_page(harness: Any) -> None:
    pages = {None: file_page(["f1"], has_more=True), "f1": file_page(["f2"], has_more=False)}
    h = harness(by_cursor(pages))

    async def body() -> None:
        page = await settle(
            h.batches.list_files(
                "vsfb_1", vector_store_id="vs_1", extra_headers={"X-Trace": "t1"}, extra_query={"mode": "x"}, timeout=7
            )
        )
        await collect(page)
        assert len(h.requests) == 2
        for request in h.requests:
            assert request.headers["x-trace"] == "t1"
            assert request.url.params["mode"] == "x"
            assert request.extensions["timeout"]["read"] == 7

    h.run(body)


def test_a_raw_page_parses_to_a_page_that_still_auto_pages(harness: Any) -> None:
    pages = {None: file_page(["f1"], has_more=True), "f1": file_page(["f2"], has_more=False)}
    h = harness(by_cursor(pages))

    async def body() -> None:
        raw = await settle(h.batches.with_raw_response.list_files("vsfb_1", vector_store_id="vs_1"))
        assert raw.status_code == 200
        page = raw.parse()
        assert [f.id for f in await collect(page)] == ["f1", "f2"]

    h.run(body)


def test_page_repr_and_model(harness: Any) -> None:
    h = harness(ok(file_page(["f1", "f2"], has_more=True)))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        assert "items=2" in repr(page) and "has_more=True" in repr(page)
        assert type(page.envelope).__name__ == "VectorStoreFileList"
        expected = "AsyncCursorPage" if h.mode == "async" else "SyncCursorPage"
        assert type(page).__name__ == f"{expected}[VectorStoreFile]"

    h.run(body)


def test_an_async_list_iterates_without_await(package: Any) -> None:
    # `async for f in client....list_files(...)` as with the official SDK: the call returns a paginator.
    import asyncio

    from tests.client.conftest import Server, make_client

    pages = {None: file_page(["f1"], has_more=True), "f1": file_page(["f2"], has_more=False)}
    server = Server([by_cursor(pages)])

    async def body() -> None:
        client, _, _ = make_client("async", server)
        listing = client.vector_stores.file_batches.list_files("vsfb_1", vector_store_id="vs_1")
        assert isinstance(listing, package.AsyncPaginator)
        assert server.requests == []  # nothing is sent until it is awaited or iterated
        assert [f.id async for f in listing] == ["f1", "f2"]
        first = await client.vector_stores.file_batches.list_files("vsfb_1", vector_store_id="vs_1")
        assert isinstance(first, package.AsyncCursorPage) and [f.id for f in first.data] == ["f1"]
        await client.close()

    asyncio.run(body())


def test_a_page_is_a_model_with_the_response_members(harness: Any, package: Any) -> None:
    h = harness(ok(file_page(["f1", "f2"], has_more=False)))

    async def body() -> None:
        page = await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))
        assert isinstance(page, package.BaseModel)
        assert (page.first_id, page.last_id, page.object) == ("f1", "f2", "list")
        as_dict = page.to_dict()
        assert as_dict["has_more"] is False and as_dict["first_id"] == "f1"
        assert [f["id"] for f in as_dict["data"]] == ["f1", "f2"]
        assert '"last_id": "f2"' in page.to_json()
        assert list(type(page).model_fields) == ["data", "has_more"]

    h.run(body)
