"""The hatchling build hook (generator/hatch_hook.py): its settings, and a real wheel built by hatchling
with the hook found through its entry point. It runs the same generation job as ``specgen generate``:
the same package names, the same strictness (info notes never fail it), the same write-if-stale."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml
from hatchling.builders.wheel import WheelBuilder

from generator.diagnostics import SpecInputError
from generator.hatch_hook import hook_settings
from tests.generate.conftest import VENV_BIN, run
from tests.generate.test_functional import PETS
from tests.generate.test_webhooks import HOOKS

LOSSY: dict[str, object] = {  # a `not` schema is approximated: a warning
    "openapi": "3.0.3",
    "info": {"title": "Lossy", "version": "1"},
    "paths": {"/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok"}}}}},
    "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string", "not": {}}}}}},
}


def _project(root: Path, spec: dict[str, object], hook: str, specgen: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "consumer"\nversion = "1.0"\n\n'
        f"[tool.hatch.build.hooks.specgen]\n{hook}\n"
        "[tool.hatch.build.targets.wheel]\nbypass-selection = true\n"
        + (f"\n[tool.specgen]\n{specgen}\n" if specgen else ""),
        encoding="utf-8",
    )
    return root


def _table(root: Path) -> dict[str, object]:
    import tomllib

    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    table: dict[str, object] = data["tool"]["hatch"]["build"]["hooks"]["specgen"]
    return table


def test_settings_fall_back_to_the_projects_specgen_table(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", PETS, "", specgen='spec = "openapi.yaml"\npackage = "shop"\nout = "gen"')
    settings = hook_settings(root, _table(root))
    assert (settings.job.spec, settings.job.package, settings.job.strict) == (root / "openapi.yaml", "shop", False)
    assert settings.out is None  # [tool.specgen] out is the CLI's folder: the hook writes it only when asked


def test_the_package_is_named_like_specgen_generate_names_it(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", PETS, 'spec = "openapi.yaml"')
    assert hook_settings(root, _table(root)).job.package == "pet_store"  # from info.title
    for bad, words in (
        ("class", "is a Python keyword"),
        ("json", "would shadow"),
        ("my-pets", "not a Python identifier"),
    ):
        with pytest.raises(SpecInputError, match=words) as raised:
            hook_settings(root, {"spec": "openapi.yaml", "package": bad})
        assert raised.value.file == str(root / "pyproject.toml")


@pytest.mark.parametrize(("value", "words"), [("yes", "strict: must be true or false"), (3, "spec: must be a string")])
def test_bad_settings_name_the_table(tmp_path: Path, value: object, words: str) -> None:
    root = _project(tmp_path / "p", PETS, 'spec = "openapi.yaml"')
    table = {"spec": "openapi.yaml", "strict": value} if words.startswith("strict") else {"spec": value}
    with pytest.raises(SpecInputError, match=words):
        hook_settings(root, table)


def _wheel(root: Path) -> Path:
    artifacts = list(WheelBuilder(str(root)).build(directory=str(root / "dist"), versions=["standard"]))
    assert len(artifacts) == 1
    return Path(artifacts[0])


def test_a_wheel_built_by_hatchling_ships_the_generated_package(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", PETS, 'spec = "openapi.yaml"\nstrict = true\nout = "generated"')
    with zipfile.ZipFile(_wheel(root)) as wheel:
        names = set(wheel.namelist())
        client = wheel.read("pet_store/_client.py").decode("utf-8")
    assert {"pet_store/__init__.py", "pet_store/models.py", "pet_store/resources/pets.py"} <= names
    assert "class Client" in client
    # out: the generated project is written too, with its manifest, and left alone when current
    written = root / "generated" / "pet_store" / "_client.py"
    assert written.read_text(encoding="utf-8") == client
    before = written.stat().st_mtime_ns
    _wheel(root)
    assert written.stat().st_mtime_ns == before
    # what the hook wrote is what `specgen generate` writes: the CLI finds it up to date
    check = run(VENV_BIN / "specgen", "generate", "--spec", "openapi.yaml", "--out", "generated", "--check", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(("spec", "fails"), [(HOOKS, False), (LOSSY, True)])
def test_strict_means_the_same_in_the_hook_and_the_cli(tmp_path: Path, spec: dict[str, object], fails: bool) -> None:
    """Info notes (a webhook without a body) pass both; a warning (an approximated `not`) fails both."""
    root = _project(tmp_path / "p", spec, 'spec = "openapi.yaml"\npackage = "api"\nstrict = true')
    cli = run(VENV_BIN / "specgen", "generate", "--spec", "openapi.yaml", "--out", "out", "--package", "api",
              "--strict", cwd=root)  # fmt: skip
    assert (cli.returncode == 1) is fails, cli.stderr
    if fails:
        with pytest.raises(SpecInputError, match=r"1 construct\(s\) not generated faithfully \(strict = true\)"):
            _wheel(root)
    else:
        with zipfile.ZipFile(_wheel(root)) as wheel:
            assert "api/webhooks.py" in wheel.namelist()
