"""Shared fixtures: repository paths, the CLI run in-process and as ``python -m generator``.

Everything is offered as a fixture (test modules import nothing from here), so this
file's helpers never clash with another folder's ``conftest`` module.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.spec import pointer as jp

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
BAD_SPECS = DATA / "bad_specs"
UPSTREAM_DIR = REPO / "spec" / "upstream"
UPSTREAM_VERSIONS = ("f85dbe2", "5162af9", "498c71d")
FRAGMENT = UPSTREAM_DIR / "file_batches.yaml"
NORMALIZED = REPO / "spec" / "file_batches.yaml"
OVERLAY = REPO / "spec" / "overlay.yaml"
OPERATIONS = (
    "createVectorStoreFileBatch",
    "getVectorStoreFileBatch",
    "cancelVectorStoreFileBatch",
    "listFilesInVectorStoreBatch",
)


def upstream_file(version: str) -> Path:
    """The committed upstream snapshot of ``version``."""
    return UPSTREAM_DIR / f"openai-openapi.{version}.yaml"


@dataclass(frozen=True)
class Paths:
    """Where the repository keeps what the tests read."""

    repo: Path = REPO
    data: Path = DATA
    bad_specs: Path = BAD_SPECS
    upstream_dir: Path = UPSTREAM_DIR
    fragment: Path = FRAGMENT
    normalized: Path = NORMALIZED
    overlay: Path = OVERLAY
    seeds: Path = REPO.parent / "shared" / "seeds"
    operations: tuple[str, ...] = OPERATIONS
    upstream_versions: tuple[str, ...] = UPSTREAM_VERSIONS

    def upstream(self, version: str) -> Path:
        return upstream_file(version)


@dataclass(frozen=True)
class CliResult:
    """What one CLI run did: exit code and captured output."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No network for the test: any attempt to resolve a name or connect fails loudly.

    Used by the modules of this folder through ``pytestmark``; not autouse, so tests that
    talk to a local mock server are unaffected.
    """

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a test tried to open a network connection: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def paths() -> Paths:
    return Paths()


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``generator.cli.main`` in this process (from ``cwd``, default the repo root)."""

    def run(*args: str | Path, cwd: Path | None = None) -> CliResult:
        monkeypatch.chdir(cwd or REPO)
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_module() -> Callable[..., CliResult]:
    """Run ``python -m generator`` as a child process: the real exit code and stderr."""

    def run(*args: str | Path, cwd: Path | None = None) -> CliResult:
        env = {k: v for k, v in os.environ.items() if k != "SPECGEN_DEBUG"}
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        proc = subprocess.run(
            [sys.executable, "-m", "generator", *[str(a) for a in args]],
            cwd=cwd or REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(scope="session")
def input_error() -> Callable[..., str]:
    """:func:`assert_input_error`."""
    return assert_input_error


@pytest.fixture(scope="session")
def walk_nodes() -> Callable[..., Iterator[tuple[str, Any]]]:
    """:func:`walk`."""
    return walk


@pytest.fixture(scope="session")
def broken_refs() -> Callable[[dict[str, Any]], list[str]]:
    """:func:`broken_local_refs`."""
    return broken_local_refs


def assert_input_error(
    result: CliResult,
    file: Path | str,
    *,
    line: int | None = None,
    column: int | None = None,
    contains: str = "",
) -> str:
    """Exit 2, exactly one stderr line naming ``file`` (and ``line:column``), no traceback."""
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err
    assert len(result.err_lines) == 1, result.err
    message = result.err_lines[0]
    assert message.startswith("specgen: error: "), message
    assert str(file) in message, message
    if line is not None:
        place = f"{file}:{line}:{column}" if column is not None else f"{file}:{line}:"
        assert place in message, (place, message)
    else:
        assert not re.search(re.escape(str(file)) + r":\d+:\d+", message), message
    assert contains in message, (contains, message)
    return message


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (JSON pointer, value) under ``node``, parents first."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{pointer}/{index}")


def broken_local_refs(data: dict[str, Any]) -> list[str]:
    """The ``$ref`` values in ``data`` that are not local JSON pointers resolving inside ``data``."""
    broken = []
    for _, node in walk(data):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#") or not jp.exists(data, jp.from_fragment(ref[1:])):
                broken.append(ref)
    return broken


@pytest.fixture(scope="session")
def normalized() -> dict[str, Any]:
    """The committed normalized spec, read with PyYAML (independent of specgen's loader)."""
    data: dict[str, Any] = yaml.safe_load(NORMALIZED.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def fragment() -> dict[str, Any]:
    """The committed verbatim upstream fragment, read with PyYAML."""
    data: dict[str, Any] = yaml.safe_load(FRAGMENT.read_text(encoding="utf-8"))
    return data
