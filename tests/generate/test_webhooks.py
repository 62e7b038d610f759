"""Webhooks (OpenAPI 3.1): a document with only webhooks generates its models and a typed parser per
webhook; its generated suite parses every example; a document with nothing to generate is refused
at a place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.generate.conftest import VENV_BIN, run
from tests.generated_suite.suite import run_suite

EVENT = {
    "type": "object",
    "required": ["id", "at"],
    "properties": {
        "id": {"type": "string"},
        "at": {"type": "string", "format": "date-time"},
        "kind": {"type": "string", "enum": ["created", "deleted"]},
    },
}
HOOKS: dict[str, object] = {
    "openapi": "3.1.0",
    "info": {"title": "Hooks", "version": "1"},
    "security": [],
    "webhooks": {
        "thing.created": {
            "post": {
                "summary": "A thing was created",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Event"},
                            "example": {"id": "t1", "at": "2025-12-02T00:44:09.923+01:00", "kind": "created"},
                        }
                    }
                },
                "responses": {"200": {"description": "ok"}},
            }
        },
        "things.batch": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}
                        }
                    }
                },
                "responses": {"200": {"description": "ok"}},
            }
        },
        "ping": {"post": {"responses": {"200": {"description": "ok"}}}},
    },
    "components": {"schemas": {"Event": EVENT}},
}


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hooks")
    (folder / "hooks.yaml").write_text(yaml.safe_dump(HOOKS, sort_keys=False), encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--spec", "hooks.yaml", "--out", "out", "--strict", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "webhook 'ping' has no request body" in result.stderr  # a note: nothing to parse
    return folder / "out"


def test_a_webhooks_only_document_generates_typed_parsers(hooks: Path) -> None:
    code = (
        "import json, datetime\n"
        "from hooks import webhooks\n"
        "from hooks.models import Event\n"
        'event = webhooks.parse_thing_created(b\'{"id": "t1", "at": "2025-01-01T00:00:00Z", "kind": "new"}\')\n'
        "assert isinstance(event, Event) and event.at == datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)\n"
        "assert event.kind == 'new'  # open enum: a kind this client does not know yet\n"
        "batch = webhooks.parse_things_batch([{'id': 'a', 'at': '2025-01-01T00:00:00Z'}])\n"
        "assert [e.id for e in batch] == ['a'] and isinstance(batch[0], Event)\n"
        "assert webhooks.WEBHOOKS['thing.created'] is webhooks.parse_thing_created\n"
        "try:\n"
        "    webhooks.parse_thing_created('{not json')\n"
        "except webhooks.WebhookPayloadError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('no error')\n"
        "print(sorted(webhooks.WEBHOOKS))\n"
    )
    result = run(VENV_BIN / "python", "-c", code, cwd=hooks)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.replace("'", '"')) == ["thing.created", "things.batch"]


def test_the_generated_suite_parses_every_webhook_example(hooks: Path) -> None:
    cases = json.loads((hooks / "tests" / "cases.json").read_text(encoding="utf-8"))["webhooks"]
    assert [(c["id"], c["model"]) for c in cases] == [
        ("parse_thing_created: example", "Event"),
        ("parse_things_batch: synthesized", None),
    ]
    suite = run_suite(hooks, "-k", "webhook")
    assert suite.code == 0, suite.output[-3000:]
    assert suite.counts == {"passed": 2, "deselected": suite.counts["deselected"]}


def test_a_document_with_nothing_to_generate_is_refused_at_a_place(tmp_path: Path) -> None:
    document = {"openapi": "3.1.0", "info": {"title": "Empty", "version": "1"}, "paths": {}}
    (tmp_path / "empty.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--spec", "empty.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert "empty.yaml:5:" in result.stderr and "no operations (paths) or webhooks" in result.stderr
