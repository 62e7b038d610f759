"""Snapshot of ``specgen diff`` text output for a realistic pair (3.0 -> 3.1, breaking and compatible changes).

Rewrite the snapshot with ``SPECGEN_UPDATE_SNAPSHOTS=1`` after an intended change, and review its diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "diff"
SNAPSHOT = DATA / "snapshots" / "batches_v1_v2.txt"


def test_text_snapshot(run_cli: Any) -> None:
    result = run_cli("diff", "tests/data/diff/batches_v1.yaml", "tests/data/diff/batches_v2.yaml", "--no-api")
    assert result.code == 1, result.err
    if os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(result.out, encoding="utf-8")
    assert result.out == SNAPSHOT.read_text(encoding="utf-8")


def test_same_spec_has_no_changes(run_cli: Any) -> None:
    result = run_cli("diff", "tests/data/diff/batches_v2.yaml", "tests/data/diff/batches_v2.yaml", "--format", "json")
    assert result.code == 0
    assert '"changes": []' in result.out
