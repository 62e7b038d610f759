"""Golden record: generating the shipped spec reproduces the committed generated/ byte for byte."""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path

import pytest

from generator.write import MANIFEST
from tests.generate.conftest import ROOT, VENV_BIN, run, tree

GENERATED = ROOT / "generated"
PACKAGE = "openai_file_batches"


def _generated_files(folder: Path) -> dict[str, bytes]:
    """Files specgen owns in an output folder: what its manifest lists, plus the manifest."""
    listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    return {path: (folder / path).read_bytes() for path in [*listed, MANIFEST]}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "generated"
    result = run(VENV_BIN / "specgen", "generate", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_generation_matches_the_committed_output_byte_for_byte(fresh: Path) -> None:
    expected = _generated_files(GENERATED)
    actual = _generated_files(fresh)
    assert sorted(actual) == sorted(expected)
    different = [path for path in expected if expected[path] != actual[path]]
    assert different == [], f"regenerate with `make generate`: {different}"


def test_output_is_identical_across_hash_seeds(tmp_path: Path, fresh: Path) -> None:
    out = tmp_path / "generated"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = run(VENV_BIN / "specgen", "generate", "--out", out, env=env)
    assert result.returncode == 0, result.stderr
    assert tree(out) == tree(fresh)


def test_generated_package_passes_mypy_strict(fresh: Path) -> None:
    result = run(VENV_BIN / "mypy", "--strict", "--no-incremental", PACKAGE, cwd=fresh)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_package_passes_ruff(fresh: Path) -> None:
    result = run(VENV_BIN / "ruff", "check", "--no-cache", ".", cwd=fresh)
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_leaves_every_generated_module_unchanged(fresh: Path) -> None:
    """Models, params and resources are laid out by specgen, never formatted: black's layout, exactly."""
    result = run(VENV_BIN / "black", "--check", "--line-length", "120", "--target-version", "py311", ".", cwd=fresh)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_package_needs_only_httpx_and_pydantic(fresh: Path) -> None:
    imported: set[str] = set()
    for path in (fresh / PACKAGE).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    assert imported - set(sys.stdlib_module_names) - {"__future__"} == {"httpx", "pydantic"}


def test_check_passes_on_the_committed_output() -> None:
    result = run(VENV_BIN / "specgen", "generate", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
