"""The Markdown changelog entry and the summary lines that ``specgen update`` prints.

Deterministic: no dates or absolute paths, only what the inputs say. Sections: a title naming
the upstream file and its sha256 prefix, a verdict (a loud BREAKING banner when any spec or
Python API change is breaking), counts, then Breaking / Compatible / Docs (spec changes and
API changes), Lint, Generation notes and the files the update writes.
"""

from __future__ import annotations

from generator.diagnostics import Severity as LintSeverity
from generator.diff.api_report import api_table, counts_text, markdown_cell
from generator.diff.model import Change, Severity, summarize
from generator.diff.report import summary_line
from generator.update import DIGEST_PREFIX, Update

_TITLES = {Severity.BREAKING: "Breaking", Severity.COMPATIBLE: "Compatible", Severity.DOCS: "Docs"}


def render_entry(update: Update) -> str:
    """The changelog entry for ``update`` (Markdown, ending with a newline)."""
    t = update.targets
    sha = update.upstream_digest[:DIGEST_PREFIX]
    version = f", info.version {update.info_version}" if update.info_version else ""
    lines = [
        f"## Upstream update: {update.upstream.name} (sha256 {sha})",
        "",
        f"`{update.upstream.name}` (sha256 `{sha}`{version}): {len(t.operations)} operation(s) extracted into "
        f"`{t.shown(t.fragment)}`, normalized with `{t.shown(t.overlay)}` ({update.overlay_actions} actions) "
        f"into `{t.shown(t.normalized)}`, compared with the committed `{t.shown(t.normalized)}` and "
        f"`{t.shown(t.out)}/{t.package}`.",
        "",
        *_verdict(update),
        "",
        "| | breaking | compatible | docs |",
        "|---|---|---|---|",
        _count_row("spec", summarize(update.changes)),
        _api_row(update),
    ]
    for severity in Severity:
        lines += ["", f"### {_TITLES[severity]}", ""]
        lines += _section(update, severity)
    lines += ["", "### Lint", ""]
    lines += _lint(update)
    if update.generation:
        lines += ["", "### Generation", ""]
        lines += [f"- {markdown_cell(str(d))}" for d in update.generation]
    lines += ["", "### Files", "", "| file | status |", "|---|---|"]
    lines += [f"| `{path}` | {status} |" for path, status in update.file_status().items()]
    return "\n".join(lines) + "\n"


def _verdict(update: Update) -> list[str]:
    spec = summarize(update.changes)[Severity.BREAKING.value]
    api = sum(1 for c in update.api.changes if c.severity is Severity.BREAKING) if update.api else 0
    if spec or api:
        return [
            f"> **BREAKING**: {spec} breaking spec change(s) and {api} breaking Python API change(s): "
            "code written against the current client may fail after this update."
        ]
    return ["No breaking changes."]


def _count_row(label: str, counts: dict[str, int]) -> str:
    return f"| {label} | " + " | ".join(str(counts[s.value]) for s in Severity) + " |"


def _api_row(update: Update) -> str:
    api = update.api
    if api is None or api.skipped:
        reason = api.skipped if api is not None else "not compared"
        return f"| Python API | skipped: {markdown_cell(reason)} | | |"
    counts = {s.value: sum(1 for c in api.changes if c.severity is s) for s in Severity}
    return _count_row("Python API", counts)


def _section(update: Update, severity: Severity) -> list[str]:
    spec = [change for change in update.changes if change.severity is severity]
    lines = ["Spec: none." if not spec else "Spec:"]
    if spec:
        lines += ["", *_spec_table(spec)]
    if update.api is None or update.api.skipped:
        return lines
    api = [change for change in update.api.changes if change.severity is severity]
    lines += ["", "Python API: none." if not api else "Python API:"]
    if api:
        lines += ["", *api_table(api)]
    return lines


def _spec_table(changes: list[Change]) -> list[str]:
    lines = ["| operation | kind | pointer | change |", "|---|---|---|---|"]
    for change in changes:
        operation = f"`{markdown_cell(change.operation)}`" if change.operation else "(document)"
        pointer = f"`{markdown_cell(change.pointer or '(root)')}`" + (" (old)" if change.side == "old" else "")
        lines.append(f"| {operation} | `{change.kind}` | {pointer} | {markdown_cell(change.message)} |")
    return lines


def lint_counts(update: Update) -> str:
    """``0 errors, 3 warnings, 1 info``."""
    lint = update.lint
    return (
        f"{lint.count(LintSeverity.ERROR)} error(s), {lint.count(LintSeverity.WARNING)} warning(s), "
        f"{lint.count(LintSeverity.INFO)} info"
    )


def _lint(update: Update) -> list[str]:
    t = update.targets
    lines = [f"`{t.shown(t.normalized)}`: {markdown_cell(lint_counts(update))}."]
    if update.lint.diagnostics:
        lines += ["", "| severity | rule | place | finding |", "|---|---|---|---|"]
        lines += [
            f"| {d.severity.value} | `{d.rule}` | `{d.place}` | {markdown_cell(d.message)} |"
            for d in update.lint.diagnostics
        ]
    return lines


def summary_lines(update: Update) -> str:
    """The diff summary printed after the entry: spec, API and lint counts."""
    api = update.api
    if api is None:
        api_line = "api summary: not compared"
    elif api.skipped:
        api_line = f"api summary: skipped ({api.skipped})"
    else:
        api_line = f"api summary: {counts_text(api.changes)}"
    return "\n".join([summary_line(update.changes), api_line, f"lint: {lint_counts(update)}"]) + "\n"
