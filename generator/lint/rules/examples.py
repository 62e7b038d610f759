"""Examples and defaults: strict JSON, and valid against the schema they illustrate.

``required`` failures are grouped per object ("missing required properties a, b, c") so an
abbreviated example item gives one finding, not one per field; other failures are reported
at their leaf, naming the path inside the example.
"""

from __future__ import annotations

from generator.lint.catalog import Example, locate_inner, schema_name
from generator.lint.context import LintContext
from generator.lint.jsontext import looks_like_json, parse
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
        if problems and not json_in_a_string(ctx, rule, example, problems):
            report_problems(ctx, rule, example, problems)


def json_in_a_string(ctx: LintContext, rule: str, example: Example, problems: list[Problem]) -> bool:
    """An example written as JSON text inside a YAML/JSON string (``value: "{\\"id\\": 1}"``) where
    the schema wants the object: report that once (and what the parsed text gets wrong), rather
    than "is not of type object". True when reported."""
    value = example.value
    if example.embedded is not None or not isinstance(value, str) or not looks_like_json(value):
        return False
    if not all(problem.kind == "type" and not problem.path for problem in problems):
        return False
    parsed = parse(value)
    if not parsed.ok:
        return False
    inner = ctx.validation.problems(example.schema_pointer, parsed.value) or []
    wrong = summarize(inner)
    tail = f"; parsed, it does not match either: {wrong[0][1]} at {wrong[0][0] or '/'}" if wrong else ""
    ctx.report(
        rule,
        example.pointer,
        f"{example.label} is JSON text inside a string, so the example is that string, not the "
        f"{'object' if value.strip().startswith('{') else 'array'} {schema_name(ctx.spec, example.schema_pointer)} "
        "describes (a mock server sends the string); write the value itself" + tail,
    )
    return True


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
