"""Helpers of the hostile-input suite: run specgen (in process, as a child, in the audit sandbox),
check refusals, snapshot folders, generate and import packages.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import pkgutil
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from generator.cli import main
from tests.conftest import CliResult as Result

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "hostile"
SANDBOX = Path(__file__).resolve().parent / "sandbox.py"
MEMORY_LIMIT = 2 << 30  # bytes of address space for child processes fed hostile input
TIMEOUT = 180  # seconds: a hang fails the test instead of stalling the suite


def cli(*args: str | Path, cwd: Path) -> Result:
    """``generator.cli.main(args)`` in this process, from ``cwd``, with its output captured."""
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(previous)
    return Result(code, out.getvalue(), err.getvalue())


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_generated_tests(out: Path) -> subprocess.CompletedProcess[str]:
    """The generated package's own test suite (``out/tests``), run by pytest in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=out,
        env=child_env() | {"PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def child_env() -> dict[str, str]:
    """The environment of a specgen child: this checkout importable, no debug tracebacks, no .pyc writes."""
    env = {k: v for k, v in os.environ.items() if k not in ("SPECGEN_DEBUG", "PYTHONSTARTUP")}
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def specgen(*args: str | Path, cwd: Path, log: Path | None = None, timeout: float = TIMEOUT) -> Result:
    """specgen as a child process, under a memory limit and a timeout (a hang is a failure).

    With ``log``, the child runs in the audit sandbox (``sandbox.py``), which records every
    network, process and file-writing event in ``log`` (and refuses the first two).
    """
    command = [sys.executable, "-m", "generator"] if log is None else [sys.executable, str(SANDBOX), str(log), "--"]
    try:
        proc = subprocess.run(
            [*command, *[str(a) for a in args]],
            cwd=cwd,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"specgen {' '.join(map(str, args))} did not finish within {timeout} s") from None
    return Result(proc.returncode, proc.stdout, proc.stderr)


def events(log: Path) -> list[dict[str, Any]]:
    """The events the sandbox recorded."""
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


def outside_world(log: Path) -> list[dict[str, Any]]:
    """Recorded network and process events (each one a failure of the no-network, no-escape promise);
    a fork is not one (formatting workers inherit the sandbox)."""
    return [e for e in events(log) if e["event"] not in ("write", "os.fork")]


def written(log: Path) -> list[Path]:
    """Every path the sandboxed run wrote, created, renamed or removed."""
    return [Path(e["path"]) for e in events(log) if e["event"] == "write"]


def assert_refused(result: Result, file: Path | str, *, place: tuple[int, int] | None = None, words: str = "") -> str:
    """Exit 2 with exactly one stderr line, naming ``file`` (and ``line:col``), no traceback, nothing on stdout."""
    assert result.code == 2, f"exit {result.code}, expected 2; stderr: {result.err!r}"
    assert "Traceback" not in result.err, result.err
    assert len(result.err_lines) == 1, f"expected one line on stderr, got: {result.err!r}"
    message = result.err_lines[0]
    assert message.startswith("specgen: error: "), message
    assert str(file) in message, f"{file} not named in {message!r}"
    if place is not None:
        assert f"{file}:{place[0]}:{place[1]}:" in message, f"{file}:{place[0]}:{place[1]} not in {message!r}"
    assert words in message, f"{words!r} not in {message!r}"
    assert "internal error" not in message
    return message


def assert_no_crash(result: Result, *, allowed: tuple[int, ...] = (0, 1, 2)) -> None:
    """Any exit specgen may give for input (never 3, a bug), no traceback; a refusal is one line."""
    assert result.code in allowed, f"exit {result.code}; stderr: {result.err[-2000:]!r}"
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err[-2000:]
    if result.code == 2:
        assert len(result.err_lines) == 1, result.err


def snapshot(folder: Path, *, cache: bool = True) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under ``folder``, by relative path.

    ``cache=False`` leaves out ``.specgen-cache/`` (generation's content-addressed formatter cache).
    """
    result: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if not cache and relative.split("/")[0] == ".specgen-cache":
            continue
        result[relative] = None if path.is_dir() else path.read_bytes()
    return result


def dump(path: Path, data: Any) -> Path:
    """Write ``data`` as JSON (``.json``) or YAML; returns ``path``."""
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    """An OpenAPI 3.1 document with ``paths`` (and component ``schemas``)."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "hostile", "version": "1"},
        "servers": [{"url": "https://api.example/v1"}],
        **top,
        "paths": paths,
    }
    if schemas is not None:
        document["components"] = {"schemas": schemas}
    return document


def json_response(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    """A ``responses`` object with one JSON response."""
    return {status: {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """A required JSON ``requestBody``."""
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def ref(name: str) -> dict[str, str]:
    """``{"$ref": "#/components/schemas/<name>"}`` with the name escaped as a JSON pointer token."""
    return {"$ref": "#/components/schemas/" + name.replace("~", "~0").replace("/", "~1")}


def compile_tree(out: Path) -> list[Path]:
    """Compile every ``.py`` file under ``out`` (SyntaxError fails); returns them."""
    files = sorted(out.rglob("*.py"))
    for path in files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    return files


@contextlib.contextmanager
def imported(out: Path, package: str) -> Iterator[ModuleType]:
    """Import ``package`` from ``out`` and every module in it; undo sys.path and sys.modules after."""
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            importlib.import_module(info.name)
        yield module
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
            del sys.modules[name]


def import_in_child(out: Path, package: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Import ``package`` and all its modules in a fresh interpreter (a crash cannot take the tests down)."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"package = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "constants = importlib.import_module(package.__name__ + '._constants')\n"
        "credentials = {name: 'k' for name, _ in constants.CREDENTIALS}\n"
        "client = package.Client(**credentials, base_url='https://api.example')\n"
        "client.close()\n"
    )
    env = child_env()
    env["PYTHONPATH"] = str(out)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        check=False,
    )


def files_outside(root: Path, allowed: Path) -> list[Path]:
    """Files under ``root`` that are not under ``allowed``."""
    return [p for p in root.rglob("*") if p.is_file() and not p.resolve().is_relative_to(allowed.resolve())]
