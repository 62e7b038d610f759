"""`specgen lint` on the command line: output formats, snapshots, exit codes, options, config."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.lint.registry import BY_ID

pytestmark = pytest.mark.usefixtures("no_network")

FRAGMENT = "spec/upstream/file_batches.yaml"
NORMALIZED = "spec/file_batches.yaml"
TEXT_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+) (?P<severity>error|warning|info) (?P<rule>\S+) (?P<message>.+)$"
)


def test_text_snapshot_of_the_upstream_fragment(
    run_cli: Callable[..., Any], snapshot: Callable[[str, str], None]
) -> None:
    result = run_cli("lint", FRAGMENT, "--no-cache")
    assert result.code == 1
    assert result.err == ""
    snapshot("upstream-fragment.txt", result.out)


def test_text_snapshot_of_every_rule(
    run_cli: Callable[..., Any], snapshot: Callable[[str, str], None], rule_cases: list[Path], repo_root: Path
) -> None:
    outputs = []
    for case in rule_cases:
        path = (case / "bad.yaml").relative_to(repo_root)
        result = run_cli("lint", path, "--no-cache", "--fail-on", "info")
        assert result.code == 1, path
        outputs.append(f"$ specgen lint {path.as_posix()}\n{result.out}")
    snapshot("rules-bad.txt", "\n".join(outputs))


def text_parts(out: str) -> tuple[list[str], list[str], str]:
    """The finding lines, the per-rule count lines and the total line of a text report."""
    findings, _, rest = out.partition("\n\n")
    *counts, total = rest.splitlines()
    return findings.splitlines(), counts, total


def test_text_lines_are_compiler_style_and_sorted(run_cli: Callable[..., Any]) -> None:
    findings, counts, summary = text_parts(run_cli("lint", FRAGMENT, "--no-cache").out)
    parsed = [TEXT_LINE.match(line) for line in findings]
    assert all(parsed), [line for line, match in zip(findings, parsed, strict=True) if not match]
    positions = [(int(m["line"]), int(m["col"])) for m in parsed if m]
    assert positions == sorted(positions)
    assert {m["file"] for m in parsed if m} == {FRAGMENT}
    assert summary == "32 findings (16 errors, 11 warnings, 5 info)"
    # one line per rule, most frequent first, adding up to the total
    assert counts[:2] == ["5 example-invalid (error)", "4 sample-undeclared-header (warning)"]
    assert sum(int(line.split()[0]) for line in counts) == 32
    assert len(counts) == len({line.split()[1] for line in counts})


def test_text_groups_identical_findings_and_keeps_every_message_on_one_line() -> None:
    from generator.diagnostics import Diagnostic, Severity
    from generator.lint.formats import text

    same = "`nullable` means nothing"
    found = [Diagnostic("oas31-nullable", Severity.WARNING, same, "a.yaml", f"/p{n}", 10 * n, 3) for n in range(1, 9)]
    found.append(Diagnostic("oas31-nullable", Severity.WARNING, same, "b.yaml", "/q", 4, 1))
    found.append(Diagnostic("format-unknown", Severity.INFO, "format `ipv4\nx` is odd", "a.yaml", "/f", 15, 2))
    findings, counts, total = text_parts(text(found))
    assert findings == [
        "a.yaml:10:3 warning oas31-nullable `nullable` means nothing [and 8 more: lines 20, 30, 40, 50, 60, …]",
        "a.yaml:15:2 info format-unknown format `ipv4\\nx` is odd",
    ]
    assert counts == ["9 oas31-nullable (warning)", "1 format-unknown (info)"]
    assert total == "10 findings (0 errors, 9 warnings, 1 info)"
    two = text(found[7:9])
    assert two.splitlines()[0].endswith("[and 1 more: line b.yaml:4]")


def test_clean_spec_prints_nothing_and_exits_0(run_cli: Callable[..., Any]) -> None:
    for fmt in ("text", "github"):
        result = run_cli("lint", NORMALIZED, "--no-cache", "--format", fmt)
        assert (result.code, result.out, result.err) == (0, "", "")


def test_json_output(run_cli: Callable[..., Any], repo_root: Path) -> None:
    result = run_cli("lint", FRAGMENT, "--no-cache", "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["file"] == FRAGMENT
    diagnostics = report["diagnostics"]
    assert len(diagnostics) == 32
    for item in diagnostics:
        assert set(item) == {"file", "rule", "severity", "message", "pointer", "line", "column"}
        assert item["rule"] in BY_ID and item["pointer"].startswith("/") and item["file"] == FRAGMENT
    summary = report["summary"]
    assert summary["total"] == 32
    assert summary["by_severity"] == {"error": 16, "warning": 11, "info": 5}
    assert sum(summary["by_rule"].values()) == 32
    # the text report shows each distinct finding once, at its first place
    text_lines, _, _ = text_parts(run_cli("lint", FRAGMENT, "--no-cache").out)
    firsts: dict[tuple[str, str, str], dict[str, Any]] = {}
    for d in diagnostics:
        firsts.setdefault((d["rule"], d["severity"], d["message"]), d)
    assert [line.split(" [and ")[0] for line in text_lines] == [
        f"{FRAGMENT}:{d['line']}:{d['column']} {d['severity']} {d['rule']} {d['message']}" for d in firsts.values()
    ]


def test_json_of_clean_spec(run_cli: Callable[..., Any]) -> None:
    report = json.loads(run_cli("lint", NORMALIZED, "--no-cache", "--format", "json").out)
    assert report["diagnostics"] == []
    assert report["summary"] == {"total": 0, "by_severity": {"error": 0, "warning": 0, "info": 0}, "by_rule": {}}


@pytest.fixture(scope="module")
def sarif_schema(lint_data: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((lint_data / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return schema


def test_github_annotations(run_cli: Callable[..., Any]) -> None:
    result = run_cli("lint", FRAGMENT, "--no-cache", "--format", "github")
    lines = result.out.splitlines()
    assert len(lines) == 32
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([a-z0-9-]+)::(.+)$")
    for line in lines:
        match = pattern.match(line)
        assert match, line
        assert match[2] == FRAGMENT
        assert "\n" not in match[6]
    assert sum(line.startswith("::notice ") for line in lines) == 5


def test_github_escapes_special_characters() -> None:
    from generator.diagnostics import Diagnostic, Severity
    from generator.lint.formats import github

    line = github([Diagnostic("oas-schema", Severity.ERROR, "a%b\nc", "dir,x/s:1.yaml", "/p", 3, 4)])
    assert line == "::error file=dir%2Cx/s%3A1.yaml,line=3,col=4,title=oas-schema::a%25b%0Ac (/p)\n"


def test_fail_on_threshold(run_cli: Callable[..., Any], repo_root: Path) -> None:
    warnings_only = "tests/data/lint/rules/operation-operationId-valid-in-url/bad.yaml"
    assert run_cli("lint", warnings_only, "--no-cache").code == 1
    assert run_cli("lint", warnings_only, "--no-cache", "--fail-on", "error").code == 0
    infos_only = "tests/data/lint/rules/description-typo/bad.yaml"
    assert run_cli("lint", infos_only, "--no-cache").code == 0
    assert run_cli("lint", infos_only, "--no-cache", "--fail-on", "info").code == 1


def test_select_and_ignore_take_comma_separated_repeated_ids(run_cli: Callable[..., Any]) -> None:
    def rules(*options: str) -> set[str]:
        out = run_cli("lint", FRAGMENT, "--no-cache", "--format", "json", *options).out
        return {d["rule"] for d in json.loads(out)["diagnostics"]}

    assert rules("--select", "sample-curl-path,sample-sdk-params") == {"sample-curl-path", "sample-sdk-params"}
    selected = rules("--select", "sample-curl-path", "--select", "count-invariant")
    assert selected == {"sample-curl-path", "count-invariant"}
    assert rules("--select", "sample-*", "--ignore", "sample-undeclared-header,sample-request-body") == {
        "sample-curl-path",
        "sample-sdk-params",
        "sample-shell-quoting",
    }
    assert "example-invalid" not in rules("--ignore", "example-*")


def test_unknown_rule_id_is_a_usage_error(run_cli: Callable[..., Any], input_error: Callable[..., str]) -> None:
    result = run_cli("lint", FRAGMENT, "--select", "no-such-rule")
    assert result.code == 2 and result.out == ""
    assert "no-such-rule" in result.err and len(result.err.splitlines()) == 1


def test_unreadable_input_exits_2(run_cli: Callable[..., Any], tmp_path: Path, input_error: Callable[..., str]) -> None:
    missing = tmp_path / "missing.yaml"
    input_error(run_cli("lint", missing, "--no-cache"), missing, contains="cannot read")
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths: {\n", encoding="utf-8")
    input_error(run_cli("lint", broken, "--no-cache"), broken, line=3, column=1, contains="invalid YAML")
    not_openapi = tmp_path / "swagger.yaml"
    not_openapi.write_text("swagger: '2.0'\n", encoding="utf-8")
    input_error(run_cli("lint", not_openapi, "--no-cache"), not_openapi, line=1, column=1)


def test_config_in_pyproject(run_cli: Callable[..., Any], tmp_path: Path, lint_data: Path) -> None:
    spec = tmp_path / "spec.yaml"
    rule = "operation-operationId-valid-in-url"
    spec.write_text((lint_data / "rules" / rule / "bad.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.specgen.lint]\nfail-on = "error"\nseverity = {{ "{rule}" = "error" }}\n', encoding="utf-8"
    )
    result = run_cli("lint", "spec.yaml", "--no-cache", "--format", "json", cwd=tmp_path)
    assert result.code == 1
    assert [d["severity"] for d in json.loads(result.out)["diagnostics"]] == ["error"]
    (tmp_path / "pyproject.toml").write_text(f'[tool.specgen.lint]\nignore = ["{rule}"]\n', encoding="utf-8")
    assert run_cli("lint", "spec.yaml", "--no-cache", cwd=tmp_path).code == 0
    # the command line overrides the configuration
    assert run_cli("lint", "spec.yaml", "--no-cache", "--ignore", "array-items", cwd=tmp_path).code == 1


def test_python_m_generator_lint(run_module: Callable[..., Any]) -> None:
    result = run_module("lint", FRAGMENT, "--no-cache", "--select", "sample-sdk-params")
    assert result.code == 1
    assert result.out.startswith(f"{FRAGMENT}:270:19 error sample-sdk-params ")


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_several_specs_in_one_run(
    fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, repo_root: Path, sarif_schema: Any
) -> None:
    """``run`` also takes a list of specs (for pre-commit, which passes every changed file)."""
    import argparse

    from generator.commands.lint import run

    monkeypatch.chdir(repo_root)
    specs = ["tests/data/lint/rules/format-unknown/bad.yaml", "tests/data/lint/rules/array-items/bad.yaml"]
    args = argparse.Namespace(spec=specs, format=fmt, fail_on=None, select=[], ignore=[], no_cache=True)
    assert run(args) == 1
    out = capsys.readouterr().out
    if fmt == "json":
        report = json.loads(out)
        assert report["files"] == specs
        assert [(d["file"], d["rule"]) for d in report["diagnostics"]] == [
            (specs[1], "array-items"),
            (specs[0], "format-unknown"),
        ]
    elif fmt == "sarif":
        log = json.loads(out)
        assert not list(jsonschema.Draft4Validator(sarif_schema).iter_errors(log))
        assert [a["location"]["uri"] for a in log["runs"][0]["artifacts"]] == specs
        assert [
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
        ] == [
            specs[1],
            specs[0],
        ]
    else:
        findings, _, _ = text_parts(out)
        assert [line.split(":")[0] for line in findings] == [specs[1], specs[0]]
