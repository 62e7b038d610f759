"""Validation keywords of two schemas: which got tighter, which got wider.

Numeric bounds read both spellings of exclusivity (3.0 ``exclusiveMaximum: true`` next to
``maximum``, 3.1 ``exclusiveMaximum: <number>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diff.model import SideName
from generator.spec import pointer as jp

_UPPER = ("maxLength", "maxItems", "maxProperties")
_LOWER = ("minLength", "minItems", "minProperties")

Bound = tuple[float, bool]  # value, exclusive


@dataclass(frozen=True)
class ConstraintChange:
    """One keyword that changed: where, which way, and how to say it."""

    keyword: str
    pointer: str
    side: SideName
    tightened: bool
    message: str


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bound(schema: dict[str, Any], plain: str, exclusive: str, upper: bool) -> Bound | None:
    value, flag = schema.get(plain), schema.get(exclusive)
    candidates: list[Bound] = []
    if isinstance(value, int | float) and not isinstance(value, bool):
        candidates.append((float(value), flag is True))
    if isinstance(flag, int | float) and not isinstance(flag, bool):
        candidates.append((float(flag), True))
    if not candidates:
        return None
    # the tightest of the two: lowest upper bound / highest lower bound, exclusive first on ties
    if upper:
        return min(candidates, key=lambda b: (b[0], not b[1]))
    return max(candidates, key=lambda b: (b[0], b[1]))


def _tighter(new: Bound, old: Bound, upper: bool) -> bool:
    if new[0] != old[0]:
        return new[0] < old[0] if upper else new[0] > old[0]
    return new[1] and not old[1]


def _text(bound: Bound | None, upper: bool) -> str:
    if bound is None:
        return "none"
    sign = ("<" if bound[1] else "<=") if upper else (">" if bound[1] else ">=")
    number = int(bound[0]) if bound[0].is_integer() else bound[0]
    return f"{sign} {number}"


def compare_constraints(old: dict[str, Any], old_ptr: str, new: dict[str, Any], new_ptr: str) -> list[ConstraintChange]:
    """Every validation keyword that differs between ``old`` and ``new``."""
    found: list[ConstraintChange] = []

    def add(keyword: str, tightened: bool, message: str) -> None:
        if keyword in new:
            found.append(ConstraintChange(keyword, jp.child(new_ptr, keyword), "new", tightened, message))
        elif keyword in old:
            found.append(ConstraintChange(keyword, jp.child(old_ptr, keyword), "old", tightened, message))
        else:
            found.append(ConstraintChange(keyword, new_ptr, "new", tightened, message))

    for keyword, upper in [*((k, True) for k in _UPPER), *((k, False) for k in _LOWER)]:
        before, after = old.get(keyword), new.get(keyword)
        before = before if _number(before) else None
        after = after if _number(after) else None
        if before == after:
            continue
        if before is None or after is None:
            tightened = after is not None
        else:
            tightened = after < before if upper else after > before
        add(keyword, tightened, f"{keyword} {_shown(before)} -> {_shown(after)}")

    for plain, exclusive, upper in (("maximum", "exclusiveMaximum", True), ("minimum", "exclusiveMinimum", False)):
        before_bound, after_bound = _bound(old, plain, exclusive, upper), _bound(new, plain, exclusive, upper)
        if before_bound == after_bound:
            continue
        if before_bound is None or after_bound is None:
            tightened = after_bound is not None
        else:
            tightened = _tighter(after_bound, before_bound, upper)
        keyword = exclusive if _number(new.get(exclusive)) or (after_bound is None and exclusive in old) else plain
        add(keyword, tightened, f"{plain} {_text(before_bound, upper)} -> {_text(after_bound, upper)}")

    pattern_before, pattern_after = old.get("pattern"), new.get("pattern")
    if pattern_before != pattern_after:
        add("pattern", pattern_after is not None, f"pattern {_shown(pattern_before)} -> {_shown(pattern_after)}")

    multiple_before, multiple_after = old.get("multipleOf"), new.get("multipleOf")
    if multiple_before != multiple_after:
        widened = multiple_after is None or (
            _number(multiple_before) and _number(multiple_after) and _divides(multiple_after, multiple_before or 1)
        )
        add("multipleOf", not widened, f"multipleOf {_shown(multiple_before)} -> {_shown(multiple_after)}")

    unique_before, unique_after = old.get("uniqueItems") is True, new.get("uniqueItems") is True
    if unique_before != unique_after:
        add("uniqueItems", unique_after, f"uniqueItems {str(unique_before).lower()} -> {str(unique_after).lower()}")

    extra_before, extra_after = _extra(old), _extra(new)
    if extra_before != extra_after:  # schema -> schema is compared as a schema, not here
        tightened = extra_after == "false" or extra_before == "true"
        add("additionalProperties", tightened, f"additionalProperties {extra_before} -> {extra_after}")
    return found


def _extra(schema: dict[str, Any]) -> str:
    """``additionalProperties`` as "true", "false" or "schema" (absent is true)."""
    value = schema.get("additionalProperties", True)
    if value is False:
        return "false"
    if isinstance(value, dict) and value:
        return "schema"
    return "true"


def _divides(divisor: float, number: float) -> bool:
    quotient = number / divisor
    return divisor != 0 and abs(quotient - round(quotient)) < 1e-9


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, str):
        return repr(value)
    return str(value)
