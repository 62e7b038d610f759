"""Writing output: only what changed, never a file specgen did not write, atomic under SIGKILL."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.generate.conftest import ROOT, VENV_BIN, run, tree

SPEC = ROOT / "spec" / "file_batches.yaml"


@pytest.fixture
def output(tmp_path: Path) -> Path:
    out = tmp_path / "generated"
    result = run(VENV_BIN / "specgen", "generate", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_user_files_survive_regeneration(output: Path) -> None:
    (output / "NOTES.md").write_text("mine\n", encoding="utf-8")
    (output / "openai_file_batches" / "custom.py").write_text("X = 1\n", encoding="utf-8")
    models = output / "openai_file_batches" / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--out", output)
    assert result.returncode == 0, result.stderr
    assert (output / "NOTES.md").read_text(encoding="utf-8") == "mine\n"
    assert (output / "openai_file_batches" / "custom.py").read_text(encoding="utf-8") == "X = 1\n"
    assert not models.read_text(encoding="utf-8").endswith("# edited\n")


def test_only_changed_files_are_rewritten(output: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*.py")}
    models = output / "openai_file_batches" / "models.py"
    models.write_text("# damaged\n", encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--out", output)
    assert result.returncode == 0, result.stderr
    assert "1 file(s) written" in result.stdout
    changed = [p for p, mtime in before.items() if p != models and p.stat().st_mtime_ns != mtime]
    assert changed == []


def test_a_foreign_file_in_the_way_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    (out / "openai_file_batches").mkdir(parents=True)
    foreign = out / "openai_file_batches" / "models.py"
    foreign.write_text("# not specgen's\n", encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--out", out)
    assert result.returncode == 2
    assert "refusing to overwrite openai_file_batches/models.py" in result.stderr
    assert "Traceback" not in result.stderr
    assert foreign.read_text(encoding="utf-8") == "# not specgen's\n"
    assert sorted(p.name for p in out.rglob("*")) == ["models.py", "openai_file_batches"]


def test_check_reports_drift_without_writing(output: Path) -> None:
    models = output / "openai_file_batches" / "models.py"
    models.write_text("# damaged\n", encoding="utf-8")
    snapshot = tree(output)
    result = run(VENV_BIN / "specgen", "generate", "--out", output, "--check")
    assert result.returncode == 1
    assert "--- a/openai_file_batches/models.py" in result.stdout
    assert "is stale" in result.stdout
    assert tree(output) == snapshot


_SLOW_WRITER = """
import os, sys, time
import generator.write as w
def slow_fsync(fd):
    time.sleep(0.002)
    os_fsync(fd)
os_fsync = os.fsync
w.os.fsync = slow_fsync
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_sigkill_during_generation_leaves_old_or_new_output(tmp_path: Path) -> None:
    """Kill the writer at random moments: the folder is always the old tree or the complete new one."""
    other = tmp_path / "other.yaml"
    other.write_text(
        SPEC.read_text(encoding="utf-8").replace("Create a vector store file batch.", "Made anew."), "utf-8"
    )
    out = tmp_path / "generated"
    assert run(VENV_BIN / "specgen", "generate", "--spec", other, "--out", out).returncode == 0
    old = tree(out)
    new_out = tmp_path / "reference"
    assert run(VENV_BIN / "specgen", "generate", "--out", new_out).returncode == 0
    new = tree(new_out)
    assert old != new
    script = tmp_path / "slow_writer.py"
    script.write_text(_SLOW_WRITER, encoding="utf-8")
    start = time.monotonic()
    probe = subprocess.run(
        [sys.executable, script, "generate", "--out", out], cwd=ROOT, capture_output=True, check=False
    )
    duration = time.monotonic() - start
    assert probe.returncode == 0, probe.stderr
    assert tree(out) == new
    rng = random.Random(20261121)
    outcomes = {"old": 0, "new": 0}
    for _ in range(12):
        assert run(VENV_BIN / "specgen", "generate", "--spec", other, "--out", out).returncode == 0
        assert tree(out) == old
        process = subprocess.Popen(
            [sys.executable, script, "generate", "--out", out],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 1.0) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = tree(out)
        assert state in (old, new), "a killed run left a mixed output folder"
        outcomes["old" if state == old else "new"] += 1
    print(f"SIGKILL outcomes: {outcomes}")
    assert run(VENV_BIN / "specgen", "generate", "--out", out).returncode == 0
    assert tree(out) == new
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".specgen-")] == []


def test_a_file_where_the_output_folder_should_be_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    out.write_text("a file\n", encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--out", out)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(out) in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "a file\n"
