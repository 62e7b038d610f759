"""``specgen generate --check`` on up-to-date output: no heavy import, and no input escapes the hash."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.pipeline import Options, builtin_templates, generator_files, inputs_hash, template_files
from tests.generate.conftest import ROOT, run

SPEC = ROOT / "spec" / "file_batches.yaml"
HEAVY = ("black", "jinja2", "datamodel_code_generator", "pydantic", "generator.render", "generator.ir", "difflib")


def test_the_template_folder_is_the_renderers() -> None:
    from generator.render import builtin_templates as renderers

    assert builtin_templates() == renderers()


def test_the_hash_covers_every_template_and_generator_module() -> None:
    assert set(template_files(None)) >= set(builtin_templates().glob("*.jinja"))
    package = ROOT / "generator"
    assert set(generator_files()) == set(package.rglob("*.py"))
    assert package / "runtime" / "client" / "_base_client.py" in generator_files()
    assert package / "runtime" / "tests" / "_support.py" in generator_files()


def test_every_input_changes_the_hash(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(SPEC.read_bytes())
    options = Options(package="pkg", spec_name="spec.yaml")
    base = inputs_hash([spec], options)
    assert inputs_hash([spec], options) == base
    assert inputs_hash([spec], Options(package="pkg2", spec_name="spec.yaml")) != base
    assert inputs_hash([spec], Options(package="pkg", spec_name="other.yaml")) != base
    user = tmp_path / "templates"
    user.mkdir()
    assert inputs_hash([spec], Options(package="pkg", spec_name="spec.yaml", templates=user)) == base
    (user / "_types.py.jinja").write_text("{{ header }}\n", encoding="utf-8")
    assert inputs_hash([spec], Options(package="pkg", spec_name="spec.yaml", templates=user)) != base
    spec.write_bytes(SPEC.read_bytes() + b"\n# one more byte\n")
    assert inputs_hash([spec], options) != base


@pytest.mark.slow
def test_an_up_to_date_check_imports_nothing_heavy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args: list[str | Path] = [
        "-m",
        "generator",
        "generate",
        "--spec",
        SPEC,
        "--out",
        out,
        "--package",
        "pkg",
        "--no-cache",
    ]
    result = run(sys.executable, *args)
    assert result.returncode == 0, result.stderr
    check = run(sys.executable, "-X", "importtime", *args, "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "is up to date" in check.stdout
    imported = {line.split("|")[-1].strip() for line in check.stderr.splitlines() if line.startswith("import time:")}
    assert "generator.pipeline" in imported
    assert sorted(imported & set(HEAVY)) == []


@pytest.mark.slow
def test_a_changed_spec_is_checked_in_full(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(SPEC.read_bytes())
    out = tmp_path / "out"
    args: list[str | Path] = ["generate", "--spec", spec, "--out", out, "--package", "pkg", "--no-cache"]
    assert run(sys.executable, "-m", "generator", *args).returncode == 0
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("A batch of files attached to a vector store.", "A batch of files."), encoding="utf-8")
    check = run(sys.executable, "-m", "generator", *args, "--check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "is stale" in check.stdout
