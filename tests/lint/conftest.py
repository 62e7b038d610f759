"""Fixtures for the lint tests: data folders and snapshot comparison.

Snapshots live in ``tests/data/lint/snapshots``; run with ``SPECGEN_UPDATE_SNAPSHOTS=1`` to
rewrite them after an intended change (then review the diff).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

LINT_DATA = Path(__file__).resolve().parents[1] / "data" / "lint"


@pytest.fixture(scope="session")
def lint_data() -> Path:
    """``tests/data/lint``."""
    return LINT_DATA


@pytest.fixture(scope="session")
def rule_cases() -> list[Path]:
    """One folder per rule under ``tests/data/lint/rules``, holding ``good.yaml`` and ``bad.yaml``."""
    return sorted(p for p in (LINT_DATA / "rules").iterdir() if p.is_dir())


@pytest.fixture
def snapshot() -> Callable[[str, str], None]:
    """Compare ``text`` with the snapshot ``name`` (rewritten when SPECGEN_UPDATE_SNAPSHOTS=1)."""

    def compare(name: str, text: str) -> None:
        path = LINT_DATA / "snapshots" / name
        if os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no snapshot {path}: run with SPECGEN_UPDATE_SNAPSHOTS=1"
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True), text.splitlines(keepends=True), "snapshot", "actual"
                )
            )
            pytest.fail(f"output differs from snapshot {name} (SPECGEN_UPDATE_SNAPSHOTS=1 rewrites it):\n{diff}")

    return compare
