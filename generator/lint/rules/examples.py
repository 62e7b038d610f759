"""Examples and defaults: strict JSON, and valid against the schema they illustrate.

``required`` failures are grouped per object ("missing required properties a, b, c") so an
abbreviated example item gives one finding, not one per field; other failures are reported
at their leaf, naming the path inside the example.
"""

from __future__ import annotations

from typing import Any

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
            # an array's items are never missing, so no tool applies their `default` (Kubernetes
            # writes `default: {}` on every items schema of structs, whatever they require)
            if "default" in site.schema and site.keyword not in ("items", "prefixItems"):
                pointer = jp.child(site.pointer, "default")
                checked.append(("default-invalid", Example(pointer, site.schema["default"], site.pointer, "default")))
    checked = [(rule, example) for rule, example in checked if ctx.wants(rule)]
    # JSON text in a string is parsed up front, so its content is validated in the same batch
    texts = {index: text for index, (_, example) in enumerate(checked) if (text := json_text(example)) is not None}
    items = [(example.schema_pointer, example.value) for _, example in checked]
    items += [(checked[index][1].schema_pointer, value) for index, value in texts.items()]
    results = ctx.validation.problems_many(items)
    inner = dict(zip(texts, results[len(checked) :], strict=True))
    reported: set[tuple[str, str, str]] = set()
    targets: dict[str, str] = {}
    for index, ((rule, example), problems) in enumerate(zip(checked, results, strict=False)):
        if example.schema_pointer not in targets:
            targets[example.schema_pointer] = ctx.spec.follow(
                ctx.spec.get(example.schema_pointer), example.schema_pointer
            )[1]
        key = (rule, example.pointer, targets[example.schema_pointer])
        if key in reported:
            continue  # one Example component used by several responses: its problems once
        reported.add(key)
        if problems and example.textual:
            problems = [problem for problem in problems if not problem.textual]  # "2.5" in a form is 2.5
        if not problems:
            continue
        if index in texts and all(problem.kind == "type" and not problem.path for problem in problems):
            report_json_in_a_string(ctx, rule, example, inner[index] or [])
        else:
            report_problems(ctx, rule, example, problems)


def json_text(example: Example) -> Any:
    """The value of JSON text written inside a YAML/JSON string (``value: "{\\"id\\": 1}"``), or None."""
    value = example.value
    if example.embedded is not None or not isinstance(value, str) or not looks_like_json(value):
        return None
    parsed = parse(value)
    return parsed.value if parsed.ok else None


def report_json_in_a_string(ctx: LintContext, rule: str, example: Example, inner: list[Problem]) -> None:
    """One finding for JSON text in a string, naming what the parsed text gets wrong too."""
    wrong = summarize(inner)
    tail = f"; parsed, it does not match either: {wrong[0][1]} at {wrong[0][0] or '/'}" if wrong else ""
    shape = "object" if str(example.value).strip().startswith("{") else "array"
    ctx.report(
        rule,
        example.pointer,
        f"{example.label} is JSON text inside a string, so the example is that string, not the {shape} "
        f"{schema_name(ctx.spec, example.schema_pointer)} describes (a mock server sends the string); write the "
        "value itself" + tail,
    )


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
