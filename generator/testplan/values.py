"""Scalar values for string and number schemas: format samples, strings fitted to length bounds and
patterns, numbers at their bounds and just past them; strings a pattern does or does not match.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from math import ceil, floor
from typing import Any

import jsonschema_rs

from generator.testplan.pattern_strings import pattern_strings

_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00Z",
    "duration": "P1D",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
}
_STRING_CANDIDATES = (
    "a",
    "A",
    "0",
    "a0",
    "abc",
    "Abc",
    "ABC",
    "abc123",
    "A1",
    "x_1",
    "a-b",
    "",
    " ",
    "!",
    "~",
    "\n",
    ".",
    "ä",
)


def string_candidates(schema: dict[str, Any], hint: str) -> Iterator[str]:
    """Strings for a string schema: its format's sample, the hint fitted to the length bounds, simple strings."""
    low = whole(schema.get("minLength"), 0)
    high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    pattern = schema.get("pattern") if isinstance(schema.get("pattern"), str) else None
    candidates: list[str] = []
    if isinstance(schema.get("format"), str) and schema["format"] in _FORMATS:
        candidates.append(_FORMATS[schema["format"]])
    candidates.extend([hint or "string", *_STRING_CANDIDATES])
    if pattern is not None:
        candidates.extend(pattern_strings(pattern))
    for candidate in candidates:
        text = candidate
        if len(text) < low:
            text = text + "x" * (low - len(text))
        if high is not None and len(text) > high:
            text = text[:high]
        if pattern is None or _matches(pattern, text):
            yield text


def number_candidates(schema: dict[str, Any], kind: str) -> Iterator[int | float]:
    """Numbers for a numeric schema: 0 when allowed, else the lowest (or highest) allowed value."""
    low, high = numeric_bounds(schema, kind)
    step = schema.get("multipleOf") if isinstance(schema.get("multipleOf"), (int, float)) else None
    for value in (0, low, high, 1):
        if value is None:
            continue
        if low is not None and value < low:
            continue
        if high is not None and value > high:
            continue
        if step:
            value = ceil(value / step) * step
            if isinstance(step, int) or float(value).is_integer():
                value = int(value)
        if kind == "integer" and float(value).is_integer():  # `minimum: 1.0` of an integer: 1
            value = int(value)
        yield value


def numeric_bounds(schema: dict[str, Any], kind: str) -> tuple[int | float | None, int | float | None]:
    """The lowest and highest values allowed (exclusive bounds moved inward by 1)."""
    low: int | float | None = schema.get("minimum") if _is_number(schema.get("minimum")) else None
    high: int | float | None = schema.get("maximum") if _is_number(schema.get("maximum")) else None
    if _is_number(schema.get("exclusiveMinimum")):
        bound = schema["exclusiveMinimum"]
        low = floor(bound) + 1 if kind == "integer" or isinstance(bound, int) else bound + 1
    elif schema.get("exclusiveMinimum") is True and low is not None:
        low = low + 1
    if _is_number(schema.get("exclusiveMaximum")):
        bound = schema["exclusiveMaximum"]
        high = ceil(bound) - 1 if kind == "integer" or isinstance(bound, int) else bound - 1
    elif schema.get("exclusiveMaximum") is True and high is not None:
        high = high - 1
    return low, high


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=1024)
def _pattern_check(pattern: str) -> jsonschema_rs.Validator | None:
    """A matcher that cannot backtrack for ever (Rust regex; fancy-regex has a backtracking limit), unlike ``re``:
    spec patterns are untrusted, and ``(x+x+)+y`` would hang generation. None when it is not a regex."""
    try:
        return jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    except (ValueError, jsonschema_rs.ValidationError):
        return None


def _matches(pattern: str, text: str) -> bool:
    check = _pattern_check(pattern)
    return check is None or bool(check.is_valid(text))


def non_matching(pattern: str, near: str) -> str | None:
    """A string the ``pattern`` does not match (None when every candidate matches or it is not a regex)."""
    if _pattern_check(pattern) is None:
        return None
    for candidate in (*_STRING_CANDIDATES, near + "!", "!" + near, "0" * 3, "Z" * 3):
        if not _matches(pattern, candidate):
            return candidate
    return None


def matching(pattern: str, candidates: list[str]) -> str | None:
    """The first candidate the ``pattern`` matches."""
    for candidate in chain(candidates, _STRING_CANDIDATES, pattern_strings(pattern)):
        if isinstance(candidate, str) and _matches(pattern, candidate):
            return candidate
    return None


def distinct_items(item: Any, count: int) -> list[Any]:
    """``count`` different variants of ``item`` (for ``uniqueItems``)."""
    result: list[Any] = []
    for index in range(count):
        if isinstance(item, str):
            suffix = str(index)
            result.append(
                item if not index else (item[: -len(suffix)] + suffix if len(item) > len(suffix) else item + suffix)
            )
        elif isinstance(item, int) and not isinstance(item, bool):
            result.append(item + index)
        elif isinstance(item, dict):
            result.append({**item, "specgen_index": index} if index else item)
        else:
            result.append(item)
    return result


def whole(value: Any, default: int) -> int:
    """``value`` when it is an integer (not a bool), else ``default``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def as_number(value: Any) -> int | float | None:
    """``value`` when it is a JSON number (not a boolean), else None."""
    return value if is_number(value) else None


def is_number(value: Any) -> bool:
    """A JSON number: an int or float, not a boolean."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def tidy(value: float) -> int | float:
    """A whole float as an int (``2.0`` -> ``2``)."""
    return int(value) if float(value).is_integer() else value


def step_past(value: float, direction: int, kind: str) -> int | float:
    """The next value past ``value`` in ``direction``: 1 away for integers, a little for other numbers."""
    if kind == "integer" or float(value).is_integer():
        return tidy(value + direction)
    return value + direction * max(abs(value) * 1e-6, 1e-9)
