"""Fixtures for generation tests: generate a spec into a folder, import the result."""

from __future__ import annotations

import importlib
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from generator.pipeline import Options, generate, inputs_hash
from generator.write import compare_output, write

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def generate_into(spec: Path, out: Path, package: str, templates: Path | None = None) -> list[str]:
    """Generate ``spec`` into ``out`` as ``package`` (in process); returns the diagnostics as text."""
    options = Options(package=package, spec_name=spec.name, templates=templates)
    result = generate(spec, options)
    write(out, result.files, inputs_hash([spec], options), {spec.name: "-"}, compare_output(out, result.files))
    return [str(d) for d in result.diagnostics]


@pytest.fixture
def generated_client(tmp_path: Path) -> Iterator[Callable[[dict[str, object]], tuple[ModuleType, list[str]]]]:
    """Generate an inline spec (a dict) into tmp_path and import it under a unique package name."""
    added: list[str] = []

    def make(spec: dict[str, object]) -> tuple[ModuleType, list[str]]:
        package = f"client_{uuid.uuid4().hex[:8]}"
        spec_path = tmp_path / f"{package}.yaml"
        spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        out = tmp_path / f"out_{package}"
        diagnostics = generate_into(spec_path, out, package)
        sys.path.insert(0, str(out))
        added.append(str(out))
        return importlib.import_module(package), diagnostics

    yield make
    for path in added:
        sys.path.remove(path)


def run(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing text output."""
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative POSIX path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
