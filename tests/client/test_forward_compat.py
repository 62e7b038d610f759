"""Forward compatibility: values and members this client does not know yet still parse."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from tests.client.conftest import batch, file_page, ok, settle, vector_file


def retrieve(h: Any) -> Any:
    return settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))


def list_files(h: Any) -> Any:
    return settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1"))


def page_of(*items: dict[str, Any]) -> Any:
    page = file_page([], has_more=False)
    page["data"] = list(items)
    page["first_id"], page["last_id"] = items[0]["id"], items[-1]["id"]
    return ok(page)


def test_an_unknown_batch_status_parses(harness: Any) -> None:
    h = harness(ok(batch(status="archived")))

    async def body() -> None:
        result = await retrieve(h)
        assert result.status == "archived"

    h.run(body)


def test_cancelling_is_a_known_status(harness: Any) -> None:
    h = harness(ok(batch(status="cancelling")))

    async def body() -> None:
        assert (await retrieve(h)).status == "cancelling"

    h.run(body)


def test_the_singular_object_alias_is_accepted_as_the_canonical_value(harness: Any) -> None:
    h = harness(ok(batch(object="vector_store.file_batch")))

    async def body() -> None:
        assert (await retrieve(h)).object == "vector_store.files_batch"

    h.run(body)


def test_an_unrelated_object_value_is_still_rejected(harness: Any, package: Any) -> None:
    h = harness(ok(batch(object="vector_store")))

    async def body() -> None:
        with pytest.raises(package.APIResponseValidationError):
            await retrieve(h)

    h.run(body)


def test_unknown_members_are_kept_top_level_and_nested(harness: Any) -> None:
    data = batch(usage={"bytes": 10}, expires_at=1_800_000_000)
    data["file_counts"]["skipped"] = 3
    h = harness(ok(data))

    async def body() -> None:
        result = await retrieve(h)
        assert result.model_extra == {"usage": {"bytes": 10}, "expires_at": 1_800_000_000}
        assert result.expires_at == 1_800_000_000
        assert result.file_counts.model_extra == {"skipped": 3}
        assert result.model_dump()["usage"] == {"bytes": 10}

    h.run(body)


def test_an_unknown_last_error_code_parses(harness: Any) -> None:
    item = vector_file("f1", status="failed", last_error={"code": "quota_exceeded", "message": "too big"})
    h = harness(page_of(item))

    async def body() -> None:
        (parsed,) = (await list_files(h)).data
        assert parsed.last_error.code == "quota_exceeded"
        assert parsed.last_error.message == "too big"
        assert parsed.status == "failed"

    h.run(body)


def test_an_unknown_file_status_parses(harness: Any) -> None:
    h = harness(page_of(vector_file("f1", status="quarantined")))

    async def body() -> None:
        assert (await list_files(h)).data[0].status == "quarantined"

    h.run(body)


def test_chunking_strategies_known_and_unknown(harness: Any) -> None:
    static = {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}
    semantic = {"type": "semantic", "threshold": 0.7, "model": "embed-3"}
    h = harness(
        page_of(
            vector_file("f1", chunking_strategy=static),
            vector_file("f2", chunking_strategy={"type": "other"}),
            vector_file("f3", chunking_strategy=semantic),
            vector_file("f4"),
        )
    )

    async def body() -> None:
        f1, f2, f3, f4 = (await list_files(h)).data
        assert type(f1.chunking_strategy).__name__ == "StaticChunkingStrategyResponseParam"
        assert f1.chunking_strategy.static.max_chunk_size_tokens == 800
        assert type(f2.chunking_strategy).__name__ == "OtherChunkingStrategyResponseParam"
        assert type(f3.chunking_strategy).__name__ == "UnknownChunkingStrategy"
        assert f3.chunking_strategy.type == "semantic"
        assert f3.chunking_strategy.model_extra == {"threshold": 0.7, "model": "embed-3"}
        assert f3.chunking_strategy.model_dump() == semantic
        assert f4.chunking_strategy is None

    h.run(body)


def test_a_broken_file_counts_invariant_warns_and_returns(harness: Any, package: Any) -> None:
    data = batch()
    data["file_counts"] = {"in_progress": 1, "completed": 1, "failed": 0, "cancelled": 0, "total": 0}
    h = harness(ok(data))

    async def body() -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = await retrieve(h)
        assert result.file_counts.total == 0
        assert [type(w.message) for w in caught] == [package.ResponseInvariantWarning]
        assert "total" in str(caught[0].message)

    h.run(body)


def test_a_response_overlap_above_half_only_warns(harness: Any, package: Any) -> None:
    strategy = {"type": "static", "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 90}}
    h = harness(page_of(vector_file("f1", chunking_strategy=strategy)))

    async def body() -> None:
        with pytest.warns(package.ResponseInvariantWarning, match="half"):
            page = await list_files(h)
        assert page.data[0].chunking_strategy.static.chunk_overlap_tokens == 90

    h.run(body)


def test_attributes_in_responses(harness: Any) -> None:
    h = harness(page_of(vector_file("f1", attributes={"lang": "en", "pages": 12, "draft": False})))

    async def body() -> None:
        attributes = (await list_files(h)).data[0].attributes
        assert attributes["pages"] == 12 and attributes["draft"] is False
        assert getattr(attributes["lang"], "root", attributes["lang"]) == "en"

    h.run(body)
