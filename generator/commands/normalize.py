"""``specgen normalize``: extracted fragment + overlay -> normalized spec."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.config import load_config
from generator.diagnostics import SpecInputError
from generator.overlay import render_normalized
from generator.textfile import check_or_write


def run(args: argparse.Namespace) -> int:
    """Apply the overlay, then write or check the normalized spec."""
    config = load_config()
    source = Path(args.input) if args.input else config.normalize.input
    overlay_path = Path(args.overlay) if args.overlay else config.normalize.overlay
    output = Path(args.output) if args.output else config.normalize.output
    if source is None or overlay_path is None or output is None:
        raise SpecInputError(
            "normalize needs --input, --overlay and --output (or [tool.specgen.normalize])", file="pyproject.toml"
        )
    text = render_normalized(source, overlay_path, config.root, config.limits)
    return check_or_write(output, text, check=args.check, label="normalize")
