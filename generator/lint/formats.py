"""Lint output: compiler-style text, JSON, SARIF 2.1.0 (:mod:`.sarif`) and GitHub annotations.

Text is for people: findings that say the same thing (same rule, severity and message) are
printed once, at their first place, with the count and lines of the others; control characters
in messages are escaped so a finding is always one line; a summary counts findings per rule.
JSON, SARIF and GitHub annotations list every finding.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.lint.sarif import sarif

FORMATS = ("text", "json", "sarif", "github")
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_SHOWN_PLACES = 5


def render(diagnostics: list[Diagnostic], fmt: str, spec_files: list[str], docs_url: str | None = None) -> str:
    """``diagnostics`` of ``spec_files`` in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "text":
        return text(diagnostics)
    if fmt == "json":
        return json.dumps(as_json(diagnostics, spec_files), indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif(diagnostics, spec_files, docs_url), indent=2, ensure_ascii=False) + "\n"
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


def one_line(message: str) -> str:
    """``message`` with line breaks and other control characters escaped (``\\n``)."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], message)


def text(diagnostics: list[Diagnostic]) -> str:
    """``file:line:col severity rule-id message`` lines (identical findings grouped), then counts
    per rule and a total line; empty when clean."""
    if not diagnostics:
        return ""
    groups: dict[tuple[str, Severity, str], list[Diagnostic]] = {}
    for d in diagnostics:
        groups.setdefault((d.rule, d.severity, d.message), []).append(d)
    lines = []
    for d in diagnostics:
        group = groups[(d.rule, d.severity, d.message)]
        if group[0] is not d:
            continue
        lines.append(f"{d.file}:{d.line}:{d.column} {d.severity.value} {d.rule} {one_line(d.message)}{_others(group)}")
    by_rule = Counter((d.rule, d.severity.value) for d in diagnostics)
    width = len(str(max(by_rule.values())))
    lines.append("")
    for (rule, level), count in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"{count:>{width}} {rule} ({level})")
    counts = summary(diagnostics)["by_severity"]
    parts = [f"{counts[level.value]} {_plural(level.value, counts[level.value])}" for level in Severity]
    lines.append(f"{len(diagnostics)} finding{'s' if len(diagnostics) != 1 else ''} ({', '.join(parts)})")
    return "\n".join(lines) + "\n"


def _others(group: list[Diagnostic]) -> str:
    """`` [and 3 more: lines 40, 77, other.yaml:12]`` for a finding repeated elsewhere."""
    if len(group) == 1:
        return ""
    first = group[0]
    places = [str(d.line) if d.file == first.file else f"{d.file}:{d.line}" for d in group[1 : 1 + _SHOWN_PLACES]]
    tail = ", …" if len(group) - 1 > _SHOWN_PLACES else ""
    return f" [and {len(group) - 1} more: line{'s' if len(group) > 2 else ''} {', '.join(places)}{tail}]"


def _plural(word: str, count: int) -> str:
    return word if count == 1 or word == "info" else word + "s"


def as_json(diagnostics: list[Diagnostic], spec_files: list[str]) -> dict[str, Any]:
    """The JSON report: the spec file(s), every diagnostic (each names the file its text is in,
    which for a spec split over files may be another file than the one linted), and the summary."""
    items = [
        {
            "file": d.file,
            "rule": d.rule,
            "severity": d.severity.value,
            "message": d.message,
            "pointer": d.pointer,
            "line": d.line,
            "column": d.column,
        }
        for d in diagnostics
    ]
    head: dict[str, Any] = {"files": spec_files} if len(spec_files) != 1 else {"file": spec_files[0]}
    return {**head, "diagnostics": items, "summary": summary(diagnostics)}


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
