"""The lint cache: content-hash hits, misses on any change, damaged entries, where it lives."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.lint as lint_api
from generator.lint import LintOptions, lint_file

pytestmark = pytest.mark.usefixtures("no_network")


@pytest.fixture
def spec(tmp_path: Path, lint_data: Path) -> Path:
    target = tmp_path / "spec.yaml"
    shutil.copy(lint_data / "rules" / "format-unknown" / "bad.yaml", target)
    return target


def forbid_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the spec was loaded: cache miss")

    monkeypatch.setattr(lint_api, "load_spec", refuse)


def test_second_run_is_a_hit_with_the_same_findings(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = lint_file(spec, cache_folder=cache)
    assert len(list(cache.glob("*.json"))) == 1
    forbid_loading(monkeypatch)
    assert lint_file(spec, cache_folder=cache) == first
    # the file name in the findings is the one asked for, not the one cached
    copy = tmp_path / "other.yaml"
    shutil.copy(spec, copy)
    assert {d.file for d in lint_file(copy, cache_folder=cache)} == {str(copy)}


def test_changes_miss(spec: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = lint_file(spec, cache_folder=cache)
    spec.write_text(spec.read_text(encoding="utf-8").replace("unixtime", "int64"), encoding="utf-8")
    assert lint_file(spec, cache_folder=cache) == []
    assert before
    # another rule configuration is another key
    assert lint_file(spec, LintOptions(ignore=("format-unknown",)), cache_folder=cache) == []
    assert len(list(cache.glob("*.json"))) == 3


def test_referenced_files_are_dependencies(tmp_path: Path) -> None:
    (tmp_path / "schemas.yaml").write_text(
        "Item:\n  type: object\n  properties:\n    id: {type: string}\n", encoding="utf-8"
    )
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://x.example/v1'}]\n"
        "paths:\n  /items:\n    get:\n      operationId: listItems\n      responses:\n        '200':\n"
        "          description: OK\n          content:\n            application/json:\n"
        "              schema: {$ref: 'schemas.yaml#/Item'}\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    assert lint_file(spec, cache_folder=cache) == []
    entry = json.loads(next(cache.glob("*.json")).read_text(encoding="utf-8"))
    assert list(entry["dependencies"]) == ["schemas.yaml"]
    (tmp_path / "schemas.yaml").write_text(
        "Item:\n  type: object\n  properties:\n    id: {type: string, format: unixtime}\n", encoding="utf-8"
    )
    assert [d.rule for d in lint_file(spec, cache_folder=cache)] == ["format-unknown"]


def test_damaged_entry_is_a_miss(spec: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = lint_file(spec, cache_folder=cache)
    for entry in cache.glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert lint_file(spec, cache_folder=cache) == first


def test_cli_caches_next_to_pyproject_and_no_cache_skips_it(
    run_cli: Callable[..., Any], tmp_path: Path, lint_data: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.specgen]\n", encoding="utf-8")
    folder = tmp_path / "specs"
    folder.mkdir()
    shutil.copy(lint_data / "rules" / "operation-operationId-valid-in-url" / "bad.yaml", folder / "spec.yaml")
    assert run_cli("lint", "specs/spec.yaml", "--no-cache", cwd=tmp_path).code == 1
    assert not (tmp_path / ".specgen-cache").exists()
    first = run_cli("lint", "specs/spec.yaml", cwd=tmp_path)
    assert len(list((tmp_path / ".specgen-cache" / "lint").glob("*.json"))) == 1
    second = run_cli("lint", "specs/spec.yaml", cwd=tmp_path)
    assert (first.code, first.out) == (second.code, second.out) == (1, first.out)
    assert not (folder / ".specgen-cache").exists()


def test_cli_without_a_pyproject_caches_in_the_user_cache_folder_not_beside_the_spec(
    run_cli: Callable[..., Any], tmp_path: Path, lint_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    specs = tmp_path / "someone-elses-checkout"
    work.mkdir()
    specs.mkdir()
    shutil.copy(lint_data / "rules" / "operation-operationId-valid-in-url" / "bad.yaml", specs / "spec.yaml")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    first = run_cli("lint", specs / "spec.yaml", cwd=work)
    assert not (specs / ".specgen-cache").exists()
    assert not (work / ".specgen-cache").exists()
    assert len(list((tmp_path / "xdg" / "specgen" / "lint").glob("*.json"))) == 1
    assert run_cli("lint", specs / "spec.yaml", cwd=work).out == first.out
