"""Inputs off the beaten path: OpenAPI 3.0, JSON files, odd structures, references that point away."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.lint import lint_file

pytestmark = pytest.mark.usefixtures("no_network")


def write(tmp_path: Path, data: dict[str, Any], name: str = "spec.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def api(minor: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "openapi": f"3.{minor}.3" if minor == "0" else "3.1.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
                    },
                }
            }
        },
        **extra,
    }


def rules(found: list[Any]) -> list[str]:
    return [d.rule for d in found]


def test_openapi_30_nullable_is_honoured(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string", "nullable": True}}, "example": {"a": None}}
    assert lint_file(write(tmp_path, api("0", schema))) == []
    schema["properties"]["a"]["nullable"] = False
    assert rules(lint_file(write(tmp_path, api("0", schema)))) == ["example-invalid"]


def test_openapi_30_exclusive_bounds_are_booleans(tmp_path: Path) -> None:
    schema = {"type": "integer", "minimum": 1, "exclusiveMinimum": True, "example": 1}
    found = lint_file(write(tmp_path, api("0", schema)))
    assert rules(found) == ["example-invalid"]
    assert "less than or equal to the minimum" in found[0].message


def test_json_spec_positions(tmp_path: Path) -> None:
    path = write(tmp_path, api("0", {"type": "array"}))  # 3.0 requires `items`
    found = lint_file(path)
    assert rules(found) == ["array-items"]
    line = path.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert '"schema": {' in line


def test_remote_schema_identifiers_are_not_fetched(tmp_path: Path) -> None:
    schema = {
        "$id": "https://example.com/schemas/thing",
        "$schema": "https://example.com/meta/schema",
        "type": "object",
        "properties": {"id": {"type": "string"}},
        "example": {"id": 3},
    }
    found = lint_file(write(tmp_path, api("1", schema)))
    assert [(d.rule, d.pointer.rsplit("/", 2)[-2:]) for d in found] == [("example-invalid", ["example", "id"])]


def test_structurally_broken_documents_do_not_crash_the_rules(tmp_path: Path) -> None:
    data = api("1", {"type": "object"})
    data["paths"]["/things"]["get"]["parameters"] = ["not a parameter", {"in": "path"}]
    data["paths"]["/things"]["post"] = "not an operation"
    data["paths"]["/other/{id}"] = {"get": {"responses": "none", "x-codeSamples": "curl"}}
    data["components"] = {"schemas": {"A": {"properties": "x", "required": "y", "enum": 3, "discriminator": "z"}}}
    data["tags"] = "x"
    found = lint_file(write(tmp_path, data))
    assert "oas-schema" in rules(found)


def test_webhooks_only_document(tmp_path: Path) -> None:
    data = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "webhooks": {"ping": {"post": {"operationId": "ping", "responses": {"200": {"description": "OK"}}}}},
    }
    assert lint_file(write(tmp_path, data)) == []


SCHEMAS = st.recursive(
    st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(["string", "integer", "object", "array", "null", ["string", "null"]]),
            "enum": st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=3)), max_size=3),
            "format": st.sampled_from(["date-time", "unixtime", "int64"]),
            "description": st.sampled_from(["between 1 and 9", "Always `x`.", "A list of things", "at most 3 items"]),
            "example": st.one_of(st.none(), st.integers(), st.text(max_size=3)),
            "default": st.one_of(st.none(), st.integers()),
            "nullable": st.booleans(),
        },
    ),
    lambda inner: st.fixed_dictionaries(
        {},
        optional={
            "type": st.just("object"),
            "properties": st.dictionaries(st.sampled_from(["a", "total", "b"]), inner, max_size=3),
            "items": inner,
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "anyOf": st.lists(inner, min_size=1, max_size=2),
            "required": st.lists(st.sampled_from(["a", "b", "c"]), max_size=2),
            "discriminator": st.just({"propertyName": "a"}),
        },
    ),
    max_leaves=8,
)


@given(SCHEMAS, st.sampled_from(["0", "1"]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_schema_lints_without_crashing(tmp_path: Path, schema: dict[str, Any], minor: str) -> None:
    found = lint_file(write(tmp_path, api(minor, schema)))
    assert all(d.line > 0 and d.rule for d in found)


def test_form_fields_with_array_suffix_match_sdk_names(tmp_path: Path) -> None:
    data = api("1", {"type": "object"})
    data["paths"]["/things"]["post"] = {
        "operationId": "createThing",
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string"}, "include[]": {"type": "array"}},
                    }
                }
            }
        },
        "responses": {"200": {"description": "OK"}},
        "x-codeSamples": [
            {"lang": "python", "source": "client.things.create(file=open('a'), include=['x'])\n"},
            {"lang": "python", "source": "client.things.create(file=open('a'), includes=['x'])\n"},
        ],
    }
    data["paths"]["/things"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"][
        "include[]"
    ]["items"] = {"type": "string"}
    found = lint_file(write(tmp_path, data))
    assert [(d.rule, d.pointer.rsplit("/", 2)[-2]) for d in found] == [("sample-sdk-params", "1")]
    assert "did you mean `include`?" in found[0].message


def test_mutated_specs_never_crash_the_linter(tmp_path: Path, paths: Any) -> None:
    """Seeded random damage to the fragment and the normalized spec: findings or exit 2, never a crash."""
    import copy
    import random

    import yaml

    from generator.diagnostics import SpecInputError

    bases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (paths.fragment, paths.normalized)]
    junk: list[Any] = [None, 1, "x", [], {}, True, [1, {"a": None}], {"$ref": "#/nope"}, {"type": [{}]}, "curl 'x"]
    rnd = random.Random(20261121)

    def places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        found = [path] if path else []
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in children:
            found += places(value, (*path, key))
        return found

    for number in range(40):
        data = copy.deepcopy(rnd.choice(bases))
        for _ in range(rnd.randint(1, 4)):
            path = rnd.choice(places(data))
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            if isinstance(parent, dict) and rnd.random() < 0.4:
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(rnd.choice(junk))
        target = tmp_path / f"mutant{number}.json"
        target.write_text(json.dumps(data), encoding="utf-8")
        try:
            found = lint_file(target)
        except SpecInputError:
            continue
        assert all(d.line > 0 for d in found)
