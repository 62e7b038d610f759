"""Judged lint findings on the real-spec corpus, and the precision of each rule they give.

``tests/lint/judged/<spec>.yaml`` holds, for one spec of ``../shared/real-specs``, findings of
``specgen lint`` (default rules and severities) that were opened at their line and judged by hand:
``true`` (a careful spec author would want it), ``false`` (wrong) or ``noise`` (correct but
worthless; counts against precision), each with one line of why. An entry names its finding by
rule, JSON pointer, file (relative to the spec's root file, when the text is in another file of a
split spec) and, when one pointer has several findings of the rule, ``says``: a piece of the
message. ``judged/README.md`` says how to add judgements.

Run ``python -m tests.lint.judged_corpus`` for the precision table (the one in
``docs/rules/precision.md``) and ``python -m tests.lint.judged_corpus RULE`` to list the findings
of a rule that no judgement matches yet.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic, Severity
from generator.lint.registry import BY_ID, RULES
from tests.real.corpus import RealSpec, lint_real, real_specs

JUDGED = Path(__file__).resolve().parent / "judged"
VERDICTS = ("true", "false", "noise")
THRESHOLD = 0.9
SAMPLE = 10  # judged findings needed per rule (or all of them, when fewer)


@dataclass(frozen=True)
class Judgement:
    """One judged finding."""

    spec: str
    rule: str
    pointer: str
    file: str
    says: str
    verdict: str
    why: str

    def matches(self, spec: RealSpec, finding: Diagnostic) -> bool:
        """Whether ``finding`` (of ``spec``) is the finding this judgement is about."""
        return (
            finding.rule == self.rule
            and finding.pointer == self.pointer
            and relative_file(spec, finding) == self.file
            and self.says in finding.message
        )


def relative_file(spec: RealSpec, finding: Diagnostic) -> str:
    """The finding's file relative to the spec's root file's folder ("" for the root file)."""
    path = Path(finding.file).resolve()
    if path == spec.path.resolve():
        return ""
    return os.path.relpath(path, spec.path.parent.resolve())


def load_judgements() -> list[Judgement]:
    """Every judgement of ``judged/*.yaml``, in file order."""
    found = []
    for path in sorted(JUDGED.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            verdict = entry["verdict"]
            verdict = {True: "true", False: "false"}.get(verdict, verdict)
            found.append(
                Judgement(
                    spec=path.stem,
                    rule=entry["rule"],
                    pointer=entry["pointer"],
                    file=entry.get("file", ""),
                    says=entry.get("says", ""),
                    verdict=str(verdict),
                    why=entry.get("why", ""),
                )
            )
    return found


@dataclass(frozen=True)
class RulePrecision:
    """One rule on the corpus: its findings, the judgements matching them, and their verdicts."""

    rule: str
    severity: Severity
    findings: int
    specs: int
    verdicts: Counter[str]

    @property
    def judged(self) -> int:
        return sum(self.verdicts.values())

    @property
    def precision(self) -> float | None:
        return self.verdicts["true"] / self.judged if self.judged else None

    @property
    def needed(self) -> int:
        """How many judged findings the rule needs: :data:`SAMPLE`, or all when fewer."""
        return min(SAMPLE, self.findings)


def corpus_findings() -> dict[RealSpec, tuple[Diagnostic, ...]]:
    """The default lint findings of every spec of the corpus."""
    return {spec: lint_real(spec) for spec in real_specs()}


def matched(
    judgements: list[Judgement], findings: dict[RealSpec, tuple[Diagnostic, ...]]
) -> list[tuple[Judgement, list[Diagnostic]]]:
    """Each judgement with the current findings it matches (none when the finding went away)."""
    by_name = {spec.name: spec for spec in findings}
    result = []
    for judgement in judgements:
        spec = by_name[judgement.spec]
        result.append((judgement, [f for f in findings[spec] if judgement.matches(spec, f)]))
    return result


def precision_by_rule(
    judgements: list[Judgement], findings: dict[RealSpec, tuple[Diagnostic, ...]]
) -> list[RulePrecision]:
    """Per rule with findings or judgements: counts over the corpus and verdicts of the matched judgements."""
    counts: Counter[str] = Counter()
    specs: dict[str, set[str]] = {}
    for spec, found in findings.items():
        for finding in found:
            counts[finding.rule] += 1
            specs.setdefault(finding.rule, set()).add(spec.name)
    verdicts: dict[str, Counter[str]] = {}
    for judgement, hits in matched(judgements, findings):
        if hits:
            verdicts.setdefault(judgement.rule, Counter())[judgement.verdict] += 1
    rows = []
    for rule in RULES:
        if counts[rule.id] or rule.id in verdicts:
            rows.append(
                RulePrecision(
                    rule.id,
                    rule.severity,
                    counts[rule.id],
                    len(specs.get(rule.id, ())),
                    verdicts.get(rule.id, Counter()),
                )
            )
    return rows


def table(rows: list[RulePrecision]) -> str:
    """The Markdown table of ``docs/rules/precision.md``."""
    lines = [
        "| rule | severity | findings | specs | judged | true | false | noise | precision |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (-r.severity.rank, -r.findings, r.rule)):
        shown = f"{row.precision:.0%}" if row.precision is not None else "-"
        lines.append(
            f"| [`{row.rule}`]({row.rule}.md) | {row.severity.value} | {row.findings} | {row.specs} | {row.judged} | "
            f"{row.verdicts['true']} | {row.verdicts['false']} | {row.verdicts['noise']} | {shown} |"
        )
    return "\n".join(lines) + "\n"


def unjudged(rule: str) -> list[tuple[str, Diagnostic]]:
    """Findings of ``rule`` on the corpus that no judgement matches: (spec name, finding)."""
    findings = corpus_findings()
    judgements = [j for j in load_judgements() if j.rule == rule]
    by_name = {spec.name: spec for spec in findings}
    left = []
    for spec, found in findings.items():
        for finding in found:
            if finding.rule == rule and not any(
                j.spec == spec.name and j.matches(by_name[j.spec], finding) for j in judgements
            ):
                left.append((spec.name, finding))
    return left


def main(argv: list[str]) -> int:
    """Print the precision table, or the unjudged findings of the rules named."""
    if not argv:
        sys.stdout.write(table(precision_by_rule(load_judgements(), corpus_findings())))
        return 0
    for rule in argv:
        if rule not in BY_ID:
            raise SystemExit(f"unknown rule {rule!r}")
        for name, finding in unjudged(rule):
            print(f"{name}\t{finding.pointer}\t{finding.file}:{finding.line}\t{finding.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
