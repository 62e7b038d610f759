"""``docs/diff.md`` lists every kind of change with the severity and reason the code uses."""

from __future__ import annotations

import re
from pathlib import Path

from generator.diff.rules import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "diff.md"
ROW = re.compile(r"^\| `([^`]+)` \| (breaking|compatible|docs) \| (.+) \|$")


def test_classification_table_matches_rules() -> None:
    rows = [ROW.match(line) for line in DOC.read_text(encoding="utf-8").splitlines()]
    documented = [(m.group(1), m.group(2), m.group(3)) for m in rows if m]
    assert len(documented) == len({kind for kind, _, _ in documented}), "a kind is listed twice"
    assert {kind: (severity, why) for kind, severity, why in documented} == {
        kind: (rule.severity.value, rule.why) for kind, rule in RULES.items()
    }
