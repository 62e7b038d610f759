"""Running a generated project's test suite: generate it, run its pytest in a subprocess, read the counts.

Used by tests/generated_suite and tests/contract. The summary line of every suite run can be
reported (:func:`report`) and is then repeated in pytest's terminal summary, so the README's
test command shows how many generated tests ran.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.pipeline import Options, generate

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "file_batches.yaml"
PACKAGE = "openai_file_batches"
_OUTCOME = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|deselected)")
REPORTED: list[str] = []


@dataclass(frozen=True)
class SuiteRun:
    """One run of a generated suite: exit code, output, and the counts of its summary line."""

    code: int
    output: str
    counts: dict[str, int]

    @property
    def summary(self) -> str:
        """The last line of pytest's output (e.g. ``194 passed, 29 skipped in 2.1s``)."""
        lines = [line for line in self.output.splitlines() if line.strip()]
        return lines[-1].strip("= ") if lines else ""

    def failed_ids(self) -> list[str]:
        """Node ids of the failed tests, from the ``FAILED`` lines of the short summary."""
        return [
            line.split(" ", 1)[1].split(" - ")[0] for line in self.output.splitlines() if line.startswith("FAILED ")
        ]


def run_suite(folder: Path, *args: str, env: dict[str, str] | None = None) -> SuiteRun:
    """``pytest tests`` in ``folder`` (a generated project), in a subprocess with the project on PYTHONPATH."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SPECGEN_", "PYTEST_"))}
    environment.update({"PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "-q", "-rfs", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = proc.stdout + proc.stderr
    counts: dict[str, int] = {}
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    for number, kind in _OUTCOME.findall(lines[-1] if lines else ""):
        counts[kind.rstrip("s") if kind.startswith("error") else kind] = int(number)
    return SuiteRun(proc.returncode, output, counts)


def generate_project(out: Path, templates: Path | None = None, *, spec: Path = SPEC, package: str = PACKAGE) -> None:
    """Generate ``spec`` (the shipped one by default) into ``out``, in this process (so monkeypatches apply)."""
    name = spec.relative_to(ROOT).as_posix() if spec.is_relative_to(ROOT) else spec.name
    result = generate(spec, Options(package=package, spec_name=name, templates=templates))
    for path, text in result.files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def report(line: str) -> None:
    """Add a line to the "generated test suite" section of the terminal summary."""
    REPORTED.append(line)


def write_report(terminalreporter: Any) -> None:
    """Write (once) the lines reported so far to the terminal summary."""
    if REPORTED:
        terminalreporter.section("generated test suite")
        for line in REPORTED:
            terminalreporter.write_line(line)
        REPORTED.clear()
