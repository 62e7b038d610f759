"""Functional tests: small inline specs -> generate -> import -> call through a mock transport."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

Make = Callable[[dict[str, object]], tuple[ModuleType, list[str]]]

PETS: dict[str, object] = {
    "openapi": "3.0.3",
    "info": {"title": "Pet store", "version": "1.0"},
    "servers": [{"url": "https://pets.example/api"}],
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "parameters": [
                    {"name": "species", "in": "query", "schema": {"type": "string", "enum": ["cat", "dog"]}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createPet",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}},
                },
                "responses": {
                    "201": {
                        "description": "made",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    }
                },
            },
        },
        "/pets/{pet_id}": {
            "parameters": [{"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "operationId": "getPet",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    }
                },
            },
            "delete": {"operationId": "deletePet", "responses": {"204": {"description": "gone"}}},
        },
        "/pets/{pet_id}/adopt": {
            "post": {
                "operationId": "adoptPet",
                "parameters": [{"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "NewPet": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 20},
                    "tag": {"type": "string", "nullable": True},
                    "owner": {"type": "object", "properties": {"email": {"type": "string"}}},
                },
            },
            "Pet": {
                "allOf": [
                    {"$ref": "#/components/schemas/NewPet"},
                    {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                ]
            },
        }
    },
}


def _transport(answers: dict[tuple[str, str], httpx.Response], seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers[(request.method, request.url.raw_path.split(b"?")[0].decode())]

    return httpx.MockTransport(handle)


def test_names_fall_back_to_path_and_method(generated_client: Make) -> None:
    module, diagnostics = generated_client(PETS)
    pets = module.Client().pets
    assert [m for m in ("list", "create", "retrieve", "delete", "adopt") if callable(getattr(pets, m, None))] == [
        "list",
        "create",
        "retrieve",
        "delete",
        "adopt",
    ]
    assert diagnostics == []


def test_generated_client_sends_and_parses(generated_client: Make) -> None:
    module, _ = generated_client(PETS)
    seen: list[httpx.Request] = []
    pet = {"id": "p1", "name": "Rex", "tag": None, "owner": {"email": "a@b.c"}}
    answers = {
        ("GET", "/api/pets"): httpx.Response(200, json=[pet]),
        ("POST", "/api/pets"): httpx.Response(201, json=pet),
        ("GET", "/api/pets/p%201"): httpx.Response(200, json=pet),
        ("DELETE", "/api/pets/p1"): httpx.Response(204),
        ("POST", "/api/pets/p1/adopt"): httpx.Response(200, json=pet),
    }
    client = module.Client(http_client=httpx.Client(transport=_transport(answers, seen)))
    listed = client.pets.list(species="dog", limit=5)
    assert isinstance(listed, list)  # an array response is a list of models, not a wrapper
    assert [p.name for p in listed] == ["Rex"]
    assert dict(seen[-1].url.params) == {"species": "dog", "limit": "5"}
    created = client.pets.create(name="Rex", owner={"email": "a@b.c"})
    assert json.loads(seen[-1].content) == {"name": "Rex", "owner": {"email": "a@b.c"}}
    assert created.id == "p1" and created.owner is not None and created.owner.email == "a@b.c"
    assert client.pets.retrieve("p 1").name == "Rex"
    assert client.pets.delete("p1") is None
    assert client.pets.adopt("p1").id == "p1"


def test_constraints_are_checked_before_sending(generated_client: Make) -> None:
    module, _ = generated_client(PETS)
    seen: list[httpx.Request] = []
    client = module.Client(http_client=httpx.Client(transport=_transport({}, seen)))
    with pytest.raises(module.RequestValidationError, match="limit"):
        client.pets.list(limit=51)
    with pytest.raises(module.RequestValidationError, match="species"):
        client.pets.list(species="fish")  # type: ignore[arg-type]
    with pytest.raises(module.RequestValidationError, match="name"):
        client.pets.create(name="")
    assert seen == []


HOSTILE = '"""\'\'\' \\ {{ 7*7*1234567 }} {% if x %} $(touch pwned) __import__("os").system("touch pwned")\n\x00 end'


def _hostile_spec(marker: Path) -> dict[str, object]:
    text = HOSTILE.replace("pwned", str(marker))
    return {
        "openapi": "3.1.0",
        "info": {"title": text, "version": text, "description": text},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "summary": text,
                    "description": text,
                    "parameters": [
                        {
                            "name": "mode",
                            "in": "query",
                            "description": text,
                            "schema": {"type": "string", "enum": [text, "plain"]},
                        },
                        {"name": "q", "in": "query", "schema": {"type": "string", "pattern": text, "default": text}},
                    ],
                    "responses": {
                        "200": {
                            "description": text,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "title": text,
                    "description": text,
                    "properties": {
                        "kind": {"type": "string", "enum": [text, "b"], "description": text},
                        "label": {"type": "string", "default": text, "description": text},
                    },
                }
            }
        },
    }


def test_spec_text_stays_data(generated_client: Make, tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    text = HOSTILE.replace("pwned", str(marker))
    module, _ = generated_client(_hostile_spec(marker))
    assert not marker.exists()
    models = __import__(f"{module.__name__}.models", fromlist=["Thing"])
    thing = models.Thing.model_validate({"kind": text})
    assert thing.kind == text
    assert thing.label == text.replace("\x00", "\x00")
    assert "60493783" not in (models.Thing.__doc__ or "")
    seen: list[httpx.Request] = []
    answers = {("GET", "/things"): httpx.Response(200, json={"kind": "b"})}
    client = module.Client(base_url="https://x.example", http_client=httpx.Client(transport=_transport(answers, seen)))
    client.things.list(mode=text)
    assert seen[-1].url.params["mode"] == text
    assert not marker.exists()


def test_colliding_and_reserved_names_are_sanitized(generated_client: Make) -> None:
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "names", "version": "1"},
        "servers": [{"url": "https://n.example"}],
        "paths": {
            "/items": {
                "post": {
                    "operationId": "makeItem",
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BaseModel"}}}
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Field"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "BaseModel": {
                    "type": "object",
                    "properties": {
                        "class": {"type": "string"},
                        "1st": {"type": "integer"},
                        "ünï": {"type": "string"},
                        "self": {"type": "string"},
                    },
                },
                "Field": {
                    "type": "object",
                    "properties": {"model_config": {"type": "string"}, "json": {"type": "string"}},
                },
                "field": {"type": "object", "properties": {"x": {"type": "string"}}},
            }
        },
    }
    module, _ = generated_client(spec)
    models = __import__(f"{module.__name__}.models", fromlist=["x"])
    classes = {name for name in dir(models) if isinstance(getattr(models, name), type) and name[0].isupper()}
    # "BaseModel" would shadow pydantic's class; "Field" and "field" clash once sanitized, so both are qualified.
    assert {"BaseModelModel", "FieldModelSchema1", "FieldModelSchema2"} <= classes
    assert not {"BaseModel", "Field"} & {
        name for name in classes if getattr(models, name).__module__ == models.__name__
    }
    made = models.BaseModelModel.model_validate({"class": "c", "1st": 1, "ünï": "u", "self": "s"})
    assert made.model_dump(by_alias=True) == {"class": "c", "1st": 1, "ünï": "u", "self": "s"}
    assert all(name.isascii() for name in type(made).model_fields)


def test_every_all_of_member_constrains_a_value(generated_client: Make) -> None:
    """lob: ``allOf: [{type: string, description}, {$ref: vrsn_id}]`` keeps the referenced pattern."""
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "versions", "version": "1"},
        "servers": [{"url": "https://v.example"}],
        "paths": {
            "/templates": {
                "post": {
                    "operationId": "updateTemplate",
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TemplateUpdate"}}}
                    },
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
        "components": {
            "schemas": {
                "TemplateUpdate": {
                    "type": "object",
                    "properties": {
                        "published_version": {
                            "allOf": [
                                {"type": "string", "description": "The published version."},
                                {"$ref": "#/components/schemas/VersionId"},
                            ]
                        }
                    },
                },
                "VersionId": {"type": "string", "pattern": "^vrsn_[a-zA-Z0-9]+$", "maxLength": 20},
            }
        },
    }
    module, _ = generated_client(spec)
    models = __import__(f"{module.__name__}.models", fromlist=["TemplateUpdate"])
    assert models.TemplateUpdate.model_validate({"published_version": "vrsn_1"}).published_version == "vrsn_1"
    for wrong in ("a", "vrsn_" + "x" * 20):
        with pytest.raises(ValueError):
            models.TemplateUpdate.model_validate({"published_version": wrong})


def test_unique_items_are_checked(generated_client: Make) -> None:
    """uniqueItems (iceberg, keycloak, kubernetes, linode, qdrant, svix): duplicates are refused, compared as JSON."""
    point = {"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}}}
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "sets", "version": "1"},
        "servers": [{"url": "https://s.example"}],
        "paths": {
            "/sets": {
                "post": {
                    "operationId": "makeSet",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Set"}}}},
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
        "components": {
            "schemas": {
                "Set": {
                    "type": "object",
                    "properties": {
                        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "maxItems": 3},
                        "points": {"type": "array", "items": point, "uniqueItems": True},
                    },
                }
            }
        },
    }
    module, diagnostics = generated_client(spec)
    assert not [d for d in diagnostics if "uniqueItems" in d]
    models = __import__(f"{module.__name__}.models", fromlist=["Set"])
    models.Set.model_validate({"tags": ["a", "b"], "points": [{"x": 1, "y": 2}, {"y": 1, "x": 2}]})
    for duplicated in ({"tags": ["a", "a"]}, {"points": [{"x": 1, "y": 2}, {"y": 2, "x": 1}]}, {"tags": list("abcd")}):
        with pytest.raises(ValueError):
            models.Set.model_validate(duplicated)


def test_object_defaults_are_instances_and_invalid_ones_are_ignored(generated_client: Make) -> None:
    """kubernetes: ``metadata: {allOf: [{$ref: ObjectMeta}], default: {}}`` is an ObjectMeta, not a shared dict;
    ``spec: {allOf: [{$ref: PodSpec}], default: {}}`` lacks PodSpec's required containers: not used (a note)."""
    meta = {"type": "object", "properties": {"name": {"type": "string"}}}
    pod_spec = {"type": "object", "required": ["containers"], "properties": {"containers": {"type": "array"}}}
    pod = {
        "type": "object",
        "properties": {
            "metadata": {"allOf": [{"$ref": "#/components/schemas/Meta"}], "default": {}},
            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Meta"}, "default": [{"name": "a"}]},
            "spec": {"allOf": [{"$ref": "#/components/schemas/PodSpec"}], "default": {}},
        },
    }
    ok = {
        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pod"}}}}
    }
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "pods", "version": "1"},
        "servers": [{"url": "https://k.example"}],
        "paths": {"/pod": {"get": {"operationId": "getPod", "responses": ok}}},
        "components": {"schemas": {"Pod": pod, "Meta": meta, "PodSpec": pod_spec}},
    }
    module, diagnostics = generated_client(spec)
    assert any("default-ignored" in d and "/spec/default" in d for d in diagnostics), diagnostics
    models = __import__(f"{module.__name__}.models", fromlist=["Pod"])
    first, second = models.Pod(), models.Pod()
    assert isinstance(first.metadata, models.Meta) and first.metadata is not second.metadata
    assert [type(t) for t in first.tags] == [models.Meta] and first.tags[0].name == "a"
    assert first.spec is None
