"""Timing commands side by side: alternating runs, wall time and peak RSS per process, markdown tables.

Every run is a new process. Commands of a case run in turn (A B C A B C ...), so load on a
shared machine hits them alike; tables give medians with min-max. Peak RSS comes from
``/usr/bin/time -f %M`` when it exists, else from ``os.wait4`` (both report the largest
resident set of the process and of the children it waited for). Wall time is measured
here around the child, with ``time.perf_counter``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "benchmarks" / ".work"
# Where commands run unless they say otherwise: run.py points it at its snapshot of the tree.
CWD = [REPO]
TIME = Path("/usr/bin/time")
# Children start as a user's shell would start them: bytecode written and reused, no colours.
_DROPPED_ENV = ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")


@dataclass
class Sample:
    """One run of a command."""

    seconds: float
    rss_kib: int
    returncode: int
    stdout: str
    stderr: str
    reported: dict[str, float] = field(default_factory=dict)


@dataclass
class Command:
    """A command line to time. ``{out}`` in ``argv`` becomes a fresh, empty folder for every run."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    ok_codes: tuple[int, ...] = (0,)
    # The child prints one JSON object on its last stdout line; these keys are its own measurements.
    reported: tuple[str, ...] = ()
    keep_output: bool = False
    before: Callable[[], None] | None = None
    describe: Callable[[Sample], str] | None = None
    samples: list[Sample] = field(default_factory=list)
    failure: str | None = None
    output: Path | None = None
    note: str = ""

    def times(self, key: str = "") -> list[float]:
        """Wall seconds of every run, or the child's own measurement ``key``."""
        return [s.reported[key] if key else s.seconds for s in self.samples]


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment of a benchmarked process."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env.update({"NO_COLOR": "1", "PYTHONHASHSEED": "0"})
    env.update(extra)
    return env


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def run_once(command: Command) -> Sample:
    """Run ``command`` once in a new process; record wall time, peak RSS and output."""
    argv = list(command.argv)
    out = None
    if any("{out}" in arg for arg in argv):
        out = WORK / "out" / slug(command.name)
        shutil.rmtree(out, ignore_errors=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        argv = [arg.replace("{out}", str(out)) for arg in argv]
    if command.before is not None:
        command.before()
    env = child_env(command.env)
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        stdout_path, stderr_path, rss_path = (Path(scratch) / n for n in ("stdout", "stderr", "rss"))
        use_time = TIME.exists()
        full = [str(TIME), "-f", "%M", "-o", str(rss_path), *argv] if use_time else argv
        with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
            start = time.perf_counter()
            process = subprocess.Popen(full, cwd=command.cwd or CWD[0], env=env, stdout=stdout, stderr=stderr)
            if use_time:
                returncode = process.wait()
                seconds = time.perf_counter() - start
                lines = rss_path.read_text(encoding="utf-8", errors="replace").split()
                rss = int(lines[-1]) if lines and lines[-1].isdigit() else 0
            else:
                _, status, usage = os.wait4(process.pid, 0)
                seconds = time.perf_counter() - start
                process.returncode = returncode = os.waitstatus_to_exitcode(status)
                rss = int(usage.ru_maxrss)
        sample = Sample(
            seconds,
            rss,
            returncode,
            stdout_path.read_text(encoding="utf-8", errors="replace"),
            stderr_path.read_text(encoding="utf-8", errors="replace"),
        )
    if command.reported and returncode in command.ok_codes:
        try:
            data = json.loads(sample.stdout.strip().splitlines()[-1])
            sample.reported = {key: float(data[key]) for key in command.reported}
        except (ValueError, IndexError, KeyError, TypeError):
            sample.returncode = -1
            sample.stderr += "\nno measurement printed"
    if out is not None:
        if command.keep_output and sample.returncode in command.ok_codes:
            kept = WORK / "kept" / slug(command.name)
            shutil.rmtree(kept, ignore_errors=True)
            kept.parent.mkdir(parents=True, exist_ok=True)
            out.rename(kept)
            command.output = kept
        else:
            shutil.rmtree(out, ignore_errors=True)
    return sample


def failure_reason(sample: Sample) -> str:
    """What a failed run said: its last error line, else its last line of output."""

    def last(text: str, error: bool) -> str | None:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if error:
            lines = [line for line in lines if re.search(r"error|exception|traceback|fatal", line, re.IGNORECASE)]
        return lines[-1] if lines else None

    reason = (
        last(sample.stderr, True)
        or last(sample.stdout, False)
        or last(sample.stderr, False)
        or f"exit code {sample.returncode}"
    )
    reason = reason.replace("|", "/").replace("`", "'")
    return reason if len(reason) <= 160 else reason[:157] + "..."


def measure(commands: list[Command], runs: int, *, warmup: bool = True, log: Callable[[str], None] = print) -> None:
    """Run the commands in turn ``runs`` times (after one untimed round when ``warmup``)."""
    rounds = [("warm-up", False)] if warmup else []
    rounds += [(f"run {i + 1}/{runs}", True) for i in range(runs)]
    for label, timed in rounds:
        for command in commands:
            if command.failure is not None:
                continue
            sample = run_once(command)
            if sample.returncode not in command.ok_codes:
                command.failure = failure_reason(sample)
                log(f"  {label}: {command.name}: fails: {command.failure}")
                continue
            log(f"  {label}: {command.name}: {sample.seconds:.2f} s")
            if timed:
                command.samples.append(sample)


def seconds_text(value: float) -> str:
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 0.1:
        return f"{value:.2f} s"
    return f"{value * 1000:.0f} ms"


def spread_text(values: list[float]) -> str:
    return f"{seconds_text(min(values))}–{seconds_text(max(values))}"


def median_of(command: Command, key: str = "") -> float | None:
    return statistics.median(command.times(key)) if command.samples else None


def time_table(commands: list[Command], baseline: Command, *, key: str = "", label: str = "median") -> str:
    """tool | median | min–max | peak RSS | specgen ÷ this | notes."""
    lines = [
        f"| tool | {label} | min–max | peak RSS (median) | specgen ÷ this | notes |",
        "|---|---|---|---|---|---|",
    ]
    base = median_of(baseline, key)
    for command in commands:
        notes = command.note
        if command.samples and command.describe is not None:
            notes = "; ".join(filter(None, [command.describe(command.samples[-1]), notes]))
        if command.failure is not None or not command.samples:
            reason = command.failure or "not run"
            lines.append(f"| {command.name} | fails: {reason} | | | | {notes} |")
            continue
        median = median_of(command, key)
        assert median is not None
        rss = statistics.median(s.rss_kib for s in command.samples) / 1024
        ratio = f"{base / median:.2f}" if base is not None and median > 0 else "—"
        values = command.times(key)
        lines.append(
            f"| {command.name} | {seconds_text(median)} | {spread_text(values)} | {rss:.0f} MiB | {ratio} | {notes} |"
        )
    return "\n".join(lines)


def ratio(numerator: Command, denominator: Command, key: str = "") -> float | None:
    """median(numerator) / median(denominator), None when either has no result."""
    top, bottom = median_of(numerator, key), median_of(denominator, key)
    return top / bottom if top is not None and bottom else None


def goal_line(text: str, value: float | None, limit: float, unit: str = "") -> str:
    """'Goal: <text> <= limit: measured <value> (met / not met)'."""
    if value is None:
        return f"Goal: {text} ≤ {limit:g}{unit}: not measured (a command failed)."
    verdict = "met" if value <= limit else "not met"
    return f"Goal: {text} ≤ {limit:g}{unit}: measured {value:.2f}{unit} ({verdict})."
