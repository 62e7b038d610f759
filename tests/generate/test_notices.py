"""Generation notices are registered and documented like lint rules: every id the generator reports is
in generator/ir/notices.py with one severity, each has its row in docs/notices.md, and none but
``specgen-extension`` (the same problems) shares an id with a lint rule."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.diagnostics import Severity
from generator.ir.notices import NOTICES, notice
from generator.lint.registry import RULES
from generator.spec.load import load_spec

ROOT = Path(__file__).resolve().parents[2]
_REPORTERS = {"warn": Severity.WARNING, "note": Severity.INFO, "note_once": Severity.INFO}
_ID = re.compile(r"[a-z]+(-[a-z0-9]+)+")


def _reported() -> dict[str, set[Severity]]:
    """Ids passed as literals to the generator's reporters (``warn``, ``note``), with their severities."""
    found: dict[str, set[Severity]] = {}
    for path in (ROOT / "generator").rglob("*.py"):
        if {"lint", "diff", "runtime"} & set(path.relative_to(ROOT / "generator").parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in _REPORTERS:
                continue
            severity = _REPORTERS[name]
            for keyword in node.args[3:] + [k.value for k in node.keywords if k.arg == "severity"]:
                if isinstance(keyword, ast.Attribute) and keyword.attr in Severity.__members__:
                    severity = Severity[keyword.attr]
            for argument in node.args[:3]:
                if (
                    isinstance(argument, ast.Constant)
                    and isinstance(argument.value, str)
                    and _ID.fullmatch(argument.value)
                ):
                    found.setdefault(argument.value, set()).add(severity)
    return found


def test_every_reported_id_is_registered_with_its_severity() -> None:
    reported = _reported()
    assert len(reported) >= 20  # the scan finds the reporters
    for rule, severities in sorted(reported.items()):
        assert rule in NOTICES, f"{rule} is reported but not registered"
        assert severities == {NOTICES[rule].severity}, rule
    assert set(NOTICES) == set(reported), "registered but never reported"


def test_every_notice_is_documented() -> None:
    text = (ROOT / "docs" / "notices.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\w+) \| (.+) \|$", text, re.MULTILINE)
    assert [(rule, severity) for rule, severity, _ in rows] == [(n.id, n.severity.value) for n in NOTICES.values()]
    assert [summary for _, _, summary in rows] == [n.summary for n in NOTICES.values()]


def test_only_specgen_extension_is_also_a_lint_rule() -> None:
    assert set(NOTICES) & {rule.id for rule in RULES} == {"specgen-extension"}


def test_an_unregistered_notice_is_a_bug() -> None:
    spec = load_spec(ROOT / "spec" / "file_batches.yaml")
    with pytest.raises(ValueError, match="not registered"):
        notice(spec, "made-up", Severity.WARNING, "x", "/info")
    with pytest.raises(ValueError, match="not registered"):
        notice(spec, "servers-missing", Severity.WARNING, "x", "/info")  # registered as info
    assert notice(spec, "servers-missing", Severity.INFO, "x", "/info").rule == "servers-missing"
