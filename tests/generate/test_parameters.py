"""Parameters checked as their schema says before any I/O, compositions included, and the generated
suite's expectations matching what the client sends (lists in paths, unions in queries)."""

from __future__ import annotations

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
LEVEL = {"type": "string", "enum": ["low", "high"]}
SPEC: dict[str, object] = {
    "openapi": "3.0.3",
    "info": {"title": "Params", "version": "1"},
    "servers": [{"url": "https://p.example"}],
    "paths": {
        "/readings/{metrics}": {
            "get": {
                "operationId": "getReadings",
                "parameters": [
                    {
                        "name": "metrics",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "array", "items": {"type": "string", "enum": ["cpu", "disk"]}},
                    },
                    # qdrant's anyOf: [number, $ref Enum]
                    {
                        "name": "threshold",
                        "in": "query",
                        "schema": {"anyOf": [{"type": "number"}, {"$ref": "#/components/schemas/Level"}]},
                    },
                    # opensearch's oneOf of constants
                    {
                        "name": "priority",
                        "in": "query",
                        "schema": {
                            "oneOf": [{"type": "string", "const": "urgent"}, {"type": "string", "const": "normal"}]
                        },
                    },
                ],
                "responses": {"204": {"description": "none"}},
            }
        }
    },
    "components": {"schemas": {"Level": LEVEL}},
}


def _client(module: ModuleType, seen: list[httpx.Request]) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    return module.Client(http_client=httpx.Client(transport=httpx.MockTransport(reply)))


def test_union_parameters_are_checked_before_sending(generated_client: Make) -> None:
    module, _ = generated_client(SPEC)
    seen: list[httpx.Request] = []
    readings = _client(module, seen).readings
    readings.retrieve(["cpu", "disk"], threshold=0.5, priority="urgent")
    readings.retrieve(["cpu"], threshold="high")
    assert [r.url.raw_path for r in seen] == [
        b"/readings/cpu%2Cdisk?threshold=0.5&priority=urgent",
        b"/readings/cpu?threshold=high",
    ]
    for wrong in ({"threshold": "medium"}, {"priority": "later"}):
        with pytest.raises(module.RequestValidationError):
            readings.retrieve(["cpu"], **wrong)
    with pytest.raises(module.RequestValidationError, match="metrics"):
        readings.retrieve([])  # an empty path segment
    with pytest.raises(module.RequestValidationError, match="metrics"):
        readings.retrieve(["ram"])
    assert len(seen) == 2


def test_the_generated_suite_expects_what_the_client_sends(tmp_path: Path) -> None:
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--spec", "params.yaml", "--out", "out", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    suite = run_suite(tmp_path / "out")
    assert suite.code == 0, suite.output[-3000:]
    assert suite.counts["passed"] >= 10, suite.summary
