"""``specgen diff OLD NEW``: classify the changes between two specs; exit 1 when any is breaking.

Unless ``--no-api``, a client is also generated (in memory) from each spec and their public
Python APIs are compared; when either cannot be generated the comparison is reported as skipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.config import Config, load_config
from generator.diagnostics import SpecInputError
from generator.diff.api import ApiComparison, compare_specs
from generator.diff.compare import diff_specs
from generator.diff.model import Severity
from generator.diff.report import render
from generator.job import package_name
from generator.spec.limits import DEFAULT_LIMITS
from generator.spec.load import load_spec


def run(args: argparse.Namespace) -> int:
    """Load both specs (unreadable input raises SpecInputError: exit 2), report, exit 1 on breaking."""
    try:
        config: Config | None = load_config()
    except SpecInputError:
        config = None
    limits = config.limits if config else DEFAULT_LIMITS
    root = Path(args.spec_root) if getattr(args, "spec_root", None) else (config.spec_root if config else None)
    old = load_spec(args.old, limits, root=root)
    new = load_spec(args.new, limits, root=root)
    changes = diff_specs(old, new)
    api = None if getattr(args, "no_api", False) else _compare_api(Path(args.old), Path(args.new), config, root)
    sys.stdout.write(render(changes, args.format, args.old, args.new, api))
    breaking = any(change.severity is Severity.BREAKING for change in changes)
    return 1 if breaking or (api is not None and api.breaking) else 0


def _compare_api(old: Path, new: Path, config: Config | None, root: Path | None) -> ApiComparison:
    """Compare the clients generated from both specs, with the package name of ``[tool.specgen]`` if any
    (else the new spec's, from its title)."""
    limits = config.limits if config else DEFAULT_LIMITS
    package = package_name(config.package if config else None, new, file=str(new), limits=limits)
    return compare_specs(old, new, package, limits, root)
