"""specgen lint vs Redocly CLI vs Spectral on the same specs, side by side (not a test).

    python benchmarks/lint/bench.py [--runs 5] [--install] [--with-osv] [SPEC ...]
    python benchmarks/lint/bench.py --real [NAMES] [--peers redocly] [--runs 5]

``--real`` takes the specs of the real-spec corpus (``../shared/real-specs``, as listed by
``tests/real/corpus.py``; all 15, or the comma-separated names given), each with the
``--spec-root`` it needs, and ends with one table of every spec: specgen's cold median ÷
Redocly's. ``--peers`` chooses the peers (``redocly,spectral`` by default; Spectral takes
tens of seconds on the large specs).

Redocly CLI and Spectral come from npm, installed into ``benchmarks/.work`` (git-ignored)
with ``--install``, pinned by ``benchmarks/package.json`` and its lock file: the same setup
as ``benchmarks/run.py``, whose case 3 runs these tools. Each round runs every tool once,
in turn, so load on the machine hits all tools alike; the table gives the median wall time,
min-max, peak RSS of the process tree's largest process, and the number of findings of the
last run. specgen runs cold
(``--no-cache``) and warm (its content-hash cache already filled).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/: the shared harness and setup
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository: tests.real.corpus

from peers import install_npm_peers

REPO = Path(__file__).resolve().parents[2]
WORK = REPO / "benchmarks" / ".work"
DEFAULT_SPECS = ("spec/upstream/openai-openapi.f85dbe2.yaml", "spec/upstream/file_batches.yaml")
PEERS = ("redocly", "spectral")


@dataclass
class Tool:
    """A command line to time, and how to count the findings in its output."""

    name: str
    command: list[str]
    count: str
    env: dict[str, str] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    findings: str = "?"


def install() -> None:
    """Install the npm tools into benchmarks/.work (nothing is installed globally)."""
    install_npm_peers()


def tools_for(spec: str, with_osv: bool, root: str | None = None, peers: tuple[str, ...] = PEERS) -> list[Tool]:
    """The commands compared on ``spec`` (``root``: the folder its references may read)."""
    ruleset = WORK / "spectral-oas.yaml"
    ruleset.write_text('extends: ["spectral:oas"]\n', encoding="utf-8")
    node_env = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_UPDATE_NOTIFIER": "1"}
    specgen = [sys.executable, "-m", "generator", "lint", spec, "--format", "json"]
    if root:
        specgen += ["--spec-root", root]
    tools = [
        Tool("specgen lint (cold, --no-cache)", [*specgen, "--no-cache"], "specgen"),
        Tool("specgen lint (warm cache)", specgen, "specgen"),
        Tool(
            "Redocly CLI lint (recommended)",
            [
                str(WORK / "node_modules" / ".bin" / "redocly"),
                "lint",
                spec,
                "--format",
                "json",
                "--max-problems",
                "100000",
            ],
            "redocly",
            node_env,
        ),
        Tool(
            "Spectral lint (spectral:oas)",
            [
                str(WORK / "node_modules" / ".bin" / "spectral"),
                "lint",
                spec,
                "-r",
                str(ruleset),
                "-f",
                "json",
                "--quiet",
            ],
            "spectral",
            node_env,
        ),
    ]
    tools = [tool for tool in tools if tool.count == "specgen" or tool.count in peers]
    if with_osv:
        tools.append(Tool("openapi-spec-validator", [sys.executable, "-m", "openapi_spec_validator", spec], "osv"))
    return tools


def run_once(tool: Tool) -> str:
    """Run ``tool`` once; record wall time and peak RSS (from ``wait4``); return its stdout."""
    env = {**os.environ, **tool.env, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    with subprocess.Popen(
        tool.command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdout is not None
        output = process.stdout.read().decode("utf-8", "replace")
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = 0  # reaped by wait4
    tool.times.append(time.perf_counter() - start)
    tool.rss_kib.append(int(usage.ru_maxrss))
    return output


def count_findings(kind: str, output: str) -> str:
    """Number of findings in a tool's JSON output."""
    try:
        if kind == "specgen":
            return str(json.loads(output)["summary"]["total"])
        if kind == "redocly":
            data: Any = json.loads(output)
            return str(len(data.get("problems", [])))
        if kind == "spectral":
            return str(len(json.loads(output[output.index("[") :])))
        return "ok" if "OK" in output else "errors"
    except (ValueError, KeyError, TypeError):
        return "?"


def measure(
    spec: str, runs: int, with_osv: bool, root: str | None = None, peers: tuple[str, ...] = PEERS
) -> list[Tool]:
    """Alternate the tools ``runs`` times (after one warm-up round that also fills specgen's cache)."""
    tools = tools_for(spec, with_osv, root, peers)
    for tool in tools:
        run_once(tool)
        tool.times.clear()
        tool.rss_kib.clear()
    for _ in range(runs):
        for tool in tools:
            tool.findings = count_findings(tool.count, run_once(tool))
    return tools


def table(spec: str, tools: list[Tool]) -> str:
    """A markdown table of one spec's results."""
    size = (REPO / spec).stat().st_size
    shown = os.path.relpath(REPO / spec, REPO)
    lines = [
        f"`{shown}` ({size / 1e6:.2f} MB), {len(tools[0].times)} alternating runs",
        "",
        "| tool | median | min-max | peak RSS | findings |",
        "|---|---|---|---|---|",
    ]
    for tool in tools:
        median = statistics.median(tool.times)
        spread = f"{min(tool.times):.2f}-{max(tool.times):.2f} s"
        rss = max(tool.rss_kib) / 1024
        lines.append(f"| {tool.name} | {median:.2f} s | {spread} | {rss:.0f} MiB | {tool.findings} |")
    return "\n".join(lines)


def real_cases(names: str) -> list[tuple[str, str, str | None]]:
    """``(name, root file, spec root)`` of the corpus specs named (comma-separated; "" for all)."""
    from tests.real.corpus import real_specs

    wanted = {name for name in names.split(",") if name}
    return [
        (spec.name, str(spec.path), str(spec.root) if spec.root else None)
        for spec in real_specs()
        if not wanted or spec.name in wanted
    ]


def ratio_table(rows: list[tuple[str, list[Tool]]]) -> str:
    """One line per spec: specgen's cold median, Redocly's, and their ratio."""
    lines = [
        "| spec | specgen cold | Redocly | specgen ÷ Redocly | specgen findings | Redocly findings |",
        "|---|---|---|---|---|---|",
    ]
    for name, tools in rows:
        cold, redocly = tools[0], next((t for t in tools if t.count == "redocly"), None)
        if redocly is None:
            continue
        ours, theirs = statistics.median(cold.times), statistics.median(redocly.times)
        lines.append(
            f"| {name} | {ours:.2f} s | {theirs:.2f} s | {ours / theirs:.2f} | {cold.findings} | {redocly.findings} |"
        )
    return "\n".join(lines)


def main() -> int:
    """Parse options, measure, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", default=list(DEFAULT_SPECS))
    parser.add_argument("--real", nargs="?", const="", default=None, metavar="NAMES", help="the real-spec corpus")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated: redocly, spectral")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--install", action="store_true", help="npm install the peer tools into benchmarks/.work")
    parser.add_argument("--with-osv", action="store_true", help="also time openapi-spec-validator (slow)")
    args = parser.parse_args()
    if args.install:
        install()
    missing = [name for name in ("redocly", "spectral") if not (WORK / "node_modules" / ".bin" / name).exists()]
    if missing or shutil.which("node") is None:
        print(f"missing {', '.join(missing) or 'node'}: run with --install (needs node and npm)", file=sys.stderr)
        return 2
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, Node {node}\n"
    )
    peers = tuple(name for name in args.peers.split(",") if name)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    if args.real is not None:
        rows = []
        for name, path, root in real_cases(args.real):
            tools = measure(path, args.runs, args.with_osv, root, peers)
            print(table(path, tools))
            print()
            rows.append((name, tools))
        print(ratio_table(rows))
        print()
    else:
        for spec in args.specs:
            print(table(spec, measure(spec, args.runs, args.with_osv, peers=peers)))
            print()
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
