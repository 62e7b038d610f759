"""One generation job, the same for ``specgen generate``, the hatch build hook and ``specgen update``.

Each of them decides where the spec and the output are, then asks this module for the rest:

- the package name (:func:`package_name`): the given one, else from the spec's ``info.title``;
  either way refused when it cannot be imported or would shadow a module the client imports;
- how files are named in messages and the manifest (:func:`generator.config.project_path`,
  :func:`generator.config.source_key`);
- strictness (:func:`unfaithful`): what was not generated faithfully (warnings, errors; never
  the info notes), which ``--strict`` and ``strict = true`` both refuse;
- the run itself (:func:`run_job`) and writing the output only when it is stale (:func:`write_output`).

Like :mod:`generator.pipeline`, it imports nothing heavy at module level (``generate --check``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import project_path, source_key
from generator.diagnostics import Diagnostic, Severity, SpecInputError
from generator.package import check_package_name, default_package
from generator.pipeline import Generated, Options, generate
from generator.spec.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from generator.cache import TextCache
    from generator.write import OutputChanges


def package_name(given: str | None, spec: Path, *, file: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """``given``, else the name from ``spec``'s ``info.title`` (else its file name); refused (naming
    ``file``) when it is not an identifier, is a keyword or would shadow a module the client imports."""
    package = given or default_package(spec, limits)
    check_package_name(package, file)
    return package


def unfaithful(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """What was not generated faithfully: every warning and error (info notes only explain)."""
    return [d for d in diagnostics if d.severity is not Severity.INFO]


@dataclass(frozen=True)
class Job:
    """One generation: a spec, the package to generate from it and the project it belongs to."""

    spec: Path
    package: str
    root: Path  # the project's folder: names in messages and the manifest are relative to it
    templates: Path | None = None
    spec_root: Path | None = None
    limits: Limits = DEFAULT_LIMITS
    strict: bool = False

    def options(self) -> Options:
        """The pipeline's options; the spec is named relative to the project."""
        return Options(
            package=self.package,
            spec_name=project_path(self.spec, self.root),
            templates=self.templates,
            spec_root=self.spec_root,
        )


def run_job(job: Job, *, cache: TextCache | None = None) -> Generated:
    """Generate ``job``'s package; nothing is written."""
    if job.templates is not None and not job.templates.is_dir():
        raise SpecInputError("templates folder not found", file=str(job.templates))
    return generate(job.spec, job.options(), job.limits, cache=cache)


def strict_failure(job: Job, generated: Generated, setting: str) -> str | None:
    """Why a strict job fails (``setting`` names the option, ``--strict``), else None."""
    lost = unfaithful(generated.diagnostics)
    if not job.strict or not lost:
        return None
    return f"{len(lost)} construct(s) not generated faithfully ({setting})"


def sources_of(job: Job, generated: Generated) -> dict[str, str]:
    """Manifest entries for every file the generation read: its key and its sha256."""
    from generator.spec.document import read_bytes
    from generator.write import digest

    return {source_key(path, job.root): digest(read_bytes(path, job.limits)) for path in generated.sources}


def write_output(out: Path, files: dict[str, str], inputs: str, sources: dict[str, str], change: OutputChanges) -> bool:
    """Write ``files`` to ``out`` when anything would change (files, or the manifest's inputs); return
    whether it wrote."""
    from generator.write import MANIFEST, read_manifest, write

    current = read_manifest(out).inputs == inputs and (out / MANIFEST).is_file()
    if not change.stale and current:
        return False
    write(out, files, inputs, sources, change)
    return True
