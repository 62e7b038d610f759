"""SARIF 2.1.0 output: one run, every rule described (with its documentation page), one result
per finding.

Each rule carries its documentation page as ``help.markdown`` (the page under ``docs/rules/``,
shipped with specgen), so a SARIF viewer shows it without a link. ``helpUri`` must be an
absolute URI; specgen has no public documentation site, so it is written only when the
project names where it publishes the rule pages (``docs-url`` in ``[tool.specgen.lint]``).
``partialFingerprints`` hash the artifact, rule, pointer and message, so findings of
different files of one run never collide and a finding keeps its fingerprint when lines move.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from generator import __version__
from generator.diagnostics import Diagnostic, Severity
from generator.lint.registry import RULES, Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_pages() -> Path | None:
    """The folder of rule pages: shipped inside the package, or the source checkout's ``docs/rules``."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "docs" / "rules", package.parent / "docs" / "rules"):
        if candidate.is_dir():
            return candidate
    return None


@cache
def rule_page(rule_id: str) -> str | None:
    """The Markdown documentation page of ``rule_id``, when specgen's docs are present."""
    folder = rule_pages()
    if folder is None:
        return None
    try:
        return (folder / f"{rule_id}.md").read_text(encoding="utf-8")
    except OSError:
        return None


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


def fingerprint(uri: str, d: Diagnostic) -> str:
    """A stable identity of a finding: its file, rule, pointer and message (not its line)."""
    return hashlib.sha256(f"{uri}\0{d.rule}\0{d.pointer}\0{d.message}".encode()).hexdigest()[:32]


def _rule(rule: Rule, docs_url: str | None) -> dict[str, Any]:
    page = rule_page(rule.id)
    described: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "help": {"text": f"{rule.summary} See {rule.doc} in specgen's documentation."},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"family": rule.family},
    }
    if page is not None:
        described["help"]["markdown"] = page
    if docs_url:
        described["helpUri"] = docs_url.rstrip("/") + f"/{rule.id}.md"
    return described


def sarif(diagnostics: list[Diagnostic], spec_files: list[str], docs_url: str | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; every rule is listed in ``tool.driver.rules``.

    ``docs_url``: an absolute base URL where the rule pages are published (``helpUri``)."""
    index = {rule.id: position for position, rule in enumerate(RULES)}
    locations = {name: _artifact_location(name) for name in spec_files}
    results = []
    for d in diagnostics:
        if d.file not in locations:
            locations[d.file] = _artifact_location(d.file)  # another file of a split spec
        artifact = locations[d.file]
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if d.line:
            physical["region"] = {"startLine": d.line, "startColumn": max(d.column, 1)}
        results.append(
            {
                "ruleId": d.rule,
                "ruleIndex": index[d.rule],
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": physical,
                        "logicalLocations": [{"fullyQualifiedName": d.pointer or "/", "kind": "object"}],
                    }
                ],
                "partialFingerprints": {"specgenFinding/v2": fingerprint(artifact["uri"], d)},
                "properties": {"pointer": d.pointer},
            }
        )
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
                        "rules": [_rule(rule, docs_url) for rule in RULES],
                    }
                },
                "artifacts": [{"location": location} for location in locations.values()],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
