"""The ``specgen`` command line: parse arguments, run one command, map outcomes to exit codes.

Exit codes: 0 ok; 1 findings, drift or breaking changes; 2 bad input or usage (one
line naming the file and place, never a traceback); 3 an internal error (a bug).
Heavy modules are imported inside each command so that ``--check`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence

from generator import __version__
from generator.diagnostics import SpecInputError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
SPEC_ROOT_HELP = "folder whose files the spec's references may read (default: the spec's folder)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="OpenAPI -> typed Python client; spec lint, normalize and diff.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = sub.add_parser("lint", help="check a spec for structural and semantic mistakes")
    lint.add_argument("spec", nargs="+", help="the OpenAPI document(s) (YAML or JSON)")
    lint.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text")
    lint.add_argument("--fail-on", choices=["error", "warning", "info"], default=None)
    lint.add_argument("--select", action="append", default=[], metavar="RULES", help="comma-separated rule ids")
    lint.add_argument("--ignore", action="append", default=[], metavar="RULES", help="comma-separated rule ids")
    lint.add_argument("--no-cache", action="store_true", help="do not read or write the lint cache")
    lint.add_argument("--spec-root", metavar="DIR", help=SPEC_ROOT_HELP)

    extract = sub.add_parser("extract", help="pick operations and what they reference out of an upstream spec")
    extract.add_argument("--upstream", help="the upstream spec (default: [tool.specgen.extract] upstream)")
    extract.add_argument("--output", help="where to write the fragment")
    extract.add_argument("--operation", action="append", default=[], metavar="ID", help="operationId (repeatable)")
    extract.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff when stale")

    normalize = sub.add_parser("normalize", help="apply the overlay to the extracted fragment")
    normalize.add_argument("--input", help="the extracted fragment")
    normalize.add_argument("--overlay", help="the OpenAPI Overlay 1.0.0 document")
    normalize.add_argument("--output", help="where to write the normalized spec")
    normalize.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff when stale")

    generate = sub.add_parser("generate", help="generate the client package and its tests")
    generate.add_argument("--spec", help="the OpenAPI document (default: [tool.specgen] spec)")
    generate.add_argument("--out", help="output folder (default: [tool.specgen] out)")
    generate.add_argument("--package", help="Python package name of the client")
    generate.add_argument("--templates", help="folder of templates overriding the built-in ones by file name")
    generate.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff when stale")
    generate.add_argument("--strict", action="store_true", help="fail on anything not generated faithfully")
    generate.add_argument("--spec-root", metavar="DIR", help=SPEC_ROOT_HELP)
    generate.add_argument(
        "--no-cache", action="store_true", help="do not read or write the formatter cache (.specgen-cache/format)"
    )

    diff = sub.add_parser("diff", help="classify the changes between two specs")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    diff.add_argument("--no-api", action="store_true", help="do not generate both clients to compare their Python API")
    diff.add_argument("--spec-root", metavar="DIR", help=SPEC_ROOT_HELP)

    update = sub.add_parser("update", help="extract, overlay, lint, diff and generate from a new upstream spec")
    update.add_argument("--upstream", required=True, help="the new upstream spec")
    update.add_argument("--dry-run", action="store_true", help="print the report; write nothing")
    update.add_argument("--fail-on-breaking", action="store_true", help="exit 1 and write nothing on a breaking change")
    update.add_argument("--output-report", metavar="FILE", help="also write the Markdown changelog entry to FILE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``specgen`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    module = importlib.import_module(f"generator.commands.{args.command}")
    try:
        code: int = module.run(args)
    except SpecInputError as exc:
        print(f"specgen: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("specgen: interrupted", file=sys.stderr)
        return 130
    except RecursionError:
        print(f"specgen: error: {one_line(_inputs(args))}: input nested too deeply to process", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # a bug: say so in one line; SPECGEN_DEBUG=1 shows the traceback
        if os.environ.get("SPECGEN_DEBUG"):
            raise
        print(
            f"specgen: internal error: {type(exc).__name__}: {one_line(str(exc), 500)} "
            "(set SPECGEN_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


def _inputs(args: argparse.Namespace) -> str:
    """The input files named on the command line, for a message that has no better place."""
    names: list[str] = []
    for key in ("spec", "upstream", "input", "overlay", "old", "new"):
        value = getattr(args, key, None)
        names.extend(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    return ", ".join(names) or "<input>"


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str, limit: int = 2000) -> str:
    """``text`` as one terminal-safe line: line breaks and control characters escaped, length bounded."""
    flat = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return flat if len(flat) <= limit else flat[:limit] + "..."


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
