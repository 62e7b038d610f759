"""SARIF output: valid SARIF 2.1.0 with formats checked, on one file and on a spec split over 475.

jsonschema's ``FormatChecker`` checks ``uri`` only when an optional RFC 3986 package is
installed; rather than depend on one, the test registers the two URI formats the SARIF schema
uses, written from RFC 3986 section 3 and 4.1: a ``uri`` has a scheme, a ``uri-reference`` may
be relative; neither holds spaces or control characters.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.lint.registry import BY_ID, RULES
from generator.lint.sarif import rule_page
from tests.real.corpus import real_specs

pytestmark = pytest.mark.usefixtures("no_network")

FRAGMENT = "spec/upstream/file_batches.yaml"
NORMALIZED = "spec/file_batches.yaml"
_URI_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*"
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:" + _URI_CHARS)
URI_REFERENCE = re.compile(_URI_CHARS)


def format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(URI.fullmatch(value)))
    checker.checks("uri-reference")(lambda value: not isinstance(value, str) or bool(URI_REFERENCE.fullmatch(value)))
    return checker


@pytest.fixture(scope="module")
def validator(lint_data: Path) -> jsonschema.Draft4Validator:
    schema = json.loads((lint_data / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=format_checker())


def assert_valid(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_the_format_checker_checks_uris() -> None:
    checker = format_checker()
    assert checker.conforms("https://example.com/docs/rules/a.md", "uri")
    assert not checker.conforms("docs/rules/a.md", "uri")  # what specgen wrote before: relative
    assert checker.conforms("spec/a.yaml", "uri-reference")
    assert not checker.conforms("spec/a b.yaml", "uri-reference")


@pytest.mark.parametrize("spec", [FRAGMENT, NORMALIZED])
def test_sarif_validates_with_formats_checked(
    run_cli: Callable[..., Any], validator: jsonschema.Draft4Validator, spec: str
) -> None:
    log = json.loads(run_cli("lint", spec, "--no-cache", "--format", "sarif").out)
    assert_valid(validator, log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in RULES]
    for rule in rules:
        assert "helpUri" not in rule  # no public docs site: only with `docs-url` configured
        assert rule["help"]["markdown"] == rule_page(rule["id"])
        assert f"# `{rule['id']}`" in rule["help"]["markdown"]
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


def test_help_uri_is_absolute_under_the_configured_docs_url(
    run_cli: Callable[..., Any], validator: jsonschema.Draft4Validator, tmp_path: Path, repo_root: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen.lint]\ndocs-url = "https://docs.example.com/specgen/rules/"\n', encoding="utf-8"
    )
    spec = repo_root / FRAGMENT
    log = json.loads(run_cli("lint", spec, "--no-cache", "--format", "sarif", cwd=tmp_path).out)
    assert_valid(validator, log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in rules} == {f"https://docs.example.com/specgen/rules/{r.id}.md" for r in RULES}
    (tmp_path / "pyproject.toml").write_text('[tool.specgen.lint]\ndocs-url = "docs/rules"\n', encoding="utf-8")
    refused = run_cli("lint", spec, "--no-cache", "--format", "sarif", cwd=tmp_path)
    assert refused.code == 2 and "docs-url" in refused.err


@pytest.fixture(scope="module")
def lob_sarif() -> tuple[Path, dict[str, Any]]:
    """SARIF of lob (475 files), run from the spec's folder so that artifact URIs are relative."""
    import contextlib
    import io
    import os

    from generator.cli import main

    lob = next(spec for spec in real_specs() if spec.name == "lob")
    out = io.StringIO()
    before = Path.cwd()
    os.chdir(lob.path.parent)
    try:
        with contextlib.redirect_stdout(out):
            main(["lint", lob.path.name, "--no-cache", "--format", "sarif"])
    finally:
        os.chdir(before)
    return lob.path.parent, json.loads(out.getvalue())


def test_sarif_of_a_spec_split_over_files_validates(
    lob_sarif: tuple[Path, dict[str, Any]], validator: jsonschema.Draft4Validator
) -> None:
    folder, log = lob_sarif
    assert_valid(validator, log)
    run = log["runs"][0]
    files = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert len(files) > 50, "lob's findings are in many of its files"
    for uri in files:
        assert (folder / uri).is_file(), uri
    assert {a["location"]["uri"] for a in run["artifacts"]} == files | {"lob-api-public.yml"}


def test_fingerprints_of_a_multi_file_run_do_not_collide(lob_sarif: tuple[Path, dict[str, Any]]) -> None:
    _, log = lob_sarif
    results = log["runs"][0]["results"]
    prints = Counter(r["partialFingerprints"]["specgenFinding/v2"] for r in results)
    identities = Counter(
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["ruleId"],
            r["properties"]["pointer"],
            r["message"]["text"],
        )
        for r in results
    )
    # The same rule, pointer and message in two files (lob repeats schemas per resource) are two findings.
    assert any(count > 1 for count in Counter((rule, pointer, text) for _, rule, pointer, text in identities).values())
    assert len(prints) == len(identities)
