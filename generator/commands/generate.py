"""``specgen generate``: spec -> client package (and its tests) in the output folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.config import load_config, source_key
from generator.diagnostics import SpecInputError
from generator.job import Job, package_name, run_job, sources_of, strict_failure, write_output
from generator.pipeline import inputs_hash
from generator.spec.document import read_bytes
from generator.write import compare_output, is_current, read_manifest


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
    given = args.package or (config.package if configured else None)
    job = Job(
        spec=spec_path,
        package=package_name(given, spec_path, file=str(spec_path), limits=config.limits),
        root=config.root,
        templates=Path(args.templates) if args.templates else config.templates,
        spec_root=Path(args.spec_root) if getattr(args, "spec_root", None) else config.spec_root,
        limits=config.limits,
        strict=args.strict,
    )
    options = job.options()
    read_bytes(spec_path, config.limits)  # bounded: the hashes below read the spec too
    previous = read_manifest(out)
    # The files the last generation read besides the root (a spec split over files): a change to
    # any of them makes the output stale.
    root_key = source_key(spec_path, config.root)
    others = [config.root / name for name in previous.sources if name != root_key]
    inputs = inputs_hash([spec_path, *others], options)
    if not job.strict and is_current(out, inputs):
        print(f"generate: {out} is up to date")
        return 0
    from generator.cache import CACHE_FOLDER, TextCache  # imported here: not needed when up to date

    cache = None if getattr(args, "no_cache", False) else TextCache(config.root / CACHE_FOLDER / "format")
    result = run_job(job, cache=cache)
    for diagnostic in result.diagnostics:
        print(str(diagnostic), file=sys.stderr)
    failure = strict_failure(job, result, "--strict")
    if failure is not None:
        print(f"generate: {failure}", file=sys.stderr)
        return 1
    change = compare_output(out, result.files)
    if args.check:
        if change.stale:
            print(change.diff(), end="")
            counts = f"{len(change.changed)} changed, {len(change.removed)} removed"
            print(f"generate: {out} is stale ({counts}); run `specgen generate`")
            return 1
        print(f"generate: {out} is up to date")
        return 0
    write_output(out, result.files, inputs_hash(list(result.sources), options), sources_of(job, result), change)
    counts = f"{len(change.changed)} file(s) written, {len(change.unchanged)} unchanged, {len(change.removed)} removed"
    print(f"generate: {counts} in {out}")
    return 0


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError):
        return False
