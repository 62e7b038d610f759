"""``specgen extract``: upstream spec -> verbatim fragment of the configured operations."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.config import load_config
from generator.diagnostics import SpecInputError
from generator.extract import render_fragment
from generator.textfile import check_or_write


def run(args: argparse.Namespace) -> int:
    """Extract, then write or check the fragment."""
    config = load_config()
    upstream = Path(args.upstream) if args.upstream else config.extract.upstream
    output = Path(args.output) if args.output else config.extract.output
    operations = tuple(args.operation) or config.extract.operations
    if upstream is None or output is None or not operations:
        raise SpecInputError(
            "extract needs --upstream, --output and --operation (or [tool.specgen.extract])", file="pyproject.toml"
        )
    text = render_fragment(upstream, operations, config.root, config.limits)
    return check_or_write(output, text, check=args.check, label="extract")
