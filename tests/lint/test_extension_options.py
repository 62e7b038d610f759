"""``specgen-extension`` on ``x-specgen-client`` ``options`` and ``x-specgen-poll`` ``pending-count``."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.lint import lint_file
from generator.lint.runner import LintOptions

SPEC = Path(__file__).resolve().parents[2] / "spec" / "file_batches.yaml"
RETRIEVE = "/vector_stores/{vector_store_id}/file_batches/{batch_id}"


def _findings(tmp_path: Path, edit: object) -> list[tuple[str, str]]:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    if callable(edit):
        edit(data)
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = lint_file(path, LintOptions(select=("specgen-extension",)))
    return [(d.pointer, d.message) for d in found]


def test_the_shipped_options_and_pending_count_are_accepted(tmp_path: Path) -> None:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert [o["name"] for o in data["x-specgen-client"]["options"]] == ["organization", "project"]
    assert data["paths"][RETRIEVE]["get"]["x-specgen-poll"]["pending-count"] == "/file_counts/in_progress"
    assert _findings(tmp_path, None) == []


def test_malformed_options_and_pending_count_are_reported(tmp_path: Path) -> None:
    def break_them(data: dict[str, object]) -> None:
        client = data["x-specgen-client"]
        assert isinstance(client, dict)
        client["options"] = [
            {"name": "timeout", "header": "X-Timeout"},
            {"name": "team", "header": "Not A Header"},
            {"name": "region", "header": "X-Region", "env": "9LIVES"},
        ]
        paths = data["paths"]
        assert isinstance(paths, dict)
        paths[RETRIEVE]["get"]["x-specgen-poll"]["pending-count"] = "file_counts.in_progress"

    found = _findings(tmp_path, break_them)
    assert sorted(pointer for pointer, _ in found) == [
        "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}/get/x-specgen-poll/pending-count",
        "/x-specgen-client/options/0",
        "/x-specgen-client/options/1",
        "/x-specgen-client/options/2",
    ]
    messages = " ".join(message for _, message in found)
    assert "'timeout' is not a free snake_case argument name" in messages
    assert "'Not A Header' is not an HTTP header name" in messages
    assert "'9LIVES' is not an environment variable name" in messages
    assert "must be a JSON pointer" in messages
