"""Strings built from a ``pattern``, for string schemas whose pattern no stock candidate matches
(``^ltr_[a-zA-Z0-9]+$``, ``^(cmp|camp)_\\w+$``).

The pattern is parsed with Python's regex parser and walked: a literal is itself, a class its first
allowed character, a branch its first alternative, a repeat its least count (or one, or a few more).
These are proposals only: the caller keeps a string only if the spec's own (ECMA) pattern matches it.
Spec patterns are untrusted, so nothing is ever matched with ``re`` here and every size is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_MAX_LENGTH = 512  # longer proposals are dropped
_REPEATS = (None, 1, 3)  # None: each repeat's least count
_CATEGORY_CHARACTERS = {
    sre.CATEGORY_DIGIT: "0",
    sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_WORD: "a",
    sre.CATEGORY_NOT_WORD: "-",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: "a",
}
_PREFERRED = "a0A_-. x"  # tried first for a negated class


class _TooLong(Exception):
    pass


def pattern_strings(pattern: str) -> Iterator[str]:
    """Strings the ``pattern`` likely matches, shortest first; nothing when it cannot be parsed."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return
    seen: set[str] = set()
    for repeat in _REPEATS:
        try:
            text = _Builder(repeat).sequence(list(parsed))
        except (_TooLong, RecursionError, ValueError, OverflowError):
            continue
        if text not in seen:
            seen.add(text)
            yield text


class _Builder:
    def __init__(self, repeat: int | None) -> None:
        self.repeat = repeat
        self.groups: dict[int, str] = {}

    def sequence(self, items: list[tuple[Any, Any]]) -> str:
        text = "".join(self.item(op, av) for op, av in items)
        if len(text) > _MAX_LENGTH:
            raise _TooLong
        return text

    def item(self, op: Any, av: Any) -> str:
        if op is sre.LITERAL:
            return chr(av)
        if op is sre.NOT_LITERAL:
            return next(c for c in _PREFERRED + "b" if ord(c) != av)
        if op is sre.ANY:
            return "a"
        if op is sre.IN:
            return _in_class(av)
        if op is sre.BRANCH:
            return self.sequence(list(av[1][0]))
        if op is sre.SUBPATTERN:
            group, _, _, items = av
            text = self.sequence(list(items))
            if group is not None:
                self.groups[group] = text
            return text
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            low, high, items = av
            count = low if self.repeat is None else max(low, min(self.repeat, high))
            if count > _MAX_LENGTH:
                raise _TooLong
            return "".join(self.sequence(list(items)) for _ in range(count))
        if op is sre.GROUPREF:
            return self.groups.get(av, "")
        if op is sre.ATOMIC_GROUP:
            return self.sequence(list(av))
        return ""  # anchors, lookarounds, conditionals: add nothing


def _in_class(members: list[tuple[Any, Any]]) -> str:
    negated = bool(members) and members[0][0] is sre.NEGATE
    if negated:
        for candidate in _PREFERRED:
            if not any(_member_has(op, av, candidate) for op, av in members[1:]):
                return candidate
        raise ValueError("no character outside the class")
    for op, av in members:
        if op is sre.LITERAL:
            return chr(av)
        if op is sre.RANGE:
            return chr(av[0])
        if op is sre.CATEGORY and av in _CATEGORY_CHARACTERS:
            return _CATEGORY_CHARACTERS[av]
    raise ValueError("an empty class")


def _member_has(op: Any, av: Any, character: str) -> bool:
    code = ord(character)
    if op is sre.LITERAL:
        return bool(av == code)
    if op is sre.RANGE:
        return bool(av[0] <= code <= av[1])
    if op is sre.CATEGORY:
        matcher = {
            sre.CATEGORY_DIGIT: str.isdigit,
            sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
            sre.CATEGORY_SPACE: str.isspace,
        }.get(av)
        negated = {
            sre.CATEGORY_NOT_DIGIT: str.isdigit,
            sre.CATEGORY_NOT_WORD: lambda c: c.isalnum() or c == "_",
            sre.CATEGORY_NOT_SPACE: str.isspace,
        }.get(av)
        if matcher is not None:
            return bool(matcher(character))
        if negated is not None:
            return not negated(character)
    return True  # unknown: assume it is in the class
