"""``specgen generate``: spec -> client package (and its tests) in the output folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.config import load_config
from generator.diagnostics import SpecInputError
from generator.naming import snake_name
from generator.pipeline import Options, generate, inputs_hash
from generator.write import MANIFEST, digest, is_current, plan, read_manifest, write


def run(args: argparse.Namespace) -> int:
    """Generate, or with --check report drift; exit 1 on drift (or on warnings with --strict)."""
    config = load_config()
    spec_path = Path(args.spec) if args.spec else config.spec
    out = Path(args.out) if args.out else config.out
    if spec_path is None or out is None:
        raise SpecInputError("generate needs --spec and --out (or [tool.specgen] spec and out)", file="pyproject.toml")
    templates = Path(args.templates) if args.templates else config.templates
    if templates is not None and not templates.is_dir():
        raise SpecInputError("templates folder not found", file=str(templates))
    package = args.package or config.package or snake_name(spec_path.stem, empty="client")
    if not package.isidentifier():
        raise SpecInputError(f"package name {package!r} is not a Python identifier", file=str(spec_path))
    options = Options(package=package, spec_name=_shown(spec_path, config.root), templates=templates)
    previous = read_manifest(out)
    inputs = inputs_hash([spec_path], options)
    if not args.strict and is_current(out, inputs):
        print(f"generate: {out} is up to date")
        return 0
    result = generate(spec_path, options, config.limits)
    for diagnostic in result.diagnostics:
        print(str(diagnostic), file=sys.stderr)
    if args.strict and result.diagnostics:
        print(f"generate: {len(result.diagnostics)} construct(s) not generated faithfully (--strict)", file=sys.stderr)
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
    manifest_current = previous.inputs == inputs and (out / MANIFEST).is_file()
    if change.stale or not manifest_current:
        sources = {options.spec_name: digest(spec_path.read_bytes())}
        write(out, result.files, inputs, sources, change)
    counts = f"{len(change.changed)} file(s) written, {len(change.unchanged)} unchanged, {len(change.removed)} removed"
    print(f"generate: {counts} in {out}")
    return 0


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name
