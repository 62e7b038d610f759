"""specgen's own ``x-specgen-*`` extensions (docs/extensions.md): known, well placed, well formed.

The extensions are parsed once by :mod:`generator.spec.extensions`; this rule reports the
problems found there, the same ones ``specgen generate`` warns about.
"""

from __future__ import annotations

from generator.lint.context import LintContext


def check(ctx: LintContext) -> None:
    """Report ``specgen-extension`` for every problem of an ``x-specgen-*`` extension."""
    for problem in ctx.spec.extensions.problems:
        ctx.report("specgen-extension", problem.pointer, problem.message)
