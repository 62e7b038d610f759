"""``specgen lint``: lint a spec, print the findings, exit 1 when any reaches ``--fail-on``."""

from __future__ import annotations

import argparse
import os
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
        folder = None if args.no_cache else cache_folder()
        root = Path(args.spec_root) if getattr(args, "spec_root", None) else config.spec_root
        diagnostics += lint_file(path, options, cache_folder=folder, limits=config.limits, root=root)
    diagnostics.sort(key=Diagnostic.sort_key)
    sys.stdout.write(render(diagnostics, args.format, specs, config.lint.docs_url))
    threshold = Severity(args.fail_on or config.lint.fail_on).rank
    return 1 if any(d.severity.rank >= threshold for d in diagnostics) else 0


def cache_folder() -> Path:
    """``.specgen-cache/lint`` next to the project's pyproject.toml; without one, the user's cache
    folder (``$XDG_CACHE_HOME/specgen/lint``, by default ``~/.cache/specgen/lint``), never a folder
    beside the spec, which may be someone else's checkout or read-only."""
    pyproject = find_pyproject(Path.cwd().resolve())
    if pyproject is not None:
        return pyproject.parent / CACHE_FOLDER
    base = os.environ.get("XDG_CACHE_HOME") or ""
    home = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return home / "specgen" / "lint"
