"""specgen against the tools users would otherwise pick, side by side, on the same input (not a test).

    .venv/bin/python benchmarks/run.py [--runs 5] [--runs-whole 3] [--cases 1,2,3,4,5] [--results]

Sets up the peers in benchmarks/.work (git-ignored; see peers.py), then runs each case's
commands alternately (A B C A B C ...), every run a new process, and prints one markdown
table per case: median wall time, min–max, median peak RSS, and specgen's time divided by
each tool's. ``--results`` also writes the tables into benchmarks/RESULTS.md (between its
markers), with the date, the machine and the command line.

Cases:
  1  cold `specgen generate` on spec/file_batches.yaml vs openapi-python-client and datamodel-codegen
  2  no-op `specgen generate --check` (nothing changed) vs `datamodel-codegen --check`
  3  `specgen lint` on the whole upstream spec vs Redocly CLI and Spectral
  4  `specgen generate` on the whole upstream spec vs the same two; import time of each package
  5  the generated client vs the official `openai` package: import time, per-call overhead
  6  large specs, cold: a 12 MB, 1,658-operation spec merged from the corpus (benchmarks/merged_spec.py)
     vs openapi-python-client, then every spec of ../shared/real-specs once each (time, peak memory)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.util
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import harness
from harness import REPO, WORK, Command, Sample, goal_line, measure, median_of, ratio, time_table
from peers import PEERS_BIN, install, versions

BENCH = REPO / "benchmarks"
RESULTS = BENCH / "RESULTS.md"
FRAGMENT = "spec/file_batches.yaml"
WHOLE = "spec/upstream/openai-openapi.f85dbe2.yaml"
SPECGEN_BIN = Path(sys.executable).parent / "specgen"
SPECGEN = [str(SPECGEN_BIN)] if SPECGEN_BIN.exists() else [sys.executable, "-m", "generator"]
PYTHON = sys.executable
PEER_PYTHON = str(PEERS_BIN / "python")
PEER_ENV = {"PATH": f"{PEERS_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # OPC's post hooks run ruff
# specgen runs from a snapshot of the working tree taken when the run starts (see snapshot()).
SNAPSHOT = WORK / "snapshot"
ROOT = [REPO]
MARK_START, MARK_END = "<!-- results:start -->", "<!-- results:end -->"


def _specgen_summary(sample: Sample) -> str:
    written = re.search(r"(\d+) file\(s\) written", sample.stdout)
    warnings = len(re.findall(r": warning ", sample.stderr))
    return f"{written.group(1) if written else '?'} files, {warnings} warnings"


def _opc_summary(sample: Sample) -> str:
    dropped = len(re.findall(r"^Unable to (?:process|parse) schema", sample.stdout + sample.stderr, re.MULTILINE))
    warnings = len(re.findall(r"^WARNING", sample.stdout + sample.stderr, re.MULTILINE))
    return f"{warnings} endpoint warnings, {dropped} schemas dropped"


def specgen_env() -> dict[str, str]:
    """specgen's own process: the snapshot's ``generator`` package comes first on the path."""
    return {"PYTHONPATH": str(ROOT[0])}


def snapshot() -> Path:
    """Copy what specgen runs from (its package, templates, specs, pyproject.toml) into .work/snapshot.

    Other people may edit the working tree while a benchmark runs for minutes: every run of a
    benchmark then measures the same code, and the cache of the warm rows is the snapshot's own.
    """
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    SNAPSHOT.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "templates", "spec"):
        shutil.copytree(REPO / name, SNAPSHOT / name, ignore=ignore)
    shutil.copy2(REPO / "pyproject.toml", SNAPSHOT / "pyproject.toml")
    return SNAPSHOT


def _specgen_generate(spec: str, *extra: str, name: str, package: str | None = None) -> Command:
    argv = [*SPECGEN, "generate", "--spec", spec, "--out", "{out}", *extra]
    if package:
        argv += ["--package", package]
    return Command(name, argv, env=specgen_env(), describe=_specgen_summary)


def _opc(spec: str, name: str) -> Command:
    argv = [str(PEERS_BIN / "openapi-python-client"), "generate", "--path", spec, "--output-path", "{out}"]
    return Command(name, argv, env=PEER_ENV, describe=_opc_summary, note="defaults: ruff post-hooks, meta poetry")


def _dcg_argv(spec: str, output: str, *extra: str) -> list[str]:
    """datamodel-codegen on an OpenAPI document, pydantic v2 models into ``output``, its default formatters."""
    return [
        str(PEERS_BIN / "datamodel-codegen"),
        *("--input", spec, "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel"),
        *("--disable-timestamp", "--output", output, *extra),
    ]


def _dcg(spec: str, name: str, *extra: str) -> Command:
    return Command(name, _dcg_argv(spec, "{out}/models.py", *extra), env=PEER_ENV)


def _clear_cache() -> None:
    shutil.rmtree(ROOT[0] / ".specgen-cache" / "format", ignore_errors=True)


# --- case 1 -------------------------------------------------------------------------------------


def case_fragment(runs: int) -> str:
    cold = _specgen_generate(FRAGMENT, "--no-cache", name="specgen generate (cold, --no-cache)")
    warm = _specgen_generate(FRAGMENT, name="specgen generate (warm formatter cache)")
    opc = _opc(FRAGMENT, "openapi-python-client generate")
    dcg = _dcg(FRAGMENT, "datamodel-codegen (models only; black+isort)")
    dcg.note = "default formatters"
    commands = [cold, warm, opc, dcg]
    measure(commands, runs)
    return "\n".join(
        [
            f"### 1. Generate the fragment (`{FRAGMENT}`), cold",
            "",
            "Every run: a new process, a new empty output folder; the cold row reads and writes no cache.",
            "",
            time_table(commands, cold),
            "",
            goal_line("specgen (cold) ÷ openapi-python-client", ratio(cold, opc), 0.4),
        ]
    )


# --- case 2 -------------------------------------------------------------------------------------


def _regenerate(out: Path) -> None:
    """Bring ``out`` up to date (untimed), so that the check that follows has nothing to report.

    A no-op when it already is; it matters when someone edits specgen while the benchmark runs.
    """
    argv = [*SPECGEN, "generate", "--spec", FRAGMENT, "--out", str(out)]
    env = {**harness.child_env({}), **specgen_env()}
    subprocess.run(argv, cwd=ROOT[0], check=True, capture_output=True, env=env)


def case_check(runs: int) -> str:
    folder = WORK / "case2"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    out = folder / "specgen"
    models = folder / "dcg" / "models.py"
    setup = [
        [*SPECGEN, "generate", "--spec", FRAGMENT, "--out", str(out), "--no-cache"],
        _dcg_argv(FRAGMENT, str(models)),
    ]
    for argv in setup:
        env = harness.child_env({**PEER_ENV, **specgen_env()})
        subprocess.run(argv, cwd=ROOT[0], check=True, capture_output=True, env=env)
    check = Command(
        "specgen generate --check (up to date)",
        [*SPECGEN, "generate", "--spec", FRAGMENT, "--out", str(out), "--check"],
        env=specgen_env(),
        before=lambda: _regenerate(out),
    )
    dcg = Command(
        "datamodel-codegen --check (up to date)",
        _dcg_argv(FRAGMENT, str(models), "--check"),
        env=PEER_ENV,
    )
    python = Command("python -c pass (interpreter start, for scale)", [PYTHON, "-c", "pass"])
    commands = [check, dcg, python]
    measure(commands, runs)
    return "\n".join(
        [
            "### 2. No-op `specgen generate --check` (nothing changed)",
            "",
            "openapi-python-client has no check mode; datamodel-codegen's `--check` regenerates and compares.",
            "",
            time_table(commands, check),
            "",
            goal_line("specgen generate --check (median)", median_of(check), 0.15, " s"),
        ]
    )


# --- case 3 -------------------------------------------------------------------------------------


def _lint_bench() -> ModuleType:
    path = BENCH / "lint" / "bench.py"
    spec = importlib.util.spec_from_file_location("lint_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lint_bench"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def case_lint(runs: int) -> str:
    bench = _lint_bench()
    commands = []
    for tool in bench.tools_for(WHOLE, False):
        kind = tool.count

        def describe(sample: Sample, kind: str = kind) -> str:
            return f"{bench.count_findings(kind, sample.stdout)} findings"

        env = {**tool.env, **(specgen_env() if kind == "specgen" else {})}
        commands.append(Command(tool.name, tool.command, env=env, ok_codes=(0, 1), describe=describe))
    measure(commands, runs)
    cold = commands[0]
    redocly = next(c for c in commands if c.name.startswith("Redocly"))
    size = (REPO / WHOLE).stat().st_size / 1e6
    return "\n".join(
        [
            f"### 3. Lint the whole upstream spec (`{WHOLE}`, {size:.2f} MB)",
            "",
            time_table(commands, cold),
            "",
            goal_line("specgen lint (cold) ÷ Redocly", ratio(cold, redocly), 0.7),
        ]
    )


# --- case 4 -------------------------------------------------------------------------------------


def _packages(folder: Path) -> list[str]:
    return sorted(p.parent.name for p in folder.glob("*/__init__.py"))


def _import_command(name: str, python: str, path: Path, modules: list[str]) -> Command:
    return Command(
        name,
        [python, str(BENCH / "client_calls.py"), "import", *modules],
        env={"PYTHONPATH": str(path)},
        reported=("seconds",),
    )


def case_whole(runs: int) -> str:
    cold = _specgen_generate(WHOLE, "--no-cache", name="specgen generate (cold, --no-cache)", package="openai_api")
    cold.keep_output = True
    warm = _specgen_generate(WHOLE, name="specgen generate (warm formatter cache)", package="openai_api")
    opc = _opc(WHOLE, "openapi-python-client generate")
    opc.keep_output = True
    dcg = _dcg(WHOLE, "datamodel-codegen (black+isort)")
    dcg.keep_output = True
    dcg_builtin = _dcg(WHOLE, "datamodel-codegen (--formatters builtin)", "--formatters", "builtin")
    commands = [cold, warm, opc, dcg, dcg_builtin]
    # No warm-up round (minutes per round); one untimed run fills specgen's cache for the warm row.
    _clear_cache()
    measure([warm], 1, warmup=False, log=lambda line: print(line.replace("run 1/1", "cache fill"), file=sys.stderr))
    if warm.failure is None:
        warm.samples.clear()
    measure(commands, runs, warmup=False)
    lines = [
        f"### 4. Generate the whole upstream spec (`{WHOLE}`)",
        "",
        time_table(commands, cold),
        "",
        goal_line("specgen (cold) ÷ openapi-python-client", ratio(cold, opc), 0.5),
    ]
    package_rows: list[Command] = []
    model_rows: list[Command] = []
    for command, python, tool in ((cold, PYTHON, "specgen"), (opc, PEER_PYTHON, "openapi-python-client")):
        if command.output is None:
            reason = f"nothing generated ({command.failure})" if command.failure else "nothing generated"
            package_rows.append(Command(f"{tool}: import the package", [], failure=reason))
            model_rows.append(Command(f"{tool}: import the models", [], failure=reason))
            continue
        packages = _packages(command.output)
        if not packages:
            package_rows.append(Command(f"{tool}: import the package", [], failure="no package in its output"))
            continue
        package = packages[0]
        package_rows.append(_import_command(f"{tool}: import {package}", python, command.output, [package]))
        model_rows.append(
            _import_command(f"{tool}: import {package}.models", python, command.output, [f"{package}.models"])
        )
    if dcg.output is not None:
        model_rows.append(_import_command("datamodel-codegen: import models", PEER_PYTHON, dcg.output, ["models"]))
    runnable = [c for c in package_rows + model_rows if c.failure is None]
    for command in runnable:  # bytecode compiled first: imports are timed as a user's second run sees them
        subprocess.run([command.argv[0], "-m", "compileall", "-q", command.env["PYTHONPATH"]], check=False)
    measure(runnable, runs)
    lines += [
        "",
        "Import time of each whole-spec package (time around `import` in a new process, bytecode compiled):",
        "",
        time_table(package_rows, package_rows[0], key="seconds", label="import (median)"),
        "",
        time_table(model_rows, model_rows[0], key="seconds", label="import (median)"),
    ]
    return "\n".join(lines)


# --- case 5 -------------------------------------------------------------------------------------


def case_client(runs: int) -> str:
    site = WORK / "case5"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    shutil.copytree(REPO / "generated" / "openai_file_batches", site / "openai_file_batches")
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(site)], check=True)
    script = str(BENCH / "client_calls.py")
    ours = {"PYTHONPATH": str(site)}
    imports = [
        Command(
            "specgen client: import openai_file_batches",
            [PYTHON, script, "import", "openai_file_batches"],
            env=ours,
            reported=("seconds",),
        ),
        Command("openai: import openai", [PEER_PYTHON, script, "import", "openai"], reported=("seconds",)),
    ]
    first = [
        Command(
            "specgen client: import + Client() + first create",
            [PYTHON, script, "first-call", "specgen"],
            env=ours,
            reported=("seconds",),
        ),
        Command(
            "openai: import + OpenAI() + first create",
            [PEER_PYTHON, script, "first-call", "openai"],
            reported=("seconds",),
        ),
    ]
    keys = ("create", "retrieve", "list")
    calls = [
        Command("specgen client (httpx.MockTransport)", [PYTHON, script, "calls", "specgen"], env=ours, reported=keys),
        Command("openai (the same httpx.MockTransport)", [PEER_PYTHON, script, "calls", "openai"], reported=keys),
        Command(
            "openai (httpx2.MockTransport, its own transport)",
            [PEER_PYTHON, script, "calls", "openai", "--transport", "httpx2"],
            reported=keys,
        ),
        Command("httpx + json.loads alone (the floor)", [PYTHON, script, "calls", "raw"], reported=keys),
    ]
    measure(imports + first, runs)
    measure(calls, runs)
    rows = ["| client | create | retrieve | list (100 files) | peak RSS |", "|---|---|---|---|---|"]
    for command in calls:
        if command.failure is not None or not command.samples:
            rows.append(f"| {command.name} | fails: {command.failure} | | | |")
            continue
        cells = []
        for key in keys:
            values = command.times(key)
            cells.append(f"{median_of(command, key):.0f} µs ({min(values):.0f}–{max(values):.0f})")
        rss = sorted(s.rss_kib for s in command.samples)[len(command.samples) // 2] / 1024
        rows.append(f"| {command.name} | {' | '.join(cells)} | {rss:.0f} MiB |")
    ours_calls, theirs_calls = calls[0], calls[1]
    worst = None
    if ours_calls.samples and theirs_calls.samples:
        worst = max(ratio(ours_calls, theirs_calls, key) or 0.0 for key in keys)
    return "\n".join(
        [
            "### 5. The generated client vs the official `openai` package",
            "",
            "Import time (time around `import` in a new process, bytecode compiled):",
            "",
            time_table(imports, imports[0], key="seconds", label="import (median)"),
            "",
            time_table(first, first[0], key="seconds", label="time to first response"),
            "",
            goal_line("import of the generated client ÷ import openai", ratio(imports[0], imports[1], "seconds"), 0.2),
            "",
            "Per call: median over processes of each one's mean of 1,000 calls (after 100 warm-up calls);"
            " min–max over the processes.",
            "",
            *rows,
            "",
            goal_line("per-call time, generated client ÷ openai (worst of the three)", worst, 1.0),
        ]
    )


# --- report -------------------------------------------------------------------------------------

# --- case 6 -------------------------------------------------------------------------------------

GIB = 1024 * 1024  # KiB


def _merged_spec() -> Path:
    path = WORK / "merged.json"
    subprocess.run([PYTHON, str(BENCH / "merged_spec.py"), "--out", str(path)], check=True, capture_output=True)
    return path


def _corpus() -> list[tuple[str, Path, Path | None]]:
    """(name, root file, --spec-root) of every spec the corpus README lists (as tests/real/corpus.py reads it)."""
    sys.path.insert(0, str(REPO))
    try:
        from tests.real.corpus import real_specs
    finally:
        sys.path.remove(str(REPO))
    return [(spec.name, spec.path, spec.root) for spec in real_specs()]


def case_large(runs: int) -> str:
    merged = str(_merged_spec())
    cold = _specgen_generate(merged, "--no-cache", name="specgen generate (cold, --no-cache)")
    opc = _opc(merged, "openapi-python-client generate")
    commands = [cold, opc]
    measure(commands, runs, warmup=False)
    peak = max((s.rss_kib for s in cold.samples), default=0)
    lines = [
        "### 6. Large specs, cold",
        "",
        f"`benchmarks/merged_spec.py` merges six corpus specs into one OpenAPI 3.0 document ({_size(merged)}).",
        "",
        time_table(commands, cold),
        "",
        goal_line("specgen (cold) ÷ openapi-python-client", ratio(cold, opc), 1.0),
        goal_line("specgen peak memory", peak / GIB if cold.samples else None, 1.0, " GiB"),
        "",
        "Every spec of `../shared/real-specs`, one cold run each, in turn (specgen, then openapi-python-client):",
        "",
        "| spec | size | specgen | peak RSS | openapi-python-client | peak RSS | specgen ÷ it |",
        "|---|---|---|---|---|---|---|",
    ]
    largest: int | None = None
    for name, path, root in _corpus():
        extra = ("--spec-root", str(root)) if root else ()
        ours = _specgen_generate(str(path), "--no-cache", *extra, name=f"specgen {name}")
        theirs = _opc(str(path), f"openapi-python-client {name}")
        measure([ours, theirs], 1, warmup=False)
        cells = []
        for command in (ours, theirs):
            if command.failure is not None or not command.samples:
                cells += [f"fails: {command.failure}", ""]
            else:
                cells += [f"{command.samples[0].seconds:.1f} s", f"{command.samples[0].rss_kib / 1024:.0f} MiB"]
        if ours.samples:
            largest = max(largest or 0, ours.samples[0].rss_kib)
        quotient = (
            f"{ours.samples[0].seconds / theirs.samples[0].seconds:.2f}" if ours.samples and theirs.samples else ""
        )
        lines.append(f"| {name} | {_size(str(path))} | {' | '.join(cells)} | {quotient} |")
    worst = largest / GIB if largest is not None else None
    lines += ["", goal_line("largest specgen peak memory on a corpus spec", worst, 1.0, " GiB")]
    return "\n".join(lines)


def _size(path: str) -> str:
    return f"{Path(path).stat().st_size / 1e6:.1f} MB"


CASES: dict[int, Callable[[int], str]] = {
    1: case_fragment,
    2: case_check,
    3: case_lint,
    4: case_whole,
    5: case_client,
    6: case_large,
}


def _output(*argv: str) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=False, cwd=REPO).stdout.strip()
    except OSError:
        return "?"


def machine(load: str) -> list[str]:
    """The header: machine, versions, load average, state of the working tree."""
    cpu = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("model name")
        )
    commit = _output("git", "rev-parse", "--short", "HEAD")
    dirty = _output("git", "status", "--porcelain", "--untracked-files=no", "--", "generator", "templates")
    state = f"{commit}" + (" plus uncommitted changes to generator/ or templates/" if dirty else "")
    if ROOT[0] != REPO:
        state += " (run from a copy of the tree taken at the start)"
    peer_versions = ", ".join(f"{k} {v}" for k, v in versions().items())
    return [
        f"- machine: `{platform.uname().system} {platform.uname().release} {platform.uname().machine}`"
        f" (`uname -a`: `{_output('uname', '-a')}`)",
        f"- CPU: {cpu}, {os.cpu_count()} cores; load average at start: {load}",
        f"- Python {platform.python_version()} (specgen's .venv and the peers' venv),"
        f" node {_output('node', '--version')}",
        f"- specgen at {state}; black {_package_version('black')}, "
        f"datamodel-code-generator {_package_version('datamodel-code-generator')} in specgen's venv",
        f"- peers: {peer_versions}",
    ]


def _package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "?"


def write_results(text: str) -> None:
    """Replace the generated part of RESULTS.md (between the markers), keeping the rest."""
    current = (
        RESULTS.read_text(encoding="utf-8")
        if RESULTS.exists()
        else f"# Benchmark results\n\n{MARK_START}\n{MARK_END}\n"
    )
    if MARK_START not in current or MARK_END not in current:
        current += f"\n{MARK_START}\n{MARK_END}\n"
    head, rest = current.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    RESULTS.write_text(f"{head}{MARK_START}\n{text}\n{MARK_END}{tail}", encoding="utf-8")


def main() -> int:
    """Set up the peers, run the chosen cases, print (and optionally record) the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="alternating runs per case (default 5)")
    parser.add_argument("--runs-whole", type=int, default=3, help="runs of cases 4 and 6, minutes each (default 3)")
    parser.add_argument("--cases", default="1,2,3,4,5,6", help="comma-separated case numbers (default all)")
    parser.add_argument("--no-setup", action="store_true", help="use benchmarks/.work as it is")
    parser.add_argument(
        "--no-snapshot", action="store_true", help="run specgen from the working tree, not from a copy taken at start"
    )
    parser.add_argument("--results", action="store_true", help="also write the tables into benchmarks/RESULTS.md")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="date written in the results")
    args = parser.parse_args()
    cases = [int(c) for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {unknown}")
    if not args.no_setup:
        install(python=any(c != 3 for c in cases), npm=3 in cases)
    if not args.no_snapshot:
        ROOT[0] = harness.CWD[0] = snapshot()
    load = load_average()
    command = "benchmarks/run.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    sections = [
        f"Run on {args.date} with `{PYTHON.replace(str(REPO) + '/', '')} {command.strip()}`.",
        "",
        *machine(load),
        "",
        "`specgen ÷ this`: specgen's median divided by the row's (below 1: specgen is faster).",
    ]
    print("\n".join(sections), flush=True)
    for number in cases:
        runs = args.runs_whole if number in (4, 6) else args.runs
        print(f"\n[case {number}, {runs} runs]", file=sys.stderr, flush=True)
        section = CASES[number](runs)
        sections += ["", section]
        print("\n" + section, flush=True)
    end_load = load_average()
    sections += ["", f"Load average at the end: {end_load}."]
    print(f"\nLoad average at the end: {end_load}.")
    if args.results:
        write_results("\n".join(sections))
        print(f"\nwrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
