"""``specgen diff`` on the command line: exit codes, the three formats, unreadable input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Spec = dict[str, Any]
FORMATS = ("text", "json", "markdown")


@pytest.fixture
def pair(base: Callable[[], Spec], write_spec: Callable[[str, Spec], Path]) -> Callable[[str], tuple[Path, Path]]:
    """Two spec files: ``breaking`` (a response property removed), ``compatible`` (one added) or ``same``."""

    def make(kind: str) -> tuple[Path, Path]:
        new = base()
        props = new["components"]["schemas"]["Thing"]["properties"]
        if kind == "breaking":
            del props["name"]
        elif kind == "compatible":
            props["color"] = {"type": "string"}
            new["components"]["schemas"]["Thing"]["description"] = "Changed."
        return write_spec("old.yaml", base()), write_spec("new.yaml", new)

    return make


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("kind", "code"), [("breaking", 1), ("compatible", 0), ("same", 0)])
def test_exit_code(run_cli: Any, pair: Callable[[str], tuple[Path, Path]], fmt: str, kind: str, code: int) -> None:
    old, new = pair(kind)
    result = run_cli("diff", old, new, "--format", fmt)
    assert result.code == code, result.err
    assert result.err == ""


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", ["old", "new"])
@pytest.mark.parametrize(
    ("content", "contains"),
    [
        (None, "cannot read file"),
        ("openapi: [3.1.0\n", "invalid YAML"),
        ("info: {title: t, version: '1'}\n", "not an OpenAPI document"),
        ("openapi: 2.0.0\ninfo: {}\n", "unsupported OpenAPI version"),
    ],
)
def test_unreadable_input_exits_2(
    run_cli: Any,
    input_error: Any,
    pair: Callable[[str], tuple[Path, Path]],
    *,
    fmt: str,
    which: str,
    content: str | None,
    contains: str,
) -> None:
    old, new = pair("breaking")
    bad = old if which == "old" else new
    if content is None:
        bad.unlink()
    else:
        bad.write_text(content, encoding="utf-8")
    result = run_cli("diff", old, new, "--format", fmt)
    if content is None:
        input_error(result, bad, contains=contains)  # one line, no position, no traceback
    else:
        assert result.code == 2
        assert "Traceback" not in result.err
        assert len(result.err_lines) == 1, result.err
        assert result.err_lines[0].startswith(f"specgen: error: {bad}:")
        assert contains in result.err_lines[0]
    assert result.out == ""


def test_unreadable_input_exits_2_as_a_process(run_module: Any, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = run_module("diff", missing, missing)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.strip().splitlines() == [result.err.strip()]
    assert str(missing) in result.err


def test_json_format(run_cli: Any, pair: Callable[[str], tuple[Path, Path]]) -> None:
    old, new = pair("breaking")
    result = run_cli("diff", old, new, "--format", "json", "--no-api")
    document = json.loads(result.out)
    assert set(document) == {"old", "new", "changes", "summary"}
    assert document["summary"] == {"breaking": 2, "compatible": 0, "docs": 0}
    assert document["changes"] == [
        {
            "kind": "response-property-removed",
            "severity": "breaking",
            "pointer": "/components/schemas/Thing/properties/name",
            "side": "old",
            "operation": operation,
            "message": f"response 200 'name': removed (reached from {operation})",
        }
        for operation in ("createThing", "getThing")
    ]


def test_text_format(run_cli: Any, pair: Callable[[str], tuple[Path, Path]]) -> None:
    old, new = pair("compatible")
    lines = run_cli("diff", old, new, "--no-api").out.splitlines()
    assert lines[0] == "createThing"
    assert lines[1].startswith("  compatible response-property-added /components/schemas/Thing/properties/color: ")
    assert lines[2].startswith("  docs description-changed /components/schemas/Thing/description: ")
    assert lines[3] == "getThing"
    assert lines[-1] == "summary: 0 breaking, 2 compatible, 2 docs"


def test_text_format_without_changes(run_cli: Any, pair: Callable[[str], tuple[Path, Path]]) -> None:
    old, new = pair("same")
    assert run_cli("diff", old, new, "--no-api").out == "no changes\nsummary: 0 breaking, 0 compatible, 0 docs\n"


def test_markdown_format(run_cli: Any, pair: Callable[[str], tuple[Path, Path]]) -> None:
    old, new = pair("breaking")
    out = run_cli("diff", old, new, "--format", "markdown", "--no-api").out
    assert out.startswith("## API changes\n")
    assert "### Breaking changes (2)" in out
    assert "### Compatible changes (0)\n\nNone." in out
    assert "### Documentation changes (0)\n\nNone." in out
    row = "| `getThing` | `response-property-removed` | `/components/schemas/Thing/properties/name` (old) |"
    assert row in out
