"""The generate pipeline in one call: load -> ir -> render -> format, plus the inputs' fingerprint.

This module is imported by ``specgen generate --check``'s fast path, which must stay cheap:
it imports nothing heavy at module level (the stages are imported inside :func:`generate`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.diagnostics import Diagnostic

if TYPE_CHECKING:
    from generator.cache import TextCache
    from generator.spec.limits import Limits


@dataclass(frozen=True)
class Options:
    """What a generation depends on besides the spec and the templates."""

    package: str
    spec_name: str
    templates: Path | None = None
    spec_root: Path | None = None  # the folder the spec's references may read (default: its own folder)

    def fingerprint(self) -> str:
        """Stable text of the options, for the inputs hash."""
        root = str(self.spec_root) if self.spec_root else ""
        return json.dumps(
            {"package": self.package, "spec_name": self.spec_name, "version": __version__, "spec_root": root},
            sort_keys=True,
        )


def builtin_templates() -> Path:
    """The folder of built-in templates; the same as ``generator.render.builtin_templates()``.

    Repeated here so that the inputs hash does not import the renderer (Jinja, the IR).
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("specgen's templates folder is missing")


def template_files(templates: Path | None) -> list[Path]:
    """Every template file generation may read: built-in ones and the user's overrides."""
    folders = [builtin_templates(), *([templates] if templates else [])]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def generator_files() -> list[Path]:
    """specgen's own source files, the shared runtime (``generator/runtime/``) included: a change to
    the generator or the runtime it copies is a change of the inputs."""
    package = Path(__file__).resolve().parent
    return sorted(package.rglob("*.py"))


def inputs_hash(spec_files: list[Path], options: Options) -> str:
    """sha256 over the spec files, every template, specgen's source, the options and version."""
    digest = hashlib.sha256(options.fingerprint().encode())
    for path in [*sorted(spec_files), *template_files(options.templates), *generator_files()]:
        digest.update(str(path.name).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Generated:
    """The files of a generated project, the diagnostics of generating them, and the spec files read
    (the root first)."""

    files: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]
    sources: tuple[Path, ...]


def generate(
    spec_path: Path, options: Options, limits: Limits | None = None, *, cache: TextCache | None = None
) -> Generated:
    """Run every stage up to formatting; nothing is written.

    ``cache``: outputs of pure steps (black; what a stage passes to ``generator.cache.memoized``) by
    content hash, for warm runs; the output is the same with or without it.
    """
    from generator.cache import active
    from generator.formatter import format_files
    from generator.ir import build_ir
    from generator.ir.approximations import approximations
    from generator.memory import release_freed_memory
    from generator.render import laid_out_paths, render_package
    from generator.render.runtime import copied_paths
    from generator.selfcheck import check_client
    from generator.spec.limits import DEFAULT_LIMITS
    from generator.spec.load import load_spec
    from generator.spec.shape import check_shape
    from generator.testplan import build_test_plan

    spec = load_spec(spec_path, limits if limits is not None else DEFAULT_LIMITS, root=options.spec_root)
    # Wrong JSON types anywhere: exit 2 at their place, not a crash below.
    check_shape(spec, limits if limits is not None else DEFAULT_LIMITS)
    unchecked = approximations(spec)  # warnings for what is approximated
    ir = build_ir(spec, options.package)
    tests = build_test_plan(spec, ir)
    release_freed_memory()  # the test planner's validators
    if not ir.all_resources() and not ir.webhooks:
        where = "/paths" if isinstance(spec.data.get("paths"), dict) else "/openapi"
        raise spec.error(where, "no operations (paths) or webhooks with a body to generate a client for")
    with active(cache):  # pure steps of rendering may look their output up (generator.cache.memoized)
        files = render_package(ir, tests, spec_name=options.spec_name, user_templates=options.templates)
    release_freed_memory()  # before the formatter forks its workers
    stable = copied_paths(options.package, options.templates) | laid_out_paths(
        files, options.package, options.templates
    )
    formatted = format_files(files, stable=stable, cache=cache)
    check_client(formatted, ir, spec)  # every operation reachable and bound as planned, else a bug (exit 3)
    sources = (spec_path, *(d.path for d in spec.documents if d is not spec.document))
    return Generated(formatted, (*unchecked, *ir.diagnostics), sources)
