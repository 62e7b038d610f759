"""``specgen update`` on a small project: what it writes, what it refuses, its exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SpecInputError

pytestmark = pytest.mark.usefixtures("no_network")


def _compatible(tiny: Any) -> Path:
    data = tiny.upstream()
    data["components"]["schemas"]["Thing"]["properties"]["color"] = {"type": "string", "description": "Its color."}
    return Path(tiny.write_upstream("things.v2.yaml", data))


def _breaking(tiny: Any) -> Path:
    data = tiny.upstream()
    del data["components"]["schemas"]["Thing"]["properties"]["size"]
    return Path(tiny.write_upstream("things.v3.yaml", data))


def test_compatible_update_writes_what_the_other_commands_would(tiny: Any) -> None:
    upstream = _compatible(tiny)
    result = tiny.update("--upstream", upstream)
    assert result.code == 0, result.err
    assert result.out.startswith("## Upstream update: things.v2.yaml (sha256 ")
    assert "No breaking changes." in result.out
    assert "| `getThing` | `response-property-added` | `/components/schemas/Thing/properties/color` |" in result.out
    assert "| `things_client.models.Thing.color` | `field-added` |" in result.out
    assert "summary: 0 breaking, 2 compatible, 0 docs\n" in result.out
    wrote = result.out.splitlines()[-1]
    assert wrote.startswith("update: wrote ")
    assert "generated/things_client/models.py, " in wrote
    assert wrote.endswith("spec/things.yaml, spec/upstream/things.yaml")
    # the files are exactly what extract, normalize and generate write: their --check passes
    for args in (("extract", "--check", "--upstream", upstream), ("normalize", "--check"), ("generate", "--check")):
        check = tiny.specgen(*args)
        assert check.code == 0, (args, check.out)
    assert "color: str | None = None" in (tiny.root / "generated/things_client/models.py").read_text(encoding="utf-8")
    # the configured upstream still names v1: the update says so
    assert "[tool.specgen.extract] upstream is still upstream/things.v1.yaml" in result.err


def test_second_run_finds_nothing_to_do(tiny: Any) -> None:
    upstream = _compatible(tiny)
    assert tiny.update("--upstream", upstream).code == 0
    before = tiny.fingerprint()
    again = tiny.update("--upstream", upstream)
    assert again.code == 0
    assert "summary: 0 breaking, 0 compatible, 0 docs" in again.out
    assert "update: everything is up to date" in again.out
    assert tiny.fingerprint() == before


def test_dry_run_writes_nothing_but_the_report(tiny: Any, tmp_path: Path) -> None:
    before = tiny.fingerprint()
    report = tmp_path / "report.md"
    result = tiny.update("--upstream", _compatible(tiny), "--dry-run", "--output-report", report)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1].startswith("update: dry run: would write generated/")
    assert result.out.splitlines()[-1].endswith("spec/upstream/things.yaml; nothing written")
    assert result.out.startswith(report.read_text(encoding="utf-8"))
    assert tiny.fingerprint() != before  # only the new upstream file was added...
    (tiny.root / "upstream" / "things.v2.yaml").unlink()
    assert tiny.fingerprint() == before  # ...and nothing else changed


def test_breaking_update_is_written_with_a_banner(tiny: Any) -> None:
    result = tiny.update("--upstream", _breaking(tiny))
    assert result.code == 0, result.err
    assert "> **BREAKING**: 2 breaking spec change(s) and 1 breaking Python API change(s)" in result.out
    assert "| `things_client.models.Thing.size` | `field-removed` | field removed |" in result.out
    assert "update: BREAKING changes" in result.err
    assert (
        "size"
        not in (tiny.root / "generated/things_client/models.py").read_text(encoding="utf-8").split("class Thing(")[1]
    )


def test_fail_on_breaking_exits_1_and_writes_nothing(tiny: Any, tmp_path: Path) -> None:
    upstream = _breaking(tiny)
    before = tiny.fingerprint()
    report = tmp_path / "report.md"
    result = tiny.update("--upstream", upstream, "--fail-on-breaking", "--output-report", report)
    assert result.code == 1
    assert "**BREAKING**" in result.out
    assert "--fail-on-breaking: nothing written" in result.err
    assert "**BREAKING**" in report.read_text(encoding="utf-8")
    assert tiny.fingerprint() == before


def test_fail_on_breaking_lets_a_compatible_update_through(tiny: Any) -> None:
    assert tiny.update("--upstream", _compatible(tiny), "--fail-on-breaking").code == 0


def test_lint_error_exits_1_and_writes_nothing(tiny: Any) -> None:
    data = tiny.upstream()
    data["components"]["schemas"]["Thing"]["properties"]["size"]["default"] = "big"
    upstream = tiny.write_upstream("things.bad.yaml", data)
    before = tiny.fingerprint()
    result = tiny.update("--upstream", upstream)
    assert result.code == 1
    assert result.out == ""
    assert "spec/things.yaml:" in result.err
    assert "error default-invalid" in result.err
    assert result.err_lines[-1] == "update: 1 lint error(s) in the new normalized spec; nothing written"
    assert tiny.fingerprint() == before


def test_stale_overlay_action_exits_2_naming_it(tiny: Any, input_error: Any) -> None:
    data = tiny.upstream()
    data["paths"]["/things/{id}"] = data["paths"].pop("/things/{thing_id}")
    data["paths"]["/things/{id}"]["get"]["parameters"][0]["name"] = "id"
    upstream = tiny.write_upstream("things.renamed.yaml", data)
    before = tiny.fingerprint()
    result = tiny.update("--upstream", upstream)
    overlay = tiny.root / "spec" / "overlay.yaml"
    input_error(
        result,
        overlay,
        line=11,
        column=5,
        contains="action #2 (Names the generated method `client.things.retrieve`.): "
        "target $.paths['/things/{thing_id}'].get selects nothing",
    )
    assert result.out == ""
    assert tiny.fingerprint() == before


@pytest.mark.parametrize(
    ("change", "contains"),
    [
        ("missing", "cannot read file"),
        ("no-operation", "operation(s) not found: createThing"),
        ("not-openapi", "not an OpenAPI document"),
    ],
)
def test_bad_upstream_exits_2(tiny: Any, change: str, contains: str) -> None:
    data = tiny.upstream()
    if change == "no-operation":
        del data["paths"]["/things"]
    elif change == "not-openapi":
        del data["openapi"]
    upstream = tiny.root / "upstream" / "things.bad.yaml"
    if change != "missing":
        tiny.write_upstream("things.bad.yaml", data)
    before = tiny.fingerprint()
    result = tiny.update("--upstream", upstream)
    assert result.code == 2
    assert len(result.err_lines) == 1, result.err
    assert result.err_lines[0].startswith(f"specgen: error: {upstream}")
    assert contains in result.err
    assert tiny.fingerprint() == before


def test_incomplete_configuration_exits_2(tiny: Any) -> None:
    pyproject = tiny.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.split("[tool.specgen.normalize]")[0], encoding="utf-8")
    result = tiny.update("--upstream", _compatible(tiny))
    assert result.code == 2
    assert "update needs [tool.specgen.normalize] overlay, [tool.specgen.normalize] output" in result.err
    assert str(pyproject) in result.err


def test_failed_write_puts_the_spec_files_back(tiny: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.update

    def broken_write(*args: object, **kwargs: object) -> None:
        raise SpecInputError("cannot write output: disk full", file="generated")

    monkeypatch.setattr(generator.update, "write_output", broken_write)
    upstream = _compatible(tiny)
    before = tiny.fingerprint()
    result = tiny.update("--upstream", upstream)
    assert result.code == 2
    assert "disk full" in result.err
    assert tiny.fingerprint() == before


def test_update_command_is_documented_in_help(run_cli: Any) -> None:
    result = run_cli("update", "--help")
    assert result.code == 0
    for option in ("--upstream", "--dry-run", "--fail-on-breaking", "--output-report"):
        assert option in result.out
