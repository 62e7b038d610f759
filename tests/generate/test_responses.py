"""Success responses with different bodies (qdrant's 200 result vs 202 "accepted", linode's 200 vs 204)
are read as the status the server answers with describes; the generated suite replies with each."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import httpx
import yaml

from tests.generate.conftest import VENV_BIN, run
from tests.generated_suite.suite import run_suite

Make = Callable[[dict[str, object]], tuple[ModuleType, list[str]]]


def _json(schema: dict[str, object]) -> dict[str, object]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


DONE = {"type": "object", "required": ["result"], "properties": {"result": {"type": "string"}}}
ACCEPTED = {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["queued"]}}}
SPEC: dict[str, object] = {
    "openapi": "3.0.3",
    "info": {"title": "Statuses", "version": "1"},
    "servers": [{"url": "https://s.example"}],
    "paths": {
        "/snapshots": {
            "post": {
                "operationId": "createSnapshot",
                "responses": {"200": _json(DONE), "202": _json(ACCEPTED), "204": {"description": "nothing to do"}},
            }
        }
    },
}


def test_each_success_status_is_read_as_it_describes(generated_client: Make) -> None:
    module, diagnostics = generated_client(SPEC)
    assert not [d for d in diagnostics if "response-approximated" in d], diagnostics
    replies = iter(
        [
            httpx.Response(200, json={"result": "done"}),
            httpx.Response(202, json={"status": "queued"}),
            httpx.Response(204),
        ]
    )
    client = module.Client(http_client=httpx.Client(transport=httpx.MockTransport(lambda request: next(replies))))
    models = __import__(f"{module.__name__}.models", fromlist=["x"])
    done, accepted, nothing = (client.snapshots.create() for _ in range(3))
    assert isinstance(done, models.CreateSnapshotResponse) and done.result == "done"
    assert isinstance(accepted, models.CreateSnapshot202Response) and accepted.status == "queued"
    assert nothing is None
    annotation = str(inspect.signature(client.snapshots.create).return_annotation)
    assert annotation == "CreateSnapshotResponse | CreateSnapshot202Response | None"


def test_the_generated_suite_replies_with_every_status(tmp_path: Path) -> None:
    (tmp_path / "statuses.yaml").write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--spec", "statuses.yaml", "--out", "out", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    suite = run_suite(tmp_path / "out", "-k", "request")
    assert suite.code == 0, suite.output[-3000:]
    assert suite.counts["passed"] >= 6, suite.summary  # each status, sync and async
