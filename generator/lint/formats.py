"""Lint output: compiler-style text, JSON, SARIF 2.1.0 and GitHub workflow annotations."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from generator import __version__
from generator.diagnostics import Diagnostic, Severity
from generator.lint.registry import RULES

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(diagnostics: list[Diagnostic], fmt: str, spec_files: list[str]) -> str:
    """``diagnostics`` of ``spec_files`` in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "text":
        return text(diagnostics)
    if fmt == "json":
        return json.dumps(as_json(diagnostics, spec_files), indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif(diagnostics, spec_files), indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return github(diagnostics)
    raise ValueError(f"unknown format {fmt!r}")


def summary(diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """Counts: total, by severity (every severity present, zeros included), by rule."""
    by_severity = Counter(d.severity.value for d in diagnostics)
    return {
        "total": len(diagnostics),
        "by_severity": {level.value: by_severity.get(level.value, 0) for level in Severity},
        "by_rule": dict(sorted(Counter(d.rule for d in diagnostics).items())),
    }


def text(diagnostics: list[Diagnostic]) -> str:
    """``file:line:col severity rule-id message`` lines, then a count line; empty when clean."""
    if not diagnostics:
        return ""
    lines = [f"{d.file}:{d.line}:{d.column} {d.severity.value} {d.rule} {d.message}" for d in diagnostics]
    counts = summary(diagnostics)["by_severity"]
    parts = [f"{counts[level.value]} {_plural(level.value, counts[level.value])}" for level in Severity]
    lines.append(f"{len(diagnostics)} finding{'s' if len(diagnostics) != 1 else ''} ({', '.join(parts)})")
    return "\n".join(lines) + "\n"


def _plural(word: str, count: int) -> str:
    return word if count == 1 or word == "info" else word + "s"


def as_json(diagnostics: list[Diagnostic], spec_files: list[str]) -> dict[str, Any]:
    """The JSON report: the file, every diagnostic, and the summary (for several files:
    ``files``, and each diagnostic names its ``file``)."""
    several = len(spec_files) != 1
    items = []
    for d in diagnostics:
        item: dict[str, Any] = {"file": d.file} if several else {}
        item.update(
            rule=d.rule, severity=d.severity.value, message=d.message, pointer=d.pointer, line=d.line, column=d.column
        )
        items.append(item)
    head: dict[str, Any] = {"files": spec_files} if several else {"file": spec_files[0]}
    return {**head, "diagnostics": items, "summary": summary(diagnostics)}


def artifact_uri(spec_file: str) -> tuple[str, bool]:
    """The spec's URI for SARIF: relative to the working directory when possible (True), else a file URI."""
    path = Path(spec_file)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix(), True
    except ValueError:
        return path.resolve().as_uri(), False


def _artifact_location(spec_file: str) -> dict[str, Any]:
    uri, relative = artifact_uri(spec_file)
    return {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}


def sarif(diagnostics: list[Diagnostic], spec_files: list[str]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; every rule is listed in ``tool.driver.rules``."""
    index = {rule.id: position for position, rule in enumerate(RULES)}
    locations = {name: _artifact_location(name) for name in spec_files}
    results = []
    for d in diagnostics:
        physical: dict[str, Any] = {"artifactLocation": locations.get(d.file) or _artifact_location(d.file)}
        if d.line:
            physical["region"] = {"startLine": d.line, "startColumn": max(d.column, 1)}
        fingerprint = hashlib.sha256(f"{d.rule}\0{d.pointer}\0{d.message}".encode()).hexdigest()[:32]
        results.append(
            {
                "ruleId": d.rule,
                "ruleIndex": index[d.rule],
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": physical,
                        "logicalLocations": [{"fullyQualifiedName": d.pointer or "/", "kind": "object"}],
                    }
                ],
                "partialFingerprints": {"specgenPointer/v1": fingerprint},
                "properties": {"pointer": d.pointer},
            }
        )
    rules = [
        {
            "id": rule.id,
            "name": rule.id,
            "shortDescription": {"text": rule.summary},
            "helpUri": rule.doc,
            "help": {"text": f"{rule.summary} See {rule.doc}."},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"family": rule.family},
        }
        for rule in RULES
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "specgen",
                        "version": __version__,
                        "informationUri": "https://spec.openapis.org/oas/latest.html",
                        "rules": rules,
                    }
                },
                "artifacts": [{"location": locations[name]} for name in spec_files],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands, one ``::error``/``::warning``/``::notice`` per finding."""
    lines = []
    for d in diagnostics:
        properties = [f"file={_escape_property(d.file)}"]
        if d.line:
            properties += [f"line={d.line}", f"col={d.column}"]
        properties.append(f"title={_escape_property(d.rule)}")
        where = f" ({d.pointer})" if d.pointer else ""
        lines.append(f"::{_GITHUB_COMMAND[d.severity]} {','.join(properties)}::{_escape_data(d.message + where)}")
    return "".join(line + "\n" for line in lines)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
