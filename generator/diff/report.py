"""Render changes as text, JSON or a Markdown changelog section (changes already in report order)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from generator.diff.model import Change, Severity, summarize

if TYPE_CHECKING:
    from generator.diff.api import ApiComparison

DOCUMENT = "(document)"
_HEADINGS = {
    Severity.BREAKING: "Breaking changes",
    Severity.COMPATIBLE: "Compatible changes",
    Severity.DOCS: "Documentation changes",
}


def summary_line(changes: list[Change]) -> str:
    """E.g. ``summary: 1 breaking, 2 compatible, 0 docs``."""
    counts = summarize(changes)
    return "summary: " + ", ".join(f"{counts[s.value]} {s.value}" for s in Severity)


def render_text(changes: list[Change]) -> str:
    """One line per change (``severity kind pointer: message``) under its operation, then the summary."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.operation or DOCUMENT, []).append(change)
    lines: list[str] = []
    for name in sorted(groups, key=lambda group: (group != DOCUMENT, group)):
        lines.append(name)
        lines.extend(f"  {c.severity.value} {c.kind} {c.pointer or '(root)'}: {c.message}" for c in groups[name])
    if not changes:
        lines.append("no changes")
    lines.append(summary_line(changes))
    return "\n".join(lines) + "\n"


def render_json(changes: list[Change], old: str, new: str) -> str:
    """``{"old", "new", "changes": [...], "summary": {"breaking": n, "compatible": n, "docs": n}}``."""
    document = {
        "old": old,
        "new": new,
        "changes": [change.to_json() for change in changes],
        "summary": summarize(changes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(changes: list[Change], old: str, new: str) -> str:
    """A changelog section: counts, then one table per severity."""
    counts = summarize(changes)
    lines = [
        "## API changes",
        "",
        f"From `{_cell(old)}` to `{_cell(new)}`: " + ", ".join(f"{counts[s.value]} {s.value}" for s in Severity) + ".",
    ]
    for severity in Severity:
        chosen = [change for change in changes if change.severity is severity]
        lines += ["", f"### {_HEADINGS[severity]} ({len(chosen)})", ""]
        if not chosen:
            lines.append("None.")
            continue
        lines += ["| operation | kind | pointer | change |", "|---|---|---|---|"]
        for change in chosen:
            operation = f"`{_cell(change.operation)}`" if change.operation else DOCUMENT
            pointer = f"`{_cell(change.pointer or '(root)')}`" + (" (old)" if change.side == "old" else "")
            lines.append(f"| {operation} | `{change.kind}` | {pointer} | {_cell(change.message)} |")
    return "\n".join(lines) + "\n"


def render(changes: list[Change], fmt: str, old: str, new: str, api: ApiComparison | None = None) -> str:
    """The report in ``fmt`` (text, json or markdown); with ``api``, the Python API comparison too."""
    from generator.diff.api_report import api_json, api_markdown, api_text

    if fmt == "json":
        if api is None:
            return render_json(changes, old, new)
        document = {**json.loads(render_json(changes, old, new)), **api_json(api)}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_markdown(changes, old, new) + ("" if api is None else "\n" + api_markdown(api))
    return render_text(changes) + ("" if api is None else api_text(api))
