"""``specgen update``: new upstream spec -> extract -> overlay -> lint -> diff -> generate, then write.

:func:`prepare` runs every step in a temporary folder that mirrors the project's layout (so
the texts it produces are byte for byte what ``specgen extract``, ``normalize`` and
``generate`` would write) and touches nothing in the project. :func:`apply` writes the
fragment, the normalized spec and the generated client; if any write fails, the spec files
already written are put back. Bad input (an unreadable upstream, a missing operation, a stale
overlay action) raises :class:`SpecInputError` naming the file and place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Config, LintConfig, project_path
from generator.diagnostics import Diagnostic, Severity, SpecInputError
from generator.diff.api import ApiComparison, compare_generated
from generator.diff.api_surface import read_tree
from generator.diff.compare import diff_specs
from generator.diff.model import Change
from generator.diff.model import Severity as ChangeSeverity
from generator.extract import render_fragment
from generator.job import Job, package_name, run_job, write_output
from generator.lint import LintOptions, lint_file
from generator.overlay import apply_overlay, load_overlay, render_normalized
from generator.pipeline import Generated, inputs_hash
from generator.spec.limits import Limits
from generator.spec.load import load_spec
from generator.textfile import read_existing, write_atomic
from generator.write import OutputChanges, compare_output, digest

DIGEST_PREFIX = 12


@dataclass(frozen=True)
class Targets:
    """Where an update reads and writes, from ``[tool.specgen]`` (paths absolute)."""

    root: Path
    fragment: Path
    overlay: Path
    normalized: Path
    out: Path
    package: str  # "" until a first update names it from the new spec (see prepare)
    operations: tuple[str, ...]
    templates: Path | None
    configured_upstream: Path | None
    limits: Limits
    lint: LintConfig

    def shown(self, path: Path) -> str:
        """``path`` relative to the project root (POSIX), else its name."""
        return project_path(path, self.root)


def targets(config: Config) -> Targets:
    """The update's inputs and outputs; an incomplete or inconsistent configuration is a SpecInputError."""
    extract, normalize = config.extract, config.normalize
    missing = [
        key
        for key, value in (
            ("[tool.specgen.extract] output", extract.output),
            ("[tool.specgen.extract] operations", extract.operations),
            ("[tool.specgen.normalize] overlay", normalize.overlay),
            ("[tool.specgen.normalize] output", normalize.output),
            ("[tool.specgen] out", config.out),
        )
        if not value
    ]
    where = str(config.root / "pyproject.toml")
    if missing:
        raise SpecInputError(f"update needs {', '.join(missing)}", file=where)
    assert extract.output and normalize.overlay and normalize.output and config.out
    if normalize.input is not None and normalize.input.resolve() != extract.output.resolve():
        raise SpecInputError(
            "update needs [tool.specgen.normalize] input to be [tool.specgen.extract] output", file=where
        )
    if config.spec is not None and config.spec.resolve() != normalize.output.resolve():
        raise SpecInputError("update needs [tool.specgen] spec to be [tool.specgen.normalize] output", file=where)
    # Named as ``specgen generate`` names it: the configured name, else from the spec's title (the
    # normalized spec's; on a first update, the new one's: see :func:`prepare`).
    spec = normalize.output if normalize.output.is_file() else None
    package = ""
    if config.package or spec is not None:
        package = package_name(config.package, spec or normalize.output, file=where, limits=config.limits)
    return Targets(
        root=config.root,
        fragment=extract.output,
        overlay=normalize.overlay,
        normalized=normalize.output,
        out=config.out,
        package=package,
        operations=extract.operations,
        templates=config.templates,
        configured_upstream=extract.upstream,
        limits=config.limits,
        lint=config.lint,
    )


@dataclass(frozen=True)
class LintResult:
    """Findings on the new normalized spec."""

    diagnostics: tuple[Diagnostic, ...] = ()

    def count(self, severity: Severity) -> int:
        """Number of findings of ``severity``."""
        return sum(1 for d in self.diagnostics if d.severity is severity)


@dataclass
class Update:
    """Everything an update computed; nothing of it is written until :func:`apply`."""

    targets: Targets
    upstream: Path
    upstream_digest: str
    info_version: str
    overlay_actions: int
    fragment_text: str
    normalized_text: str
    lint: LintResult
    changes: list[Change] = field(default_factory=list)
    api: ApiComparison | None = None
    generated: Generated | None = None
    generation: tuple[Diagnostic, ...] = ()
    output: OutputChanges | None = None
    inputs: str = ""

    @property
    def lint_failed(self) -> bool:
        """Whether lint found errors (the update stops before diff and generate)."""
        return self.lint.count(Severity.ERROR) > 0

    @property
    def breaking(self) -> bool:
        """Whether any spec or API change is breaking."""
        spec = any(change.severity is ChangeSeverity.BREAKING for change in self.changes)
        return spec or (self.api is not None and self.api.breaking)

    def file_status(self) -> dict[str, str]:
        """Project files the update writes -> ``changed``, ``unchanged`` or ``removed``."""
        t = self.targets
        status = {
            t.shown(t.fragment): _status(t.fragment, self.fragment_text),
            t.shown(t.normalized): _status(t.normalized, self.normalized_text),
        }
        if self.output is not None:
            out = t.shown(t.out)
            status.update({f"{out}/{path}": "changed" for path in self.output.changed})
            status.update({f"{out}/{path}": "removed" for path in self.output.removed})
        return dict(sorted(status.items()))


def _status(path: Path, text: str) -> str:
    return "unchanged" if read_existing(path) == text else "changed"


def prepare(config: Config, upstream: Path) -> Update:
    """Run extract, overlay, lint, diff and generate in a temporary folder; write nothing in the project."""
    t = targets(config)
    try:
        raw = upstream.read_bytes()
    except OSError as exc:
        raise SpecInputError(f"cannot read file: {exc.strerror or exc}", file=str(upstream)) from None
    fragment_text = render_fragment(upstream, t.operations, t.root, t.limits)
    with tempfile.TemporaryDirectory(prefix="specgen-update-") as temp:
        stage = _Stage(Path(temp), t)
        staged_fragment = stage.put(t.fragment, fragment_text)
        overlay = load_overlay(t.overlay, t.limits)
        fragment = load_spec(staged_fragment, t.limits)
        apply_overlay(fragment.data, overlay)  # a stale action is reported against the real overlay file
        staged_overlay = stage.copy(t.overlay)
        normalized_text = render_normalized(staged_fragment, staged_overlay, stage.root, t.limits)
        staged_spec = stage.put(t.normalized, normalized_text)
        new_spec = load_spec(staged_spec, t.limits)
        info = new_spec.data.get("info")
        update = Update(
            targets=t,
            upstream=upstream,
            upstream_digest=hashlib.sha256(raw).hexdigest(),
            info_version=str(info.get("version", "")) if isinstance(info, dict) else "",
            overlay_actions=len(overlay.actions),
            fragment_text=fragment_text,
            normalized_text=normalized_text,
            lint=_lint(staged_spec, t),
        )
        if update.lint_failed:
            return update
        update.changes = diff_specs(load_spec(t.normalized, t.limits), new_spec)
        if not t.package:
            t = update.targets = dataclasses.replace(t, package=package_name(None, staged_spec, file=str(t.normalized)))
        job = Job(spec=staged_spec, package=t.package, root=stage.root, templates=t.templates, limits=t.limits)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                update.generated = run_job(job)
        except SpecInputError as exc:
            raise stage.relabel(exc) from None
        update.inputs = inputs_hash([staged_spec], job.options())
        update.generation = tuple(stage.relabel_diagnostic(d) for d in update.generated.diagnostics)
    update.output = compare_output(t.out, update.generated.files)
    update.api = _compare_api(update.generated, t)
    return update


class _Stage:
    """A temporary copy of the project's layout: files at their paths relative to the project root."""

    def __init__(self, temp: Path, t: Targets) -> None:
        self.root = temp / "project"
        self.outside = temp / "outside"
        self.targets = t
        self.real: dict[str, str] = {}

    def path(self, real: Path) -> Path:
        shown = self.targets.shown(real)
        staged = self.outside / real.name if shown == real.name and real.parent != self.targets.root else None
        staged = staged or self.root / shown
        self.real[str(staged)] = str(real)
        return staged

    def put(self, real: Path, text: str) -> Path:
        staged = self.path(real)
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(text, encoding="utf-8", newline="\n")
        return staged

    def copy(self, real: Path) -> Path:
        staged = self.path(real)
        staged.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real, staged)
        return staged

    def relabel_diagnostic(self, diagnostic: Diagnostic) -> Diagnostic:
        """The same diagnostic, naming the project file (relative) instead of its staged copy."""
        real = self.real.get(diagnostic.file)
        return dataclasses.replace(diagnostic, file=self.targets.shown(Path(real))) if real else diagnostic

    def relabel(self, exc: SpecInputError) -> SpecInputError:
        """The same error, naming the project file instead of its staged copy."""
        file = self.real.get(exc.file, exc.file)
        return SpecInputError(exc.message, file=file, line=exc.line, column=exc.column, pointer=exc.pointer)


def _lint(staged_spec: Path, t: Targets) -> LintResult:
    """Lint the staged normalized spec with the project's lint settings; findings name the real file."""
    options = LintOptions(select=t.lint.select, ignore=t.lint.ignore, severity=dict(t.lint.severity))
    found = lint_file(staged_spec, options)
    shown = t.shown(t.normalized)
    return LintResult(tuple(dataclasses.replace(d, file=shown) for d in found))


def _compare_api(generated: Generated, t: Targets) -> ApiComparison:
    """The committed client (the output folder) against the newly generated one."""
    old = read_tree(t.out, t.package)
    if not old:
        return ApiComparison(t.package, skipped=f"no committed package {t.package} in {t.shown(t.out)}")
    return compare_generated(old, generated.files, t.package)


def apply(update: Update) -> None:
    """Write the fragment, the normalized spec and the generated client; undo the spec files on failure."""
    t = update.targets
    assert update.generated is not None and update.output is not None
    saved = {path: read_existing(path) for path in (t.fragment, t.normalized)}
    try:
        write_atomic(t.fragment, update.fragment_text)
        write_atomic(t.normalized, update.normalized_text)
        sources = {t.shown(t.normalized): digest(update.normalized_text.encode("utf-8"))}
        write_output(t.out, update.generated.files, update.inputs, sources, update.output)
    except BaseException:
        for path, text in saved.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, text)
        raise
