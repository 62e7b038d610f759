"""``specgen extract``: upstream spec -> verbatim fragment of the configured operations."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.config import load_config
from generator.diagnostics import SpecInputError
from generator.extract import extract, provenance_header
from generator.spec.document import read_bytes
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.load import load_spec
from generator.textfile import check_or_write
from generator.yaml_text import to_yaml


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


def render_fragment(upstream: Path, operations: tuple[str, ...], root: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """YAML text of the fragment, with a provenance header."""
    spec = load_spec(upstream, limits)
    fragment = extract(spec, operations)
    try:
        shown = upstream.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        shown = Path(upstream.name)
    return to_yaml(fragment, provenance_header(shown.as_posix(), read_bytes(upstream, limits), operations))
