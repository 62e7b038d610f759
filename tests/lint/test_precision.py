"""Precision of every lint rule on real specs nobody here wrote, from judged findings.

A rule that reports at warning or error by default must be right (judged ``true``) in at least
90% of its judged findings on the corpus, with at least 10 of them judged (or all, when it has
fewer), matched to its current findings: a changed rule cannot escape by moving its pointers.
Findings judged ``true`` must still be reported. See :mod:`tests.lint.judged_corpus`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.lint.registry import BY_ID
from tests.lint.judged_corpus import (
    JUDGED,
    THRESHOLD,
    VERDICTS,
    Judgement,
    RulePrecision,
    corpus_findings,
    load_judgements,
    matched,
    precision_by_rule,
    table,
)
from tests.real.corpus import RealSpec, real_specs

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def findings() -> dict[RealSpec, tuple[Diagnostic, ...]]:
    return corpus_findings()


@pytest.fixture(scope="module")
def judgements() -> list[Judgement]:
    return load_judgements()


@pytest.fixture(scope="module")
def rows(judgements: list[Judgement], findings: dict[RealSpec, tuple[Diagnostic, ...]]) -> dict[str, RulePrecision]:
    return {row.rule: row for row in precision_by_rule(judgements, findings)}


def test_judgements_are_well_formed(judgements: list[Judgement]) -> None:
    names = {spec.name for spec in real_specs()}
    assert {path.stem for path in JUDGED.glob("*.yaml")} <= names
    keys = set()
    for judgement in judgements:
        assert judgement.rule in BY_ID, judgement
        assert judgement.verdict in VERDICTS, judgement
        assert judgement.why.strip() and "\n" not in judgement.why, judgement
        assert judgement.pointer == "" or judgement.pointer.startswith("/"), judgement
        key = (judgement.spec, judgement.rule, judgement.file, judgement.pointer, judgement.says)
        assert key not in keys, f"judged twice: {key}"
        keys.add(key)


def test_each_judgement_names_one_finding_at_most(
    judgements: list[Judgement], findings: dict[RealSpec, tuple[Diagnostic, ...]]
) -> None:
    ambiguous = [(j.spec, j.rule, j.pointer) for j, hits in matched(judgements, findings) if len(hits) > 1]
    assert not ambiguous, f"add `says` to tell these apart: {ambiguous[:5]}"


@pytest.mark.parametrize("rule", sorted(r for r, rule in BY_ID.items() if rule.severity is not Severity.INFO))
def test_rules_reporting_at_warning_or_error_are_precise(rule: str, rows: dict[str, RulePrecision]) -> None:
    row = rows.get(rule)
    if row is None or row.findings == 0:
        return  # no finding on the corpus: nothing to be imprecise about (its rule data tests it)
    assert row.judged >= row.needed, (
        f"{rule}: {row.findings} findings on the corpus but only {row.judged} judged ones match them "
        f"(need {row.needed}); judge more: python -m tests.lint.judged_corpus {rule}"
    )
    assert row.precision is not None and row.precision >= THRESHOLD, (
        f"{rule}: precision {row.precision:.0%} ({dict(row.verdicts)}) is under {THRESHOLD:.0%}; fix the rule or "
        "demote it to info (and say so in docs/rules/precision.md)"
    )


def test_findings_judged_true_are_still_reported(
    judgements: list[Judgement], findings: dict[RealSpec, tuple[Diagnostic, ...]]
) -> None:
    lost = [
        (j.spec, j.rule, j.pointer) for j, hits in matched(judgements, findings) if j.verdict == "true" and not hits
    ]
    assert not lost, f"{len(lost)} findings judged true are no longer reported: {lost[:5]}"


def test_the_precision_page_shows_the_current_numbers(
    judgements: list[Judgement], findings: dict[RealSpec, tuple[Diagnostic, ...]]
) -> None:
    page = (REPO / "docs" / "rules" / "precision.md").read_text(encoding="utf-8")
    assert (
        table(precision_by_rule(judgements, findings)) in page
    ), "docs/rules/precision.md is stale: paste the table of `python -m tests.lint.judged_corpus`"
