"""Every rule: a spec that triggers it (at exactly the expected pointers) and one that does not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.diagnostics import Severity
from generator.lint import LintOptions, lint_file
from generator.lint.registry import BY_ID, FAMILIES, RULES
from generator.spec.load import load_spec

pytestmark = pytest.mark.usefixtures("no_network")

RULE_DATA = Path(__file__).resolve().parents[1] / "data" / "lint" / "rules"
REPO = Path(__file__).resolve().parents[2]


def rule_ids() -> list[str]:
    return sorted(p.name for p in RULE_DATA.iterdir() if p.is_dir())


def test_every_rule_has_test_data_and_a_page() -> None:
    assert rule_ids() == sorted(BY_ID)
    pages = {p.stem for p in (REPO / "docs" / "rules").glob("*.md")} - {"README", "precision"}
    assert pages == set(BY_ID)
    index = (REPO / "docs" / "rules" / "README.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\[`([A-Za-z0-9-]+)`\]", index)) == set(BY_ID)


@pytest.mark.parametrize("rule", [r.id for r in RULES])
def test_rule_page_has_the_sections(rule: str) -> None:
    page = (REPO / BY_ID[rule].doc).read_text(encoding="utf-8")
    for heading in ("## What it catches", "## Why it matters", "## Example", "## How to fix"):
        assert heading in page, (rule, heading)
    assert f"Default severity: **{BY_ID[rule].severity.value}**" in page


def test_registry_is_consistent() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-zA-Z0-9]+)*", i) for i in ids)
    assert {r.family for r in RULES} == set(FAMILIES)
    for family in FAMILIES:
        module = __import__(f"generator.lint.rules.{family}", fromlist=["check"])
        assert callable(module.check)


@pytest.mark.parametrize("rule", rule_ids())
def test_rule_triggers_at_the_expected_pointers(rule: str) -> None:
    path = RULE_DATA / rule / "bad.yaml"
    expected = load_spec(path).data["x-lint-expect"]
    found = [d for d in lint_file(path) if d.rule == rule]
    assert sorted(d.pointer for d in found) == sorted(expected), [str(d) for d in found]
    for diagnostic in found:
        assert diagnostic.severity is BY_ID[rule].severity
        assert diagnostic.line > 0 and diagnostic.column > 0
        assert diagnostic.message and "\n" not in diagnostic.message


@pytest.mark.parametrize("rule", rule_ids())
def test_rule_is_silent_on_the_fixed_spec(rule: str) -> None:
    found = lint_file(RULE_DATA / rule / "good.yaml")
    assert found == [], [str(d) for d in found]


@pytest.mark.parametrize("rule", rule_ids())
def test_selecting_only_the_rule_reports_only_it(rule: str) -> None:
    found = lint_file(RULE_DATA / rule / "bad.yaml", LintOptions(select=(rule,)))
    assert found and {d.rule for d in found} == {rule}
    assert lint_file(RULE_DATA / rule / "bad.yaml", LintOptions(ignore=(rule,), select=(rule, "oas-schema"))) == []


def test_clean_spec_has_no_findings(lint_data: Path) -> None:
    assert lint_file(lint_data / "clean.yaml") == []


def test_severity_override_and_off() -> None:
    path = RULE_DATA / "format-unknown" / "bad.yaml"
    raised = lint_file(path, LintOptions(severity={"format-unknown": "error"}))
    assert [d.severity for d in raised if d.rule == "format-unknown"] == [Severity.ERROR]
    assert not [
        d for d in lint_file(path, LintOptions(severity={"format-unknown": "off"})) if d.rule == "format-unknown"
    ]


def test_patterns_select_families() -> None:
    enabled, _ = LintOptions(select=("sample-*",), ignore=("sample-curl-*",)).resolve()
    assert enabled == {r.id for r in RULES if r.id.startswith("sample-") and not r.id.startswith("sample-curl-")}
