"""JSON found in strings: strict parsing with a precise reason, then a lenient second try.

Documentation JSON is often almost-JSON: trailing commas, ``//`` comments, ``...``
elisions. The strict parse says exactly what is wrong and where; the lenient parse
recovers the content so that it can still be checked against its schema.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Parsed:
    """Outcome of parsing: the value (None with ``ok`` False when even lenient parsing failed)."""

    value: Any
    ok: bool
    strict: bool
    reason: str = ""
    line: int = 0
    column: int = 0


class _Duplicate(ValueError):
    pass


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in items:
        if key in result:
            raise _Duplicate(f"duplicate key {json.dumps(key)}")
        result[key] = value
    return result


def _constant(token: str) -> Any:
    raise ValueError(f"{token} is not JSON")


def looks_like_json(text: str) -> bool:
    """A string that starts and ends like a JSON object or array."""
    stripped = text.strip()
    return len(stripped) >= 2 and (stripped[0], stripped[-1]) in (("{", "}"), ("[", "]"))


def parse(text: str) -> Parsed:
    """Strict JSON first; on failure the reason and position, plus a leniently parsed value."""
    try:
        return Parsed(json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant), True, True)
    except json.JSONDecodeError as exc:
        reason, line, column = _describe(text, exc)
    except _Duplicate as exc:
        reason, line, column = str(exc), 0, 0
    except (ValueError, RecursionError) as exc:
        reason, line, column = str(exc), 0, 0
    try:
        value = json.loads(relax(text))
    except (ValueError, RecursionError):
        return Parsed(None, False, False, reason, line, column)
    return Parsed(value, True, False, reason, line, column)


def _describe(text: str, exc: json.JSONDecodeError) -> tuple[str, int, int]:
    """The decoder's complaint in plain words; a trailing comma is named and pointed at."""
    before = text[: exc.pos].rstrip()
    if before.endswith(",") and exc.pos < len(text) and text[exc.pos] in "}]":
        comma = len(before) - 1
        line = text.count("\n", 0, comma) + 1
        column = comma - (text.rfind("\n", 0, comma) + 1) + 1
        return f"trailing comma before `{text[exc.pos]}`", line, column
    if text[exc.pos : exc.pos + 3] == "..." or text[exc.pos : exc.pos + 1] == "…":
        return "`...` elision is not JSON", exc.lineno, exc.colno
    return exc.msg[0].lower() + exc.msg[1:], exc.lineno, exc.colno


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?\*/|\.\.\.|…|\s+|[\[\]{},]|[^"/.…,\[\]{}\s]+|.', re.DOTALL)


def relax(text: str) -> str:
    """Drop what strict JSON forbids outside strings: comments, ``...`` elisions and the commas
    left dangling (trailing, leading or doubled)."""
    tokens = [t for t in _TOKENS.findall(text) if not (t.startswith(("//", "/*")) or t in ("...", "…") or t.isspace())]
    out: list[str] = []
    for index, token in enumerate(tokens):
        if token == ",":
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            previous = out[-1] if out else ""
            if following in ("}", "]", ",", "") or previous in ("[", "{", ","):
                continue
        out.append(token)
    return "".join(out)


_SCAN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)


@lru_cache(maxsize=256)
def positions(text: str) -> dict[str, tuple[int, int]]:
    """JSON pointer -> 1-based (line, column) of each value in JSON(-ish) ``text``.

    A single tolerant pass over the tokens, so trailing commas and the like do not stop it;
    it stops quietly where the text stops making sense.
    """
    found: dict[str, tuple[int, int]] = {}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    # frame: [pointer, is_object, next index or pending key, expecting_key]
    stack: list[list[Any]] = []
    pending_key: str | None = None

    def place(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, offset) - 1
        return line + 1, offset - line_starts[line] + 1

    def child_pointer() -> str | None:
        if not stack:
            return ""
        frame = stack[-1]
        if frame[1]:
            return None if pending_key is None else frame[0] + "/" + pending_key.replace("~", "~0").replace("/", "~1")
        pointer = f"{frame[0]}/{frame[2]}"
        frame[2] += 1
        return pointer

    expecting_key = False
    for match in _SCAN.finditer(text):
        token = match.group()
        if token in "{[":
            pointer = child_pointer()
            if pointer is None:
                return found
            found.setdefault(pointer, place(match.start()))
            stack.append([pointer, token == "{", 0])
            pending_key, expecting_key = None, token == "{"
        elif token in "}]":
            if not stack:
                return found
            stack.pop()
            pending_key, expecting_key = None, False
        elif token == ",":
            pending_key = None
            expecting_key = bool(stack) and stack[-1][1]
        elif token == ":":
            expecting_key = False
        elif expecting_key and token.startswith('"'):
            try:
                pending_key = json.loads(token)
            except ValueError:
                return found
        else:
            pointer = child_pointer()
            if pointer is None:
                return found
            found.setdefault(pointer, place(match.start()))
    return found
