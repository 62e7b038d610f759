"""A hatchling build hook: a consumer's ``pip install .`` or ``python -m build`` generates its client from its spec.

The consumer's ``pyproject.toml``::

    [build-system]
    requires = ["hatchling", "specgen"]
    build-backend = "hatchling.build"

    [tool.hatch.build.hooks.specgen]
    spec = "openapi.yaml"          # default: [tool.specgen] spec
    package = "acme_client"        # default: [tool.specgen] package (for its spec), else from the spec's info.title
    # out = "generated"            # also write the generated project there, like `specgen generate`
    # templates = "templates"      # template overrides, like `specgen generate --templates`
    # strict = true                # fail the build when something is not generated faithfully

    [tool.hatch.build.targets.wheel]
    bypass-selection = true        # when the generated package is all the wheel ships

Wheels (and editable wheels) get the freshly generated package; sdists are left alone (they
carry the spec, and a wheel built from them generates again). The hook is registered through
the ``hatch`` entry point group (``[project.entry-points.hatch] specgen = "generator.hatch_hook"``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import tomllib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from generator.config import parse_config
from generator.diagnostics import SpecInputError
from generator.job import Job, package_name, run_job, sources_of, strict_failure, write_output
from generator.pipeline import inputs_hash
from generator.spec.limits import DEFAULT_LIMITS
from generator.write import compare_output

TABLE = "tool.hatch.build.hooks.specgen"


@dataclass(frozen=True)
class HookSettings:
    """What the hook generates (the job), and where else it writes the generated project."""

    job: Job
    out: Path | None = None


def hook_settings(root: Path, table: dict[str, Any]) -> HookSettings:
    """Settings from the hook's table, falling back to ``[tool.specgen]`` of ``root/pyproject.toml``."""
    pyproject = root / "pyproject.toml"
    where = str(pyproject)
    try:
        tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SpecInputError(f"cannot read the project's settings: {exc}", file=where) from None
    config = parse_config(tool["specgen"], pyproject) if isinstance(tool.get("specgen"), dict) else None

    def text(key: str) -> str | None:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise SpecInputError(f"[{TABLE}] {key}: must be a string", file=where)
        return value

    spec_text, out_text, templates_text = text("spec"), text("out"), text("templates")
    spec = root / spec_text if spec_text else (config.spec if config else None)
    if spec is None:
        raise SpecInputError(f"[{TABLE}] spec (or [tool.specgen] spec) is required", file=where)
    configured = config is not None and config.spec is not None and config.spec.resolve() == spec.resolve()
    limits = config.limits if config else DEFAULT_LIMITS
    given = text("package") or (config.package if config and configured else None)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise SpecInputError(f"[{TABLE}] strict: must be true or false", file=where)
    job = Job(
        spec=spec,
        package=package_name(given, spec, file=where if given else str(spec), limits=limits),
        root=root,
        templates=root / templates_text if templates_text else (config.templates if config else None),
        spec_root=config.spec_root if config and configured else None,
        limits=limits,
        strict=strict,
    )
    return HookSettings(job, out=root / out_text if out_text else None)


def generate_package(settings: HookSettings, staging: Path) -> Path:
    """Generate the client; return the folder holding the package (``out`` when set, else under ``staging``)."""
    job = settings.job
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_job(job)
    for diagnostic in result.diagnostics:
        print(f"specgen: {diagnostic}", file=sys.stderr)
    failure = strict_failure(job, result, "strict = true")
    if failure is not None:
        raise SpecInputError(failure, file=str(job.spec))
    if settings.out is not None:
        inputs = inputs_hash(list(result.sources), job.options())
        write_output(
            settings.out, result.files, inputs, sources_of(job, result), compare_output(settings.out, result.files)
        )
        return settings.out / job.package
    prefix = f"{job.package}/"
    for path, content in result.files.items():
        if path.startswith(prefix):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
    return staging / job.package


class SpecgenBuildHook(BuildHookInterface[BuilderConfig]):
    """Generate the client package from the spec and put it into the wheel."""

    PLUGIN_NAME = "specgen"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Before a wheel is built: generate, then force-include the package folder."""
        if self.target_name != "wheel":
            return
        settings = hook_settings(Path(self.root), self.config)
        self._staging = Path(tempfile.mkdtemp(prefix="specgen-build-"))
        source = generate_package(settings, self._staging)
        if version == "editable":
            included = build_data.setdefault("force_include_editable", {})
            if not included:
                included.update(self.build_config.get_force_include())
            included[str(source)] = settings.job.package
        else:
            build_data["force_include"][str(source)] = settings.job.package
        job = settings.job
        self.app.display_info(f"specgen: generated {job.package} from {job.options().spec_name}")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """After the wheel is built: remove the staging folder."""
        staging = getattr(self, "_staging", None)
        if isinstance(staging, Path):
            shutil.rmtree(staging, ignore_errors=True)


@hookimpl
def hatch_register_build_hook() -> type[BuildHookInterface[BuilderConfig]]:
    """Register :class:`SpecgenBuildHook` with hatchling (entry point group ``hatch``)."""
    return SpecgenBuildHook
