"""``x-specgen-invariants``: a tiny, safe language of linear comparisons between properties.

    expression := sum OP sum           OP := == | != | <= | < | >= | >
    sum        := term (("+" | "-") term)*
    term       := INTEGER | [INTEGER "*"] NAME

Expressions are parsed into data (never evaluated as Python), so spec text cannot run.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|<|>|\+|-|\*))")
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
}


class InvariantError(ValueError):
    """An expression outside the grammar."""


@dataclass(frozen=True)
class Term:
    """``coefficient * name``, or a constant when ``name`` is None."""

    coefficient: int
    name: str | None


@dataclass(frozen=True)
class Invariant:
    """A parsed invariant: ``left op right``, each side a sum of terms."""

    left: tuple[Term, ...]
    op: str
    right: tuple[Term, ...]
    source: str
    message: str

    @property
    def names(self) -> tuple[str, ...]:
        """Property names used, in order of first use."""
        seen: dict[str, None] = {}
        for term in (*self.left, *self.right):
            if term.name is not None:
                seen.setdefault(term.name, None)
        return tuple(seen)

    def holds(self, values: Mapping[str, Any]) -> bool | None:
        """True/False for ``values``; None when a name is missing or not a number."""
        left = _total(self.left, values)
        right = _total(self.right, values)
        if left is None or right is None:
            return None
        return COMPARISONS[self.op](left, right)

    def python(self, accessor: Callable[[str], str]) -> str:
        """The comparison as Python source, each name rendered by ``accessor``."""
        return f"{_python_sum(self.left, accessor)} {self.op} {_python_sum(self.right, accessor)}"


def parse(expression: str, message: str = "") -> Invariant:
    """Parse ``expression``; raises InvariantError naming the problem."""
    tokens: list[tuple[str, str]] = []
    position = 0
    text = expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise InvariantError(f"unexpected text at {text[position:position + 10]!r}")
        number, name, symbol = match.groups()
        tokens.append(("int", number) if number else ("name", name) if name else ("op", symbol))
        position = match.end()
    comparisons = [i for i, (kind, value) in enumerate(tokens) if kind == "op" and value in COMPARISONS]
    if len(comparisons) != 1:
        raise InvariantError("an invariant needs exactly one comparison (==, !=, <=, <, >=, >)")
    split = comparisons[0]
    left = _parse_sum(tokens[:split])
    right = _parse_sum(tokens[split + 1 :])
    return Invariant(left, tokens[split][1], right, text, message or f"{text} must hold")


def _parse_sum(tokens: list[tuple[str, str]]) -> tuple[Term, ...]:
    if not tokens:
        raise InvariantError("empty side of a comparison")
    terms: list[Term] = []
    sign = 1
    index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "int":
            if index + 1 < len(tokens) and tokens[index + 1] == ("op", "*"):
                if index + 2 >= len(tokens) or tokens[index + 2][0] != "name":
                    raise InvariantError("'*' must be followed by a property name")
                terms.append(Term(sign * int(value), tokens[index + 2][1]))
                index += 3
            else:
                terms.append(Term(sign * int(value), None))
                index += 1
        elif kind == "name":
            terms.append(Term(sign, value))
            index += 1
        else:
            raise InvariantError(f"unexpected {value!r}")
        if index < len(tokens):
            kind, value = tokens[index]
            if kind != "op" or value not in "+-":
                raise InvariantError(f"expected '+' or '-', found {value!r}")
            sign = 1 if value == "+" else -1
            index += 1
            if index == len(tokens):
                raise InvariantError(f"dangling {value!r}")
    return tuple(terms)


def _total(terms: tuple[Term, ...], values: Mapping[str, Any]) -> int | float | None:
    total: int | float = 0
    for term in terms:
        if term.name is None:
            total += term.coefficient
            continue
        value = values.get(term.name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        total += term.coefficient * value
    return total


def _python_sum(terms: tuple[Term, ...], accessor: Callable[[str], str]) -> str:
    parts: list[str] = []
    for position, term in enumerate(terms):
        magnitude = abs(term.coefficient)
        if term.name is None:
            body = str(magnitude)
        elif magnitude == 1:
            body = accessor(term.name)
        else:
            body = f"{magnitude} * {accessor(term.name)}"
        if position == 0:
            parts.append(f"-{body}" if term.coefficient < 0 else body)
        else:
            parts.append(("- " if term.coefficient < 0 else "+ ") + body)
    return " ".join(parts)


def from_schema(schema: Mapping[str, Any]) -> list[Invariant]:
    """Invariants declared on an object schema; raises InvariantError for a malformed entry."""
    raw = schema.get("x-specgen-invariants") or []
    if not isinstance(raw, list):
        raise InvariantError("x-specgen-invariants must be a list")
    properties = schema.get("properties") or {}
    result = []
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("expression"), str):
            raise InvariantError("each invariant needs an 'expression' string")
        message = entry.get("message", "")
        invariant = parse(entry["expression"], message if isinstance(message, str) else "")
        unknown = [n for n in invariant.names if n not in properties]
        if unknown:
            raise InvariantError(f"unknown propert{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)}")
        result.append(invariant)
    return result
