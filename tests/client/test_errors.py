"""Typed errors: the status mapping, what each error carries, bad bodies, and no API key anywhere."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.client.conftest import API_KEY, batch, error, ok, settle

STATUS_CLASSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (502, "InternalServerError"),
    (503, "InternalServerError"),
    (599, "InternalServerError"),
    (418, "APIStatusError"),
    (451, "APIStatusError"),
]


def retrieve(h: Any, **options: Any) -> Any:
    return settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1", **options))


def test_hierarchy(package: Any) -> None:
    assert issubclass(package.APIError, package.ClientError)
    assert issubclass(package.APIStatusError, package.APIError)
    for _, name in STATUS_CLASSES:
        assert issubclass(getattr(package, name), package.APIStatusError)
    assert issubclass(package.APIConnectionError, package.APIError)
    assert issubclass(package.APITimeoutError, package.APIConnectionError)
    assert issubclass(package.APIResponseValidationError, package.APIError)
    assert not issubclass(package.APIResponseValidationError, package.APIStatusError)
    assert issubclass(package.RequestValidationError, ValueError)
    assert issubclass(package.RequestValidationError, package.ClientError)
    assert issubclass(package.PollTimeoutError, package.ClientError)


@pytest.mark.parametrize(("status", "name"), STATUS_CLASSES)
def test_status_codes_map_to_typed_errors(harness: Any, package: Any, status: int, name: str) -> None:
    h = harness(
        error(
            status,
            "Invalid 'batch_id'",
            headers={"x-request-id": "req_123"},
            code="invalid_value",
            param="batch_id",
        )
    )

    async def body() -> None:
        with pytest.raises(package.APIStatusError) as caught:
            await retrieve(h, max_retries=0)
        exc = caught.value
        assert type(exc) is getattr(package, name)
        assert exc.status_code == status
        assert exc.request_id == "req_123"
        assert isinstance(exc.response, httpx.Response) and exc.response.status_code == status
        assert exc.request is exc.response.request
        inner = {
            "message": "Invalid 'batch_id'",
            "type": "invalid_request_error",
            "param": "batch_id",
            "code": "invalid_value",
        }
        assert exc.body == inner  # the `error` object, as the official client gives it
        assert (exc.code, exc.param, exc.type) == ("invalid_value", "batch_id", "invalid_request_error")
        assert str(exc) == exc.message == f"Error code: {status} - {({'error': inner})}"  # the whole body

    h.run(body)


def test_request_id_is_none_without_the_header(harness: Any, package: Any) -> None:
    h = harness(error(404))

    async def body() -> None:
        with pytest.raises(package.NotFoundError) as caught:
            await retrieve(h)
        assert caught.value.request_id is None

    h.run(body)


def test_an_error_body_that_is_not_json_is_kept_as_text(harness: Any, package: Any) -> None:
    h = harness(httpx.Response(502, text="<html>Bad gateway</html>", headers={"content-type": "text/html"}))

    async def body() -> None:
        with pytest.raises(package.InternalServerError) as caught:
            await retrieve(h, max_retries=0)
        assert caught.value.body == "<html>Bad gateway</html>"
        assert caught.value.code is None
        assert str(caught.value) == "<html>Bad gateway</html>"

    h.run(body)


def test_an_empty_error_body_gives_the_status_alone(harness: Any, package: Any) -> None:
    h = harness(httpx.Response(503))

    async def body() -> None:
        with pytest.raises(package.InternalServerError) as caught:
            await retrieve(h, max_retries=0)
        assert str(caught.value) == "Error code: 503"
        assert caught.value.body == ""

    h.run(body)


def test_a_json_error_body_without_an_error_member_is_the_body(harness: Any, package: Any) -> None:
    h = harness(httpx.Response(400, json={"detail": "no", "code": "c"}))

    async def body() -> None:
        with pytest.raises(package.BadRequestError) as caught:
            await retrieve(h, max_retries=0)
        assert caught.value.body == {"detail": "no", "code": "c"}
        assert caught.value.code == "c"
        assert str(caught.value) == "Error code: 400 - {'detail': 'no', 'code': 'c'}"

    h.run(body)


def test_a_success_body_that_is_not_json_raises_response_validation_error_with_an_excerpt(
    harness: Any, package: Any
) -> None:
    text = "<html><body>" + "upstream proxy page " * 50 + "</body></html>"
    h = harness(httpx.Response(200, text=text, headers={"x-request-id": "req_9"}))

    async def body() -> None:
        with pytest.raises(package.APIResponseValidationError) as caught:
            await retrieve(h)
        exc = caught.value
        assert exc.status_code == 200
        assert exc.body == text
        message = str(exc)
        assert "not valid JSON" in message
        assert "<html><body>upstream proxy page" in message  # the excerpt
        assert len(message) < 400 and "..." in message  # an excerpt, not the whole body
        assert len(h.requests) == 1  # a 200 is not retried

    h.run(body)


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "vsfb_1",}',  # trailing comma
        '{"id": NaN}',  # not JSON
        "",
    ],
)
def test_invalid_json_success_bodies(harness: Any, package: Any, text: str) -> None:
    h = harness(httpx.Response(200, text=text))

    async def body() -> None:
        with pytest.raises(package.APIResponseValidationError, match="not valid JSON"):
            await retrieve(h)

    h.run(body)


def test_a_json_body_of_the_wrong_shape_raises_response_validation_error(harness: Any, package: Any) -> None:
    # A vector store where a batch is expected (openai-python#2724 parsed this silently).
    h = harness(ok({"id": "vs_1", "object": "vector_store", "name": "x"}))

    async def body() -> None:
        with pytest.raises(package.APIResponseValidationError, match="VectorStoreFileBatch") as caught:
            await retrieve(h)
        assert caught.value.body == {"id": "vs_1", "object": "vector_store", "name": "x"}

    h.run(body)


def test_connection_and_timeout_errors_have_fixed_messages(harness: Any, package: Any) -> None:
    h = harness(httpx.ConnectError(f"refused {API_KEY}"), httpx.ReadTimeout(f"slow {API_KEY}"))

    async def body() -> None:
        with pytest.raises(package.APIConnectionError) as connection:
            await retrieve(h, max_retries=0)
        assert str(connection.value) == "Connection error."
        with pytest.raises(package.APITimeoutError) as timeout:
            await retrieve(h, max_retries=0)
        assert str(timeout.value) == "Request timed out."
        for exc in (connection.value, timeout.value):
            assert API_KEY not in str(exc) and API_KEY not in repr(exc)

    h.run(body)


def echo_key(status: int) -> Any:
    """A server that echoes the Authorization header back in its body."""

    def reply(request: httpx.Request) -> httpx.Response:
        echoed = request.headers["authorization"]
        return httpx.Response(
            status, json={"error": {"message": f"Incorrect API key provided: {echoed}", "type": "auth", "code": None}}
        )

    return reply


@pytest.mark.parametrize("status", [401, 403, 500])
def test_no_api_key_in_status_error_messages_even_when_the_server_echoes_it(
    harness: Any, package: Any, status: int
) -> None:
    h = harness(echo_key(status))

    async def body() -> None:
        with pytest.raises(package.APIStatusError) as caught:
            await retrieve(h, max_retries=0)
        exc = caught.value
        assert API_KEY in json.dumps(exc.body)  # the server really echoed it
        assert API_KEY not in str(exc)
        assert API_KEY not in repr(exc)
        assert API_KEY not in exc.message
        assert API_KEY not in repr(exc.request) and API_KEY not in repr(exc.response)
        assert "***" in str(exc)

    h.run(body)


@pytest.mark.parametrize("prefix", [0, 150, 190, 199])
def test_no_api_key_in_a_response_validation_error_excerpt(harness: Any, package: Any, prefix: int) -> None:
    # The key placed so that it straddles the excerpt's cut (200 characters) too.
    text = "x" * prefix + f" token={API_KEY} " + "y" * 300
    h = harness(httpx.Response(200, text=text))

    async def body() -> None:
        with pytest.raises(package.APIResponseValidationError) as caught:
            await retrieve(h)
        exc = caught.value
        for part in (API_KEY, API_KEY[:12], API_KEY[-8:]):
            assert part not in str(exc)
            assert part not in repr(exc)

    h.run(body)


def test_no_api_key_in_a_key_echoing_non_json_error_body(harness: Any, package: Any) -> None:
    h = harness(lambda request: httpx.Response(401, text=f"denied: {request.headers['authorization']}"))

    async def body() -> None:
        with pytest.raises(package.AuthenticationError) as caught:
            await retrieve(h)
        assert API_KEY not in str(caught.value) and API_KEY not in repr(caught.value)

    h.run(body)


def test_no_api_key_in_client_or_raw_response_reprs(harness: Any) -> None:
    h = harness(ok(batch()))

    async def body() -> None:
        raw = await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1"))
        for text in (repr(h.client), str(h.client), repr(raw), repr(raw.parse())):
            assert API_KEY not in text
        assert h.requests[0].headers["authorization"] == f"Bearer {API_KEY}"

    h.run(body)


def test_no_api_key_in_request_validation_errors(harness: Any, package: Any) -> None:
    h = harness()

    async def body() -> None:
        with pytest.raises(package.RequestValidationError) as caught:
            await settle(h.batches.list_files("vsfb_1", vector_store_id="vs_1", limit=1000))
        assert API_KEY not in str(caught.value) and API_KEY not in repr(caught.value)

    h.run(body)


@pytest.mark.parametrize("client_class", ["Client", "AsyncClient"])
def test_missing_api_key_names_the_environment_variable(
    package: Any, monkeypatch: pytest.MonkeyPatch, client_class: str
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(package.MissingAPIKeyError, match="OPENAI_API_KEY"):
        getattr(package, client_class)()
    monkeypatch.setenv("OPENAI_API_KEY", "")
    with pytest.raises(package.MissingAPIKeyError, match="OPENAI_API_KEY"):
        getattr(package, client_class)()


def test_api_key_from_the_environment(package: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    seen: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok(batch())

    with package.Client(http_client=httpx.Client(transport=httpx.MockTransport(reply))) as client:
        client.vector_stores.file_batches.retrieve("vsfb_1", vector_store_id="vs_1")
        assert client.api_key == "sk-from-env"
    assert seen[0].headers["authorization"] == "Bearer sk-from-env"


def test_errors_under_raw_response_are_still_raised(harness: Any, package: Any) -> None:
    h = harness(error(404))

    async def body() -> None:
        with pytest.raises(package.NotFoundError):
            await settle(h.batches.with_raw_response.retrieve("vsfb_1", vector_store_id="vs_1"))

    h.run(body)


@pytest.mark.parametrize("bad_key", ["sk-abc\n", "sk-abc\t", "sk-abc\r", "sk-\x00abc"])
@pytest.mark.parametrize("client_class", ["Client", "AsyncClient"])
def test_an_api_key_with_control_characters_is_rejected_without_echoing_it(
    package: Any, monkeypatch: pytest.MonkeyPatch, client_class: str, bad_key: str
) -> None:
    # Sent as-is, h11 would reject the header and the error's cause would quote the key.
    with pytest.raises(ValueError, match="control characters") as caught:
        getattr(package, client_class)(api_key=bad_key)
    assert "abc" not in str(caught.value) and "abc" not in repr(caught.value)
    if "\x00" not in bad_key:  # the environment cannot hold a NUL
        monkeypatch.setenv("OPENAI_API_KEY", bad_key)
        with pytest.raises(ValueError, match="OPENAI_API_KEY"):
            getattr(package, client_class)()


@pytest.mark.parametrize("key", ["My API Key", " sk-abc", "sk-a bc"])
def test_an_api_key_with_spaces_is_sent_as_given(harness: Any, key: str) -> None:
    h = harness(ok(batch()), api_key=key)

    async def body() -> None:
        await retrieve(h)
        assert h.requests[0].headers["Authorization"] == f"Bearer {key}"

    h.run(body)
