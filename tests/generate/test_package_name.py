"""The package name: from ``info.title`` unless given; ``[tool.specgen]`` names only the configured spec's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.package import package_from_title
from tests.generate.conftest import ROOT, VENV_BIN, run

SPEC: dict[str, object] = {
    "openapi": "3.0.3",
    "info": {"title": "Swagger Petstore - OpenAPI 3.0", "version": "1"},
    "servers": [{"url": "https://pets.example"}],
    "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"204": {"description": "none"}}}}},
}


@pytest.mark.parametrize(
    ("title", "stem", "package"),
    [
        ("Swagger Petstore - OpenAPI 3.0", "openapi", "swagger_petstore_open_api_3_0"),
        ("Xero Accounting API", "xero_accounting", "xero_accounting_api"),
        ("", "spec3", "spec3"),  # no title: the file name
        ("!!!", "api.github.com", "api_github_com"),
        ("3 Little Pigs", "x", "client_3_little_pigs"),
        ("JSON", "x", "json_client"),  # would hide the standard library's json
        ("class", "x", "class_"),
    ],
)
def test_package_from_title(title: str, stem: str, package: str) -> None:
    assert package_from_title(title, stem) == package


def test_outside_a_project_the_package_comes_from_the_title(tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--spec", "openapi.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "swagger_petstore_open_api_3_0" / "__init__.py").is_file()


def test_inside_specgens_checkout_another_spec_does_not_take_the_shipped_name(tmp_path: Path) -> None:
    spec = tmp_path / "other.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    out = tmp_path / "out"
    result = run(VENV_BIN / "specgen", "generate", "--spec", spec, "--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["swagger_petstore_open_api_3_0", "tests"]


def test_inside_specgens_checkout_another_spec_needs_its_own_out(tmp_path: Path) -> None:
    """Without --out it would replace the shipped client in generated/."""
    spec = tmp_path / "other.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--spec", spec, cwd=ROOT)
    assert result.returncode == 2
    assert "generate needs --spec and --out" in result.stderr and "is not the spec [tool.specgen] configures" in (
        result.stderr
    )
