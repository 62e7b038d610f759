"""Count invariants in examples: declared (``x-specgen-invariants``) and inferred (totals).

A property named ``total`` (or ``total_<unit>``) whose integer siblings (for ``total_<unit>``,
those named ``*_<unit>``: ``total_tokens`` sums ``*_tokens``, not ``prompt_audio_seconds``) add
up to it in the examples is taken to be their sum when the same sum holds (with a non-zero
total) in at least as many examples as it fails. Then an example whose total is below the
sum is reported (a total cannot be less than its parts); one whose total is above it only
when the sum holds in at least twice as many examples and the object has no other number
(the total might count something the parts leave out).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.lint.catalog import Example, locate_inner, schema_name
from generator.lint.context import LintContext
from generator.lint.instances import Instance, walk
from generator.spec import invariants


@dataclass(frozen=True)
class _Sum:
    example: Example
    instance: Instance
    total: str
    parts: tuple[str, ...]

    @property
    def actual(self) -> int:
        return int(sum(self.instance.value[name] for name in self.parts))

    @property
    def holds(self) -> bool:
        return bool(self.instance.value[self.total] == self.actual)


def check(ctx: LintContext) -> None:
    """Report ``example-invariant`` and ``count-invariant`` findings."""
    sums: dict[tuple[str, str, tuple[str, ...]], list[_Sum]] = defaultdict(list)
    for example in ctx.examples:
        if not example.schema_pointer or (example.parsed is not None and not example.parsed.ok):
            continue
        for instance in walk(ctx, example.schema_pointer, example.value):
            if not isinstance(instance.value, dict):
                continue
            declared = _declared(instance.schema)
            if declared and ctx.wants("example-invariant"):
                _check_declared(ctx, example, instance, declared)
            for found in _candidate_sums(example, instance, declared):
                sums[(instance.schema_pointer, found.total, found.parts)].append(found)
    if ctx.wants("count-invariant"):
        for (_, total, _parts), candidates in sums.items():
            _check_inferred(ctx, total, candidates)


def _declared(schema: dict[str, Any]) -> list[invariants.Invariant]:
    if "x-specgen-invariants" not in schema:
        return []
    try:
        return invariants.from_schema(schema)
    except invariants.InvariantError:
        return []  # reported by specgen-extension


def _check_declared(
    ctx: LintContext, example: Example, instance: Instance, declared: list[invariants.Invariant]
) -> None:
    for rule in declared:
        if rule.holds(instance.value) is False:
            values = ", ".join(f"{name}={instance.value.get(name)}" for name in rule.names)
            pointer, position = locate_inner(ctx.spec, example, instance.path)
            ctx.report(
                "example-invariant",
                pointer,
                f"{example.label} breaks `{rule.source}` of {schema_name(ctx.spec, instance.schema_pointer)} "
                f"at {instance.path or '/'}: {rule.message} ({values})",
                position,
            )


def _candidate_sums(example: Example, instance: Instance, declared: list[invariants.Invariant]) -> list[_Sum]:
    value = instance.value
    properties = instance.schema.get("properties")
    if not isinstance(properties, dict):
        return []
    named = {name for rule in declared for name in rule.names}
    counts = [name for name in properties if _is_count(value.get(name))]
    totals = [name for name in counts if (name == "total" or name.startswith("total_")) and name not in named]
    found = []
    for total in totals:
        unit = total[len("total") :]  # "" or "_tokens"
        parts = tuple(name for name in counts if name not in totals and name.endswith(unit))
        if len(parts) >= 2:
            found.append(_Sum(example, instance, total, parts))
    return found


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_inferred(ctx: LintContext, total: str, found: list[_Sum]) -> None:
    holding = [s for s in found if s.holds and s.instance.value[total] != 0]
    failing = [s for s in found if not s.holds]
    if not holding or len(holding) < len(failing):
        return
    for item in failing:
        # A total below its parts is impossible; above them it may count something unlisted,
        # so that needs the sum to hold in clearly more examples.
        above = item.instance.value[total] > item.actual
        if not above or (len(holding) >= 2 * len(failing) and not _other_numbers(item)):
            _report_sum(ctx, item, len(holding), len(found))


def _other_numbers(item: _Sum) -> bool:
    """Whether the object has numbers beside the total and its parts (``prompt_audio_seconds``
    beside ``*_tokens``): the total may count what they measure."""
    value = item.instance.value
    return any(
        isinstance(v, (int, float)) and not isinstance(v, bool) and k not in item.parts and k != item.total
        for k, v in value.items()
    )


def _report_sum(ctx: LintContext, item: _Sum, holding: int, seen: int) -> None:
    example = item.example
    path = item.instance.path
    pointer, position = locate_inner(ctx.spec, example, f"{path}/{item.total}")
    formula = " + ".join(f"`{name}`" for name in item.parts)
    ctx.report(
        "count-invariant",
        pointer,
        f"{example.label} at {path or '/'}: `{item.total}` is {item.instance.value[item.total]} but "
        f"{formula} = {item.actual}; the sum holds in {holding} of the {seen} examples of "
        f"{schema_name(ctx.spec, item.instance.schema_pointer)}",
        position,
    )
