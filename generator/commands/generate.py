"""``specgen generate``: spec -> client package (and its tests) in the output folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.config import load_config
from generator.diagnostics import Severity, SpecInputError
from generator.package import check_package_name, default_package
from generator.pipeline import Options, generate, inputs_hash
from generator.spec.document import read_bytes
from generator.write import MANIFEST, digest, is_current, plan, read_manifest, write


def run(args: argparse.Namespace) -> int:
    """Generate, or with --check report drift; exit 1 on drift (or on warnings with --strict)."""
    config = load_config()
    spec_path = Path(args.spec) if args.spec else config.spec
    # [tool.specgen] out and package belong to the configured spec, not to any other one.
    configured = args.spec is None or (config.spec is not None and _same_file(Path(args.spec), config.spec))
    out = Path(args.out) if args.out else (config.out if configured else None)
    if spec_path is None or out is None:
        where = "" if configured else f" ({spec_path} is not the spec [tool.specgen] configures)"
        raise SpecInputError(
            f"generate needs --spec and --out (or [tool.specgen] spec and out){where}", file="pyproject.toml"
        )
    templates = Path(args.templates) if args.templates else config.templates
    if templates is not None and not templates.is_dir():
        raise SpecInputError("templates folder not found", file=str(templates))
    package = args.package or (config.package if configured else None) or default_package(spec_path, config.limits)
    check_package_name(package, str(spec_path))
    spec_root = Path(args.spec_root) if getattr(args, "spec_root", None) else config.spec_root
    options = Options(
        package=package, spec_name=_shown(spec_path, config.root), templates=templates, spec_root=spec_root
    )
    read_bytes(spec_path, config.limits)  # bounded: the hashes below read the spec too
    previous = read_manifest(out)
    # The files the last generation read besides the root (a spec split over files): a change to
    # any of them makes the output stale.
    root_key = _source_key(spec_path, config.root)
    others = [config.root / name for name in previous.sources if name != root_key]
    inputs = inputs_hash([spec_path, *others], options)
    if not args.strict and is_current(out, inputs):
        print(f"generate: {out} is up to date")
        return 0
    from generator.cache import CACHE_FOLDER, TextCache  # imported here: not needed when up to date

    cache = None if getattr(args, "no_cache", False) else TextCache(config.root / CACHE_FOLDER / "format")
    result = generate(spec_path, options, config.limits, cache=cache)
    for diagnostic in result.diagnostics:
        print(str(diagnostic), file=sys.stderr)
    approximated = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    if args.strict and approximated:
        print(f"generate: {len(approximated)} construct(s) not generated faithfully (--strict)", file=sys.stderr)
        return 1
    change = plan(out, result.files)
    if args.check:
        if change.stale:
            print(change.diff, end="")
            counts = f"{len(change.changed)} changed, {len(change.removed)} removed"
            print(f"generate: {out} is stale ({counts}); run `specgen generate`")
            return 1
        print(f"generate: {out} is up to date")
        return 0
    inputs = inputs_hash(list(result.sources), options)
    manifest_current = previous.inputs == inputs and (out / MANIFEST).is_file()
    if change.stale or not manifest_current:
        sources = {_source_key(path, config.root): digest(read_bytes(path, config.limits)) for path in result.sources}
        write(out, result.files, inputs, sources, change)
    counts = f"{len(change.changed)} file(s) written, {len(change.unchanged)} unchanged, {len(change.removed)} removed"
    print(f"generate: {counts} in {out}")
    return 0


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError):
        return False


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the project, or a symlink loop (load reports it)
        return path.name


def _source_key(path: Path, root: Path) -> str:
    """How the manifest names a spec file: relative to the project, else absolute."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path.resolve())
