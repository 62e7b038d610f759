"""Security schemes (docs/security.md): the client sends exactly what each operation's requirement
asks for, from the arguments (or environment variables) the spec's schemes call for; a spec without
security asks for no key and sends none."""

from __future__ import annotations

import base64
import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from tests.generate.conftest import VENV_BIN, run
from tests.generated_suite.suite import run_suite

Make = Callable[[dict[str, object]], tuple[ModuleType, list[str]]]
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}


def _spec(paths: dict[str, Any], schemes: dict[str, Any] | None = None, **top: Any) -> dict[str, object]:
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Keys", "version": "1"},
        "servers": [{"url": "https://keys.example"}],
        "paths": paths,
        **top,
    }
    if schemes is not None:
        document["components"] = {"securitySchemes": schemes}
    return document


def _get(operation_id: str, **extra: Any) -> dict[str, Any]:
    return {"get": {"operationId": operation_id, "responses": OK, **extra}}


def _recording(module: ModuleType, **arguments: Any) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    client = module.Client(http_client=httpx.Client(transport=httpx.MockTransport(reply)), **arguments)
    return client, seen


def test_no_security_scheme_means_no_key(generated_client: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    module, diagnostics = generated_client(_spec({"/things": _get("listThings")}))
    assert "api_key" not in inspect.signature(module.Client).parameters
    client, seen = _recording(module)
    client.things.list()
    assert "authorization" not in seen[0].headers and "cookie" not in seen[0].headers
    assert not [d for d in diagnostics if "security" in d]


ALL_KINDS = {
    "headerKey": {"type": "apiKey", "in": "header", "name": "X-Key"},
    "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
    "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
    "basicAuth": {"type": "http", "scheme": "basic"},
    "bearerAuth": {"type": "http", "scheme": "Bearer"},
    "oauthFlow": {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "https://keys.example/t", "scopes": {}}},
    },
    "openId": {"type": "openIdConnect", "openIdConnectUrl": "https://keys.example/.well-known/openid-configuration"},
}
EVERY_KIND = _spec(
    {
        "/header": _get("viaHeader", security=[{"headerKey": []}]),
        "/query": _get("viaQuery", security=[{"queryKey": []}]),
        "/cookie": _get(
            "viaCookie",
            security=[{"cookieKey": []}],
            parameters=[{"name": "theme", "in": "cookie", "schema": {"type": "string"}}],
        ),
        "/basic": _get("viaBasic", security=[{"basicAuth": []}]),
        "/bearer": _get("viaBearer", security=[{"bearerAuth": []}]),
        "/oauth": _get("viaOauth", security=[{"oauthFlow": ["read"]}]),
        "/oidc": _get("viaOidc", security=[{"openId": []}]),
        "/both": _get("viaBoth", security=[{"headerKey": [], "queryKey": []}]),
        "/public": _get("public", security=[]),
        "/either": _get("either", security=[{"bearerAuth": []}, {}]),
    },
    ALL_KINDS,
    security=[{"bearerAuth": []}],
)
EVERY_CREDENTIAL = {
    "header_key": "hk",
    "query_key": "qk",
    "cookie_key": "ck",
    "username": "ann",
    "password": "pw",
    "bearer_auth": "bt",
    "oauth_flow": "ot",
    "open_id": "it",
}


def test_every_scheme_is_sent_where_the_operation_says(generated_client: Make) -> None:
    module, diagnostics = generated_client(EVERY_KIND)
    assert not [d for d in diagnostics if "security" in d], diagnostics
    assert set(EVERY_CREDENTIAL) <= set(inspect.signature(module.Client).parameters)
    client, seen = _recording(module, **EVERY_CREDENTIAL)
    for resource in ("header", "query", "cookie", "basic", "bearer", "oauth", "oidc", "both", "public", "either"):
        getattr(client, resource).list(**({"theme": "dark mode"} if resource == "cookie" else {}))
    sent = {r.url.path: r for r in seen}
    assert sent["/header"].headers["X-Key"] == "hk" and "authorization" not in sent["/header"].headers
    assert dict(sent["/query"].url.params) == {"key": "qk"}
    assert sent["/cookie"].headers["cookie"] == "theme=dark%20mode; session=ck"
    assert sent["/basic"].headers["authorization"] == "Basic " + base64.b64encode(b"ann:pw").decode()
    assert sent["/bearer"].headers["authorization"] == "Bearer bt"
    assert sent["/oauth"].headers["authorization"] == "Bearer ot"
    assert sent["/oidc"].headers["authorization"] == "Bearer it"
    assert sent["/both"].headers["X-Key"] == "hk" and dict(sent["/both"].url.params) == {"key": "qk"}
    assert "authorization" not in sent["/public"].headers
    assert sent["/either"].headers["authorization"] == "Bearer bt"  # the optional credential, when held


def test_credentials_missing_for_an_operation_raise_before_any_io(
    generated_client: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    module, _ = generated_client(EVERY_KIND)
    for name in EVERY_CREDENTIAL:
        monkeypatch.delenv(f"{module.__name__.upper()}_{name.upper()}", raising=False)
    client, seen = _recording(module, username="ann")  # an operation is public: no key is needed to start
    client.public.list()
    client.either.list()
    assert "authorization" not in seen[-1].headers
    with pytest.raises(module.MissingAPIKeyError, match=r"password=\.\.\."):
        client.basic.list()
    with pytest.raises(module.MissingAPIKeyError, match=r"bearer_auth=\.\.\. to the client"):
        client.bearer.list()
    assert len(seen) == 2
    monkeypatch.setenv(f"{module.__name__.upper()}_BEARER_AUTH", "from-env")
    client, seen = _recording(module)
    client.bearer.list()
    assert seen[0].headers["authorization"] == "Bearer from-env"


def test_a_key_sent_in_the_query_is_not_shown_in_errors(generated_client: Make) -> None:
    module, _ = generated_client(
        _spec({"/a": _get("a")}, {"k": {"type": "apiKey", "in": "query", "name": "k"}}, security=[{"k": []}])
    )

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text=f"bad request {request.url}")

    client = module.Client(api_key="s3cret-value", http_client=httpx.Client(transport=httpx.MockTransport(reply)))
    with pytest.raises(module.APIStatusError) as caught:
        client.a.list()
    assert "s3cret-value" not in str(caught.value)
    with pytest.raises(module.MissingAPIKeyError, match=r"api_key=\.\.\."):
        module.Client()


def test_an_unsupported_scheme_is_a_warning_and_left_to_the_caller(generated_client: Make) -> None:
    module, diagnostics = generated_client(
        _spec({"/a": _get("a")}, {"d": {"type": "http", "scheme": "digest"}}, security=[{"d": []}])
    )
    assert any("security-unsupported" in d and "'digest'" in d for d in diagnostics), diagnostics
    client, seen = _recording(module, default_headers={"Authorization": "Digest made-by-the-caller"})
    client.a.list()
    assert seen[0].headers["authorization"] == "Digest made-by-the-caller"


def test_the_generated_suite_expects_every_scheme_where_it_is_sent(tmp_path: Path) -> None:
    spec = tmp_path / "keys.yaml"
    spec.write_text(yaml.safe_dump(EVERY_KIND, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run(VENV_BIN / "specgen", "generate", "--spec", spec, "--out", out, "--package", "keys", "--strict")
    assert result.returncode == 0, result.stderr
    suite = run_suite(out)
    assert suite.code == 0, suite.output[-3000:]
    assert suite.counts.get("passed", 0) >= 20, suite.summary
