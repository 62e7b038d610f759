"""Lint results cached by content hash in ``.specgen-cache/lint/``.

The key is the sha256 of the spec's bytes, the effective rule configuration and a
fingerprint of specgen's lint code (its version plus the size and mtime of every module
of ``generator.lint``), so any change to the input, the rules or the code misses. Files
the spec refers to are recorded with their own hashes and checked on every hit.
Entries are written atomically; a damaged entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import __version__
from generator.diagnostics import Diagnostic, Severity

_FORMAT = 1
_KEEP = 64


def code_fingerprint() -> str:
    """specgen's version, the validator versions and the lint modules' sizes and mtimes."""
    parts = [__version__, str(_FORMAT)]
    for dist in ("jsonschema-rs", "openapi-spec-validator"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=?")
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        stat = module.stat()
        parts.append(f"{module.relative_to(package).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def digest(data: bytes) -> str:
    """sha256 hex digest."""
    return hashlib.sha256(data).hexdigest()


class LintCache:
    """A folder of cached lint results, one JSON file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(spec_bytes: bytes, config: str) -> str:
        """The cache key of a spec's bytes under a rule configuration."""
        return digest(b"\0".join([spec_bytes, config.encode(), code_fingerprint().encode()]))

    def get(self, key: str, spec_file: str, spec_folder: Path) -> list[Diagnostic] | None:
        """The cached diagnostics for ``key`` (named after ``spec_file``), or None."""
        try:
            entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            for name, expected in entry["dependencies"].items():
                if digest((spec_folder / name).read_bytes()) != expected:
                    return None
            return [_diagnostic(item, spec_file) for item in entry["diagnostics"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, diagnostics: list[Diagnostic], dependencies: dict[str, str], spec_file: str) -> None:
        """Store ``diagnostics`` under ``key``; failures to write are ignored (a cache is optional).

        Files are stored relative to the folder of ``spec_file`` (the root file as named).
        """
        folder = os.path.dirname(spec_file)
        entry = {
            "dependencies": dependencies,
            "diagnostics": [
                {
                    "file": "" if d.file == spec_file else os.path.relpath(d.file, folder or "."),
                    "rule": d.rule,
                    "severity": d.severity.value,
                    "message": d.message,
                    "pointer": d.pointer,
                    "line": d.line,
                    "column": d.column,
                }
                for d in diagnostics
            ],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entry, stream)
            os.replace(temp, self.folder / f"{key}.json")
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in entries[_KEEP:]:
            stale.unlink(missing_ok=True)


def _diagnostic(item: dict[str, Any], spec_file: str) -> Diagnostic:
    relative = str(item["file"])
    return Diagnostic(
        rule=str(item["rule"]),
        severity=Severity(item["severity"]),
        message=str(item["message"]),
        file=os.path.normpath(os.path.join(os.path.dirname(spec_file), relative)) if relative else spec_file,
        pointer=str(item["pointer"]),
        line=int(item["line"]),
        column=int(item["column"]),
    )
