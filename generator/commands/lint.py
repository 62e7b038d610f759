"""``specgen lint``: lint a spec, print the findings, exit 1 when any reaches ``--fail-on``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.config import find_pyproject, load_config
from generator.diagnostics import Diagnostic, Severity
from generator.lint import lint_file
from generator.lint.formats import render
from generator.lint.runner import LintOptions, split_ids

CACHE_FOLDER = Path(".specgen-cache") / "lint"


def run(args: argparse.Namespace) -> int:
    """Lint ``args.spec`` (one path, or a list of them); 0 when no finding reaches the threshold, 1 otherwise."""
    config = load_config()
    select = split_ids(args.select) or config.lint.select
    ignore = split_ids(args.ignore) or config.lint.ignore
    options = LintOptions(select=select, ignore=ignore, severity=dict(config.lint.severity))
    options.resolve()  # unknown rule ids are a usage error, even on a cache hit
    specs = [str(spec) for spec in (args.spec if isinstance(args.spec, list) else [args.spec])]
    diagnostics: list[Diagnostic] = []
    for spec in specs:
        path = Path(spec)
        folder = None if args.no_cache else cache_folder(path)
        root = Path(args.spec_root) if getattr(args, "spec_root", None) else config.spec_root
        diagnostics += lint_file(path, options, cache_folder=folder, limits=config.limits, root=root)
    diagnostics.sort(key=Diagnostic.sort_key)
    sys.stdout.write(render(diagnostics, args.format, specs))
    threshold = Severity(args.fail_on or config.lint.fail_on).rank
    return 1 if any(d.severity.rank >= threshold for d in diagnostics) else 0


def cache_folder(spec: Path) -> Path:
    """``.specgen-cache/lint`` next to the project's pyproject.toml, else next to the spec."""
    pyproject = find_pyproject(Path.cwd().resolve())
    base = pyproject.parent if pyproject is not None else spec.absolute().parent
    return base / CACHE_FOLDER
