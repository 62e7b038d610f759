"""Settings from ``[tool.specgen]`` in pyproject.toml; command-line options override them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from generator.diagnostics import SpecInputError
from generator.spec.limits import Limits

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class ExtractConfig:
    """What ``specgen extract`` takes from which upstream file, and where it writes."""

    upstream: Path | None = None
    output: Path | None = None
    operations: tuple[str, ...] = ()


@dataclass(frozen=True)
class NormalizeConfig:
    """Inputs and output of ``specgen normalize``."""

    input: Path | None = None
    overlay: Path | None = None
    output: Path | None = None


@dataclass(frozen=True)
class LintConfig:
    """Defaults for ``specgen lint``: threshold, rule selection, per-rule severities."""

    fail_on: str = "warning"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    docs_url: str | None = None  # where the rule pages are published (SARIF ``helpUri``)


@dataclass(frozen=True)
class Config:
    """Everything specgen reads from pyproject.toml, paths made absolute."""

    root: Path
    spec: Path | None = None
    out: Path | None = None
    package: str | None = None
    templates: Path | None = None
    spec_root: Path | None = None  # the folder references may read (default: the spec's own folder)
    extract: ExtractConfig = ExtractConfig()
    normalize: NormalizeConfig = NormalizeConfig()
    lint: LintConfig = LintConfig()
    limits: Limits = field(default_factory=Limits)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a ``[tool.specgen]`` table, from ``start`` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            try:
                table = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "specgen" in table.get("tool", {}):
                return candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """Read ``[tool.specgen]``; an empty :class:`Config` when there is none."""
    start = (start or Path.cwd()).resolve()
    path = find_pyproject(start)
    if path is None:
        return Config(root=start)
    table = tomllib.loads(path.read_text(encoding="utf-8"))["tool"]["specgen"]
    return parse_config(table, path)


def parse_config(table: dict[str, Any], path: Path) -> Config:
    """Build a :class:`Config` from the ``[tool.specgen]`` table found in ``path``."""
    root = path.parent
    reader = _Reader(table, path, "tool.specgen")
    extract = _Reader(reader.table("extract"), path, "tool.specgen.extract")
    normalize = _Reader(reader.table("normalize"), path, "tool.specgen.normalize")
    lint = _Reader(reader.table("lint"), path, "tool.specgen.lint")
    limits = _Reader(reader.table("limits"), path, "tool.specgen.limits")
    defaults = Limits()
    fail_on = lint.string("fail-on") or "warning"
    if fail_on not in ("error", "warning", "info"):
        raise reader.error("lint.fail-on", "must be 'error', 'warning' or 'info'")
    severity = lint.table("severity")
    docs_url = lint.string("docs-url")
    if docs_url is not None and not re.match(r"^https?://[^/\s]+", docs_url):
        raise reader.error("lint.docs-url", "must be an absolute http(s) URL")
    for rule, level in severity.items():
        if level not in ("error", "warning", "info", "off"):
            raise reader.error(f"lint.severity.{rule}", "must be 'error', 'warning', 'info' or 'off'")
    return Config(
        root=root,
        spec=reader.path("spec", root),
        out=reader.path("out", root),
        package=reader.string("package"),
        templates=reader.path("templates", root),
        spec_root=reader.path("spec-root", root),
        extract=ExtractConfig(
            upstream=extract.path("upstream", root),
            output=extract.path("output", root),
            operations=extract.strings("operations"),
        ),
        normalize=NormalizeConfig(
            input=normalize.path("input", root),
            overlay=normalize.path("overlay", root),
            output=normalize.path("output", root),
        ),
        lint=LintConfig(
            fail_on=fail_on,
            select=lint.strings("select"),
            ignore=lint.strings("ignore"),
            severity=dict(severity),
            docs_url=docs_url,
        ),
        limits=Limits(
            **{f.name: limits.integer(f.name.replace("_", "-"), getattr(defaults, f.name)) for f in fields(Limits)}
        ),
    )


class _Reader:
    """Typed access to one TOML table, with errors naming the file and key."""

    def __init__(self, table: dict[str, Any], path: Path, prefix: str) -> None:
        self.data = table
        self.file = path
        self.prefix = prefix

    def error(self, key: str, problem: str) -> SpecInputError:
        return SpecInputError(f"[{self.prefix}] {key}: {problem}", file=str(self.file))

    def table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(key, "must be a table")
        return value

    def string(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise self.error(key, "must be a string")
        return value

    def path(self, key: str, root: Path) -> Path | None:
        value = self.string(key)
        return root / value if value else None

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "must be a list of strings")
        return tuple(value)

    def integer(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise self.error(key, "must be a positive integer")
        return value


def project_path(path: Path, root: Path) -> str:
    """``path`` relative to the project ``root`` (POSIX), else its file name (outside the project, or
    a symlink loop, which loading reports)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.name


def source_key(path: Path, root: Path) -> str:
    """How the manifest names a spec file: relative to the project ``root``, else absolute."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path.resolve())
