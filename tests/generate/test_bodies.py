"""Request bodies sent as their media type says: forms without members (Stripe's GET bodies), forms
that are a union of objects (iceberg's token request), vendor JSON types, optional bodies left out,
nullable bodies; and the generated suite expecting exactly that."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import yaml

from tests.generate.conftest import VENV_BIN, run
from tests.generated_suite.suite import run_suite

Make = Callable[[dict[str, object]], tuple[ModuleType, list[str]]]
NONE = {"204": {"description": "none"}}
FORM = "application/x-www-form-urlencoded"
CREDENTIALS = {"type": "object", "required": ["grant_type", "client_id"], "properties": {
    "grant_type": {"type": "string", "enum": ["client_credentials"]}, "client_id": {"type": "string"}}}  # fmt: skip
EXCHANGE = {"type": "object", "required": ["grant_type", "subject_token"], "properties": {
    "grant_type": {"type": "string", "enum": ["token-exchange"]}, "subject_token": {"type": "string"}}}  # fmt: skip
THING = {"type": "object", "properties": {"name": {"type": "string"}}}

SPEC: dict[str, object] = {
    "openapi": "3.0.3",
    "info": {"title": "Bodies", "version": "1"},
    "servers": [{"url": "https://b.example"}],
    "paths": {
        # Stripe: GET with an empty form body
        "/balance": {
            "get": {
                "operationId": "getBalance",
                "requestBody": {
                    "content": {FORM: {"schema": {"type": "object", "properties": {}, "additionalProperties": False}}}
                },
                "responses": NONE,
            }
        },
        "/tokens": {
            "post": {
                "operationId": "getToken",
                "requestBody": {"required": True, "content": {FORM: {"schema": {"anyOf": [CREDENTIALS, EXCHANGE]}}}},
                "responses": NONE,
            }
        },
        "/notes": {
            "post": {
                "operationId": "addNote",
                "requestBody": {
                    "content": {FORM: {"schema": {"type": "object", "properties": {"text": {"type": "string"}}}}}
                },
                "responses": NONE,
            }
        },
        "/things/{id}": {
            "patch": {
                "operationId": "patchThing",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json-patch+json": {"schema": {"type": "array", "items": {"type": "object"}}},
                        "application/merge-patch+json": {"schema": THING},
                    },
                },
                "responses": NONE,
            },
            "put": {
                "operationId": "putThing",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/vnd.things.v2+json": {"schema": THING}}},
                "responses": NONE,
            },
        },
        "/marks": {
            "post": {
                "operationId": "setMark",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "nullable": True,
                                "properties": {"at": {"type": "string", "format": "date"}},
                            },
                            "example": None,
                        }
                    }
                },
                "responses": NONE,
            }
        },
    },
}


def _client(module: ModuleType, seen: list[httpx.Request]) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    return module.Client(http_client=httpx.Client(transport=httpx.MockTransport(reply)))


def test_a_form_without_members_takes_no_argument(generated_client: Make) -> None:
    module, diagnostics = generated_client(SPEC)
    assert not [d for d in diagnostics if "warning" in d], diagnostics
    seen: list[httpx.Request] = []
    client = _client(module, seen)
    assert "body" not in inspect.signature(client.balance.list).parameters
    client.balance.list()
    assert seen[0].method == "GET" and seen[0].content == b""


def test_a_form_union_sends_the_members_of_one_variant(generated_client: Make) -> None:
    module, _ = generated_client(SPEC)
    seen: list[httpx.Request] = []
    tokens = _client(module, seen).tokens
    tokens.create(grant_type="client_credentials", client_id="c1")
    assert seen[0].headers["content-type"] == FORM
    assert dict(parse_qsl(seen[0].content.decode())) == {"grant_type": "client_credentials", "client_id": "c1"}
    with pytest.raises(module.RequestValidationError):
        tokens.create(grant_type="token-exchange", client_id="c1")  # that variant needs subject_token
    assert len(seen) == 1


def test_an_optional_form_with_nothing_given_is_not_sent(generated_client: Make) -> None:
    module, _ = generated_client(SPEC)
    seen: list[httpx.Request] = []
    notes = _client(module, seen).notes
    notes.create()
    notes.create(text="hi")
    assert (seen[0].content, "content-type" in seen[0].headers) == (b"", False)
    assert (seen[1].content, seen[1].headers["content-type"]) == (b"text=hi", FORM)


def test_json_media_types_are_sent_as_declared(generated_client: Make) -> None:
    module, _ = generated_client(SPEC)
    seen: list[httpx.Request] = []
    things = _client(module, seen).things
    things.patch_thing("t1", body=[{"op": "replace", "path": "/name", "value": "x"}])  # both update: operationIds
    things.put_thing("t1", name="x")
    assert seen[0].headers["content-type"] == "application/json-patch+json"
    assert json.loads(seen[0].content) == [{"op": "replace", "path": "/name", "value": "x"}]
    assert seen[1].headers["content-type"] == "application/vnd.things.v2+json"
    assert json.loads(seen[1].content) == {"name": "x"}


def test_the_generated_suite_expects_what_the_client_sends(tmp_path: Path) -> None:
    (tmp_path / "bodies.yaml").write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--spec", "bodies.yaml", "--out", "out", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    suite = run_suite(tmp_path / "out")
    assert suite.code == 0, suite.output[-4000:]


def test_a_text_body_is_exact_and_structured_xml_is_a_warning(generated_client: Make) -> None:
    """keycloak's text/plain bodies are sent as given: no warning. An XML object is data the client does not
    serialize: a warning (the caller passes its text)."""
    xml = {"type": "object", "properties": {"name": {"type": "string"}}}
    text = {"content": {"text/plain": {"schema": {"type": "string"}}}}
    paths = {
        "/label": {"put": {"operationId": "setLabel", "requestBody": text, "responses": NONE}},
        "/pets": {"post": {"operationId": "addPet", "requestBody": {"content": {"application/xml": {"schema": xml}}}}},
    }
    paths["/pets"]["post"]["responses"] = NONE
    module, diagnostics = generated_client({**SPEC, "paths": paths})
    assert [d.split(" warning ")[1][:8] for d in diagnostics if " warning " in d] == ["body-raw"]
    assert "(/paths/~1pets/post/requestBody/content/application~1xml)" in next(
        d for d in diagnostics if "body-raw" in d
    )
    seen: list[httpx.Request] = []
    _client(module, seen).label.update(body="my label")
    assert (seen[0].content, seen[0].headers["content-type"]) == (b"my label", "text/plain")


def test_structured_data_under_a_wildcard_media_type_is_sent_as_json(generated_client: Make) -> None:
    """kubernetes: ``*/*`` bodies with an object schema (75 body-raw warnings): any type is accepted, JSON is one."""
    pod = {"*/*": {"schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}
    paths = {"/pods": {"post": {"operationId": "createPod", "requestBody": {"content": pod}, "responses": NONE}}}
    module, diagnostics = generated_client({**SPEC, "paths": paths})
    assert not [d for d in diagnostics if " warning " in d], diagnostics
    seen: list[httpx.Request] = []
    _client(module, seen).pods.create(name="web")
    assert (json.loads(seen[0].content), seen[0].headers["content-type"]) == ({"name": "web"}, "application/json")


def test_required_names_listed_in_an_all_of_member_are_required_arguments(generated_client: Make) -> None:
    """linode: ``allOf: [{required: [label, region]}, {properties: ...}]``: label and region are required."""
    vpc = {
        "allOf": [
            {"required": ["label"]},
            {"type": "object", "properties": {"label": {"type": "string"}, "tag": {"type": "string"}}},
        ]
    }
    paths = {
        "/vpcs": {
            "post": {
                "operationId": "postVpc",
                "requestBody": {"content": {"application/json": {"schema": vpc}}},
                "responses": NONE,
            }
        }
    }
    module, _ = generated_client({**SPEC, "paths": paths})
    parameters = inspect.signature(module.Client().vpcs.create).parameters
    assert (
        parameters["label"].default is inspect.Parameter.empty
        and parameters["tag"].default is not inspect.Parameter.empty
    )
