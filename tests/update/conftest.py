"""Fixtures for ``specgen update`` tests: a small project at its first version, tree fingerprints."""

from __future__ import annotations

import copy
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

TINY = Path(__file__).resolve().parents[1] / "data" / "update" / "tiny"


def tree_hash(folder: Path) -> str:
    """sha256 over every file's relative path, mode and bytes (what "nothing changed" means)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(oct(path.stat().st_mode).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        elif path.is_dir():
            digest.update(path.relative_to(folder).as_posix().encode() + b"/\0")
    return digest.hexdigest()


@dataclass
class Project:
    """A copy of tests/data/update/tiny whose spec and client were made from upstream/things.v1.yaml."""

    root: Path
    run: Callable[..., Any]

    def upstream(self) -> dict[str, Any]:
        """The first upstream version, as data to change."""
        data: dict[str, Any] = yaml.safe_load((TINY / "upstream" / "things.v1.yaml").read_text(encoding="utf-8"))
        return copy.deepcopy(data)

    def write_upstream(self, name: str, data: dict[str, Any]) -> Path:
        """Write a new upstream version under upstream/ and return its path relative to the project."""
        path = self.root / "upstream" / name
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return Path("upstream") / name

    def update(self, *args: str | Path) -> Any:
        """``specgen update ARGS`` in the project."""
        return self.run("update", *args, cwd=self.root)

    def specgen(self, *args: str | Path) -> Any:
        """Any ``specgen`` command in the project."""
        return self.run(*args, cwd=self.root)

    def fingerprint(self) -> str:
        return tree_hash(self.root)


@pytest.fixture
def tiny(tmp_path: Path, run_cli: Callable[..., Any]) -> Project:
    """The tiny project at version 1: extracted, normalized and generated."""
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    project = Project(root, run_cli)
    for args in (("extract",), ("normalize",), ("generate",)):
        result = project.specgen(*args)
        assert result.code == 0, result.err
    return project


@pytest.fixture(scope="session")
def fingerprint() -> Callable[[Path], str]:
    """:func:`tree_hash`."""
    return tree_hash
