"""Examples and defaults: strict JSON, and valid against the schema they illustrate.

``required`` failures are grouped per object ("missing required properties a, b, c") so an
abbreviated example item gives one finding, not one per field; other failures are reported
at their leaf, naming the path inside the example.
"""

from __future__ import annotations

from generator.lint.catalog import Example, locate_inner, schema_name
from generator.lint.context import LintContext
from generator.lint.validation import Problem, summarize
from generator.spec import pointer as jp

MAX_PER_EXAMPLE = 10


def check(ctx: LintContext) -> None:
    """Report ``example-json-strict``, ``example-invalid`` and ``default-invalid``."""
    checked: list[tuple[str, Example]] = []
    for example in ctx.examples:
        if example.parsed is not None and not example.parsed.strict:
            report_strictness(ctx, example)
        if example.schema_pointer and (example.parsed is None or example.parsed.ok):
            checked.append(("example-invalid", example))
    if ctx.wants("default-invalid"):
        for site in ctx.schemas:
            if "default" in site.schema:
                pointer = jp.child(site.pointer, "default")
                checked.append(("default-invalid", Example(pointer, site.schema["default"], site.pointer, "default")))
    checked = [(rule, example) for rule, example in checked if ctx.wants(rule)]
    results = ctx.validation.problems_many([(example.schema_pointer, example.value) for _, example in checked])
    for (rule, example), problems in zip(checked, results, strict=True):
        if problems:
            report_problems(ctx, rule, example, problems)


def report_strictness(ctx: LintContext, example: Example) -> None:
    """``example-json-strict`` at the string, positioned at the offending character."""
    parsed = example.parsed
    assert parsed is not None and example.embedded is not None
    position = None
    if parsed.line:
        position = ctx.text_position(example.pointer, example.embedded.text, parsed.line, parsed.column)
    where = f" (line {parsed.line} of the string)" if parsed.line else ""
    tail = "" if parsed.ok else "; even a lenient parse fails, so its content is not checked"
    ctx.report(
        "example-json-strict",
        example.pointer,
        f"{example.label} is not strict JSON: {parsed.reason}{where}{tail}",
        position,
    )


def report_problems(ctx: LintContext, rule: str, example: Example, problems: list[Problem]) -> None:
    """One finding per failing leaf (``required`` grouped per object), at most :data:`MAX_PER_EXAMPLE`."""
    target = schema_name(ctx.spec, example.schema_pointer)
    messages = summarize(problems)
    shown = messages[:MAX_PER_EXAMPLE]
    for index, (inner, message) in enumerate(shown):
        more = len(messages) - len(shown)
        suffix = ""
        if more and index == len(shown) - 1:
            suffix = f" (and {more} more problem{'s' if more > 1 else ''} in this example)"
        pointer, position = locate_inner(ctx.spec, example, inner)
        ctx.report(
            rule, pointer, f"{example.label} does not match {target} at {inner or '/'}: {message}{suffix}", position
        )
