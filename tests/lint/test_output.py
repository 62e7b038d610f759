"""`specgen lint` on the command line: output formats, snapshots, exit codes, options, config."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.lint.registry import BY_ID, RULES

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


def test_text_lines_are_compiler_style_and_sorted(run_cli: Callable[..., Any]) -> None:
    lines = run_cli("lint", FRAGMENT, "--no-cache").out.splitlines()
    *findings, summary = lines
    parsed = [TEXT_LINE.match(line) for line in findings]
    assert all(parsed), [line for line, match in zip(findings, parsed, strict=True) if not match]
    positions = [(int(m["line"]), int(m["col"])) for m in parsed if m]
    assert positions == sorted(positions)
    assert {m["file"] for m in parsed if m} == {FRAGMENT}
    assert summary == "33 findings (16 errors, 15 warnings, 2 info)"


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
    assert len(diagnostics) == 33
    for item in diagnostics:
        assert set(item) == {"rule", "severity", "message", "pointer", "line", "column"}
        assert item["rule"] in BY_ID and item["pointer"].startswith("/")
    summary = report["summary"]
    assert summary["total"] == 33
    assert summary["by_severity"] == {"error": 16, "warning": 15, "info": 2}
    assert sum(summary["by_rule"].values()) == 33
    text_lines = run_cli("lint", FRAGMENT, "--no-cache").out.splitlines()[:-1]
    assert [
        f"{FRAGMENT}:{d['line']}:{d['column']} {d['severity']} {d['rule']} {d['message']}" for d in diagnostics
    ] == text_lines


def test_json_of_clean_spec(run_cli: Callable[..., Any]) -> None:
    report = json.loads(run_cli("lint", NORMALIZED, "--no-cache", "--format", "json").out)
    assert report["diagnostics"] == []
    assert report["summary"] == {"total": 0, "by_severity": {"error": 0, "warning": 0, "info": 0}, "by_rule": {}}


@pytest.fixture(scope="module")
def sarif_schema(lint_data: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((lint_data / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return schema


@pytest.mark.parametrize("spec", [FRAGMENT, NORMALIZED])
def test_sarif_validates_against_the_sarif_schema(
    run_cli: Callable[..., Any], sarif_schema: dict[str, Any], spec: str, repo_root: Path
) -> None:
    result = run_cli("lint", spec, "--no-cache", "--format", "sarif")
    log = json.loads(result.out)
    jsonschema.Draft4Validator.check_schema(sarif_schema)
    errors = sorted(jsonschema.Draft4Validator(sarif_schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in RULES]
    for rule in rules:
        assert (repo_root / rule["helpUri"]).is_file()
        assert rule["shortDescription"]["text"] == BY_ID[rule["id"]].summary
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        location = item["locations"][0]
        assert location["physicalLocation"]["artifactLocation"] == {"uri": spec, "uriBaseId": "%SRCROOT%"}
        assert location["physicalLocation"]["region"]["startLine"] > 0
        assert item["properties"]["pointer"] == location["logicalLocations"][0]["fullyQualifiedName"]


def test_sarif_results_match_the_json_findings(run_cli: Callable[..., Any]) -> None:
    log = json.loads(run_cli("lint", FRAGMENT, "--no-cache", "--format", "sarif").out)
    findings = json.loads(run_cli("lint", FRAGMENT, "--no-cache", "--format", "json").out)["diagnostics"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert [
        (
            r["ruleId"],
            r["level"],
            r["properties"]["pointer"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in log["runs"][0]["results"]
    ] == [(d["rule"], levels[d["severity"]], d["pointer"], d["line"]) for d in findings]


def test_github_annotations(run_cli: Callable[..., Any]) -> None:
    result = run_cli("lint", FRAGMENT, "--no-cache", "--format", "github")
    lines = result.out.splitlines()
    assert len(lines) == 33
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([a-z0-9-]+)::(.+)$")
    for line in lines:
        match = pattern.match(line)
        assert match, line
        assert match[2] == FRAGMENT
        assert "\n" not in match[6]
    assert sum(line.startswith("::notice ") for line in lines) == 2


def test_github_escapes_special_characters() -> None:
    from generator.diagnostics import Diagnostic, Severity
    from generator.lint.formats import github

    line = github([Diagnostic("oas-schema", Severity.ERROR, "a%b\nc", "dir,x/s:1.yaml", "/p", 3, 4)])
    assert line == "::error file=dir%2Cx/s%3A1.yaml,line=3,col=4,title=oas-schema::a%25b%0Ac (/p)\n"


def test_fail_on_threshold(run_cli: Callable[..., Any], repo_root: Path) -> None:
    warnings_only = "tests/data/lint/rules/format-unknown/bad.yaml"
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
    assert rules("--select", "sample-curl-path", "--select", "tag-undefined") == {"sample-curl-path", "tag-undefined"}
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
    spec.write_text((lint_data / "rules" / "format-unknown" / "bad.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen.lint]\nfail-on = "error"\nseverity = { "format-unknown" = "error" }\n', encoding="utf-8"
    )
    result = run_cli("lint", "spec.yaml", "--no-cache", "--format", "json", cwd=tmp_path)
    assert result.code == 1
    assert [d["severity"] for d in json.loads(result.out)["diagnostics"]] == ["error"]
    (tmp_path / "pyproject.toml").write_text('[tool.specgen.lint]\nignore = ["format-unknown"]\n', encoding="utf-8")
    assert run_cli("lint", "spec.yaml", "--no-cache", cwd=tmp_path).code == 0
    # the command line overrides the configuration
    assert run_cli("lint", "spec.yaml", "--no-cache", "--ignore", "tag-undefined", cwd=tmp_path).code == 1


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
        assert [line.split(":")[0] for line in out.splitlines()[:-1]] == [specs[1], specs[0]]
