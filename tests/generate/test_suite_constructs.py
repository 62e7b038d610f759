"""The generated suite passes on valid clients of specs with the constructs that once made it fail
(issue 16): a required-through-allOf member with a format, date-times with fractional seconds and
offsets, examples with members the schema does not declare, paths with a ``#fragment``, a nullable
body whose example is null, a union query parameter; an object whose ``oneOf`` also allows ``true``,
and a reply synthesized through a pattern and an ``allOf`` member that only annotates (Lob); a
required reference to a component marked ``nullable`` (OpenAI's OAS 3.0 RunObject.usage)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.generate.conftest import VENV_BIN, run
from tests.generated_suite.suite import run_suite

EVENT = {
    "allOf": [
        {"required": ["day", "at"]},
        {
            "type": "object",
            "properties": {
                "day": {"type": "string", "format": "date"},
                "at": {"type": "string", "format": "date-time"},
                "note": {"type": "string"},
            },
        },
    ],
    "example": {"day": "2024-02-29", "at": "2025-12-02T00:44:09.923+01:00", "note": "x", "undeclared": 1},
}
LEVEL = {"type": "string", "enum": ["low", "high"]}
ENVELOPE = {"oneOf": [{"type": "boolean"}, {"type": "object"}], "properties": {"url": {"type": "string"}}}
LETTER = {
    "type": "object",
    "required": ["id", "template", "usage"],
    "properties": {
        "id": {"type": "string", "pattern": "^ltr_[a-z0-9]+$"},
        "template": {"allOf": [{"description": "The template."}, {"type": "string", "pattern": "^tmpl_[0-9]+$"}]},
        "envelope": {"$ref": "#/components/schemas/Envelope"},
        "usage": {"$ref": "#/components/schemas/Usage"},  # required, and null is a valid value (3.0)
    },
    "example": {"id": "ltr_1", "template": "tmpl_1", "usage": None},
}
USAGE = {"type": "object", "nullable": True, "required": ["tokens"], "properties": {"tokens": {"type": "integer"}}}


def _json(schema: object, example: object = None) -> dict[str, object]:
    media: dict[str, object] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"description": "ok", "content": {"application/json": media}}


SPEC: dict[str, object] = {
    "openapi": "3.0.3",
    "info": {"title": "Constructs", "version": "1"},
    "servers": [{"url": "https://c.example/api"}],
    "paths": {
        "/events": {
            "get": {
                "operationId": "listEvents",
                "parameters": [
                    {
                        "name": "level",
                        "in": "query",
                        "schema": {"anyOf": [{"type": "number"}, {"$ref": "#/components/schemas/Level"}]},
                    }
                ],
                "responses": {
                    "200": _json(
                        {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                        [{"day": "2024-01-01", "at": "2024-01-01T10:00:00.5Z", "extra": True}],
                    )
                },
            },
            "post": {
                "operationId": "addEvent",
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}, "example": None}}
                },
                "responses": {"201": _json({"$ref": "#/components/schemas/Event"})},
            },
        },
        "/letters/{id}": {
            "get": {
                "operationId": "getLetter",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json({"$ref": "#/components/schemas/Letter"})},
            }
        },
        "/events#latest": {
            "get": {"operationId": "latestEvent", "responses": {"200": _json({"$ref": "#/components/schemas/Event"})}}
        },
    },
    "components": {
        "schemas": {
            "Event": {**EVENT, "nullable": True},
            "Level": LEVEL,
            "Envelope": ENVELOPE,
            "Letter": LETTER,
            "Usage": USAGE,
        }
    },
}


def test_the_generated_suite_passes_on_these_constructs(tmp_path: Path) -> None:
    (tmp_path / "constructs.yaml").write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    result = run(
        VENV_BIN / "specgen", "generate", "--spec", "constructs.yaml", "--out", "out", "--strict", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    suite = run_suite(tmp_path / "out")
    assert suite.code == 0, suite.output[-4000:]
    cases = json.loads((tmp_path / "out" / "tests" / "cases.json").read_text(encoding="utf-8"))
    paths = {case["request"]["path"] for case in cases["operations"]}
    assert paths == {"/api/events", "/api/letters/id"}  # the fragment is no part of the request
    replies = [case["reply"]["body"] for case in cases["operations"] if case["call"]["resource"] == ["letters"]]
    assert replies and all(reply["id"].startswith("ltr_") for reply in replies), replies
    models = (tmp_path / "out" / "constructs" / "models.py").read_text(encoding="utf-8")
    assert "envelope: bool | Envelope | None = None" in models
    assert "usage: Usage | None\n" in models  # a nullable component is nullable where it is referenced
    events = [c["data"] for c in cases["examples"] if c["model"] == "Event"]
    assert {"day": "2024-02-29", "at": "2025-12-02T00:44:09.923+01:00", "note": "x", "undeclared": 1} in events
