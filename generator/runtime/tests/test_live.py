"""Live tests: with ``SPECGEN_BASE_URL`` set, call every operation on that server and check each
response body against the spec's JSON Schema (draft 2020-12) and the client's model."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from ._support import PLAN, AsyncClient, Call, Client, call_of, invoke, live_credentials, method_of, reply_of

#: The spec's schemas the response schemas refer to (annotations removed).
SCHEMA_DOCUMENT: dict[str, Any] = PLAN["schema_document"]

LIVE = [
    pytest.param(
        call_of(case["call"]),
        case["response_schema"],
        reply_of(case["reply"]).model,
        id=case["id"],
    )
    for case in PLAN["operations"]
]


def check_response(
    status: int, body: Any, parsed: Any, schema: dict[str, Any] | None, model: type[BaseModel] | None
) -> None:
    """A 2xx response whose JSON body is valid under the spec's schema and parses into the model."""
    assert 200 <= status < 300, f"status {status}: {body!r}"
    if schema is None:
        return
    validator = Draft202012Validator({**schema, **SCHEMA_DOCUMENT})
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(body)]
    assert not problems, "response breaks the spec's schema:\n" + "\n".join(sorted(problems))
    if model is not None:
        assert isinstance(getattr(parsed, "envelope", parsed), model)


@pytest.mark.parametrize(("call", "schema", "model"), LIVE)
def test_live_sync(
    live_base_url: str, call: Call, schema: dict[str, Any] | None, model: type[BaseModel] | None
) -> None:
    with Client(**live_credentials(), base_url=live_base_url, max_retries=0) as client:
        raw = invoke(method_of(client, call, raw=True), call)
        body = raw.http_response.json() if raw.content else None
        check_response(raw.status_code, body, raw.parse(), schema, model)


@pytest.mark.parametrize(("call", "schema", "model"), LIVE)
def test_live_async(
    live_base_url: str, call: Call, schema: dict[str, Any] | None, model: type[BaseModel] | None
) -> None:
    async def main() -> tuple[int, Any, Any]:
        async with AsyncClient(**live_credentials(), base_url=live_base_url, max_retries=0) as client:
            raw = await invoke(method_of(client, call, raw=True), call)
            return raw.status_code, raw.http_response.json() if raw.content else None, raw.parse()

    status, body, parsed = asyncio.run(main())
    check_response(status, body, parsed, schema, model)
