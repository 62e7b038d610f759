"""Fixtures for ``specgen diff`` tests: a small base spec, and diffing two spec dicts.

Test modules import nothing from here; everything is a fixture.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diff.compare import diff_specs
from generator.diff.model import Change
from generator.spec.load import load_spec

Spec = dict[str, Any]


def _json_body(ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": ref}}}}


BASE: Spec = {
    "openapi": "3.1.0",
    "info": {"title": "Things", "version": "1.0.0"},
    "security": [{"ApiKey": []}],
    "paths": {
        "/things": {
            "post": {
                "operationId": "createThing",
                "summary": "Create a thing.",
                "requestBody": {"required": True, **_json_body("#/components/schemas/CreateThing")},
                "responses": {"200": {"description": "OK", **_json_body("#/components/schemas/Thing")}},
            }
        },
        "/things/{thing_id}": {
            "get": {
                "operationId": "getThing",
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "expand", "in": "query", "schema": {"type": "boolean"}},
                ],
                "responses": {"200": {"description": "OK", **_json_body("#/components/schemas/Thing")}},
            }
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "description": "A thing.",
                "required": ["id", "object", "status"],
                "properties": {
                    "id": {"type": "string"},
                    "object": {"const": "thing"},
                    "status": {"type": "string", "enum": ["active", "archived"]},
                    "name": {"type": "string"},
                    "created_at": {"type": "integer"},
                    "owner": {"$ref": "#/components/schemas/Owner"},
                },
            },
            "Owner": {"type": "object", "properties": {"login": {"type": "string"}}},
            "CreateThing": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 64},
                    "mode": {"type": "string", "enum": ["fast", "slow"]},
                    "labels": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
                    "size": {"type": "integer", "minimum": 1, "maximum": 10},
                },
            },
        },
        "securitySchemes": {"ApiKey": {"type": "http", "scheme": "bearer"}},
    },
}


@pytest.fixture
def base() -> Callable[[], Spec]:
    """A fresh deep copy of the base spec (two operations sharing the ``Thing`` component)."""
    return lambda: copy.deepcopy(BASE)


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[[str, Spec], Path]:
    """Write a spec dict as YAML under the test's temporary folder."""

    def write(name: str, data: Spec) -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def diff(write_spec: Callable[[str, Spec], Path]) -> Callable[[Spec, Spec], list[Change]]:
    """Every change from ``old`` to ``new`` (both written to disk and loaded like the CLI does)."""

    def run(old: Spec, new: Spec) -> list[Change]:
        return diff_specs(load_spec(write_spec("old.yaml", old)), load_spec(write_spec("new.yaml", new)))

    return run


@pytest.fixture
def triples() -> Callable[[list[Change]], set[tuple[str, str, str]]]:
    """(kind, severity, pointer) of each change."""
    return lambda changes: {(c.kind, c.severity.value, c.pointer) for c in changes}
