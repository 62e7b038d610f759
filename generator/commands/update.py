"""``specgen update --upstream FILE``: extract, overlay, lint, diff and generate from a new upstream spec.

Prints a Markdown changelog entry, then the diff summary. Nothing in the project changes
unless every step succeeded (and not with ``--dry-run``). Exit codes: 0 updated (or dry run),
even when a change is breaking (a BREAKING banner says so); 1 lint errors in the new normalized
spec, or a breaking change with ``--fail-on-breaking``, nothing written; 2 bad input, e.g. an
overlay action whose target selects nothing in the new upstream (the message names it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.changelog import render_entry, summary_lines
from generator.config import load_config
from generator.diagnostics import Severity
from generator.textfile import write_atomic
from generator.update import Update, apply, prepare


def run(args: argparse.Namespace) -> int:
    """Prepare the update, report it, then write it unless told not to."""
    config = load_config()
    update = prepare(config, Path(args.upstream))
    if update.lint_failed:
        for diagnostic in update.lint.diagnostics:
            print(str(diagnostic), file=sys.stderr)
        errors = update.lint.count(Severity.ERROR)
        print(f"update: {errors} lint error(s) in the new normalized spec; nothing written", file=sys.stderr)
        return 1
    entry = render_entry(update)
    sys.stdout.write(entry)
    sys.stdout.write("\n" + summary_lines(update))
    if getattr(args, "output_report", None):
        write_atomic(Path(args.output_report), entry)
    if update.breaking and getattr(args, "fail_on_breaking", False):
        print("update: BREAKING changes and --fail-on-breaking: nothing written", file=sys.stderr)
        return 1
    written = _describe_writes(update)
    if getattr(args, "dry_run", False):
        print(f"update: dry run: would write {written}; nothing written")
        return 0
    apply(update)
    print(f"update: {'wrote ' + written if written != 'nothing' else 'everything is up to date'}")
    if update.breaking:
        print("update: BREAKING changes: see the changelog entry above", file=sys.stderr)
    _note_configured_upstream(update)
    return 0


def _describe_writes(update: Update) -> str:
    changed = [path for path, status in update.file_status().items() if status != "unchanged"]
    return ", ".join(changed) if changed else "nothing"


def _note_configured_upstream(update: Update) -> None:
    t = update.targets
    configured = t.configured_upstream
    if configured is not None and configured.resolve() != update.upstream.resolve():
        print(
            f"update: note: [tool.specgen.extract] upstream is still {t.shown(configured)}; "
            f"point it at {t.shown(update.upstream)} so that `specgen extract --check` follows",
            file=sys.stderr,
        )
