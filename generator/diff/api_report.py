"""Render an :class:`~generator.diff.api.ApiComparison` as text, Markdown or JSON members."""

from __future__ import annotations

from typing import Any

from generator.diff.api import ApiChange, ApiComparison
from generator.diff.model import Severity

_HEADINGS = {
    Severity.BREAKING: "Breaking API changes",
    Severity.COMPATIBLE: "Compatible API changes",
    Severity.DOCS: "Documentation API changes",
}


def api_counts(changes: tuple[ApiChange, ...] | list[ApiChange]) -> dict[str, int]:
    """Count of API changes per severity, every severity present."""
    counts = {severity.value: 0 for severity in Severity}
    for change in changes:
        counts[change.severity.value] += 1
    return counts


def counts_text(changes: tuple[ApiChange, ...] | list[ApiChange]) -> str:
    """``1 breaking, 2 compatible, 0 docs``."""
    counts = api_counts(changes)
    return ", ".join(f"{counts[s.value]} {s.value}" for s in Severity)


def api_text(api: ApiComparison) -> str:
    """The text block printed after the spec-level summary line."""
    if api.skipped:
        return f"api: skipped ({api.skipped})\n"
    lines = [f"api {api.package}" + ("" if api.changes else ": no changes")]
    lines.extend(f"  {c.severity.value} {c.kind} {c.symbol}: {c.message}" for c in api.changes)
    lines.append(f"api summary: {counts_text(api.changes)}")
    return "\n".join(lines) + "\n"


def markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def api_table(changes: list[ApiChange]) -> list[str]:
    """Markdown table lines (``| symbol | kind | change |``) for ``changes``."""
    lines = ["| symbol | kind | change |", "|---|---|---|"]
    lines.extend(f"| `{markdown_cell(c.symbol)}` | `{c.kind}` | {markdown_cell(c.message)} |" for c in changes)
    return lines


def api_markdown(api: ApiComparison) -> str:
    """A ``## Python API changes`` section: counts, then one table per severity."""
    lines = ["## Python API changes", ""]
    if api.skipped:
        lines.append(f"Skipped: {markdown_cell(api.skipped)}.")
        return "\n".join(lines) + "\n"
    lines.append(f"Package `{api.package}`: {counts_text(api.changes)}.")
    for severity in Severity:
        chosen = [change for change in api.changes if change.severity is severity]
        lines += ["", f"### {_HEADINGS[severity]} ({len(chosen)})", ""]
        lines += api_table(chosen) if chosen else ["None."]
    return "\n".join(lines) + "\n"


def api_json(api: ApiComparison) -> dict[str, Any]:
    """The members added to ``specgen diff --format json``: api, api_summary, api_package, api_skipped."""
    return {
        "api": [change.to_json() for change in api.changes],
        "api_summary": api_counts(api.changes),
        "api_package": api.package,
        "api_skipped": api.skipped,
    }
