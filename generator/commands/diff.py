"""``specgen diff OLD NEW``: classify the changes between two specs; exit 1 when any is breaking."""

from __future__ import annotations

import argparse
import sys

from generator.diff.compare import diff_specs
from generator.diff.model import Severity
from generator.diff.report import render
from generator.load import load_spec


def run(args: argparse.Namespace) -> int:
    """Load both specs (unreadable input raises SpecInputError: exit 2), report, exit 1 on breaking."""
    old = load_spec(args.old)
    new = load_spec(args.new)
    changes = diff_specs(old, new)
    sys.stdout.write(render(changes, args.format, args.old, args.new))
    return 1 if any(change.severity is Severity.BREAKING for change in changes) else 0
