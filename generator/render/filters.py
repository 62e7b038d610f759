"""The one way spec text reaches generated code: Python literals, docstrings and comments.

Templates never splice spec text into code any other way; names come from generator.naming.
"""

from __future__ import annotations

import math
import re
import textwrap
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_ESCAPED_SINGLE = re.compile(r"([^\\]|^)\\((?:\\\\)*)'")
_UNESCAPED_DOUBLE = re.compile(r'(([^\\]|^)(\\\\)*)"')


def pyrepr(value: Any) -> str:
    """A Python literal for plain data (str, int, float, bool, None, list, tuple, dict)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, str):
        return python_string(str(value))
    if isinstance(value, bytes):
        return repr(bytes(value))
    if isinstance(value, (list, tuple)):
        items = ", ".join(pyrepr(v) for v in value)
        return (
            f"({items},)"
            if isinstance(value, tuple) and len(value) == 1
            else (f"({items})" if isinstance(value, tuple) else f"[{items}]")
        )
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_string(str(k))}: {pyrepr(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not plain data: {type(value).__name__}")


def python_string(text: str) -> str:
    """A string literal for ``text`` as black writes it: double quotes unless they need more escapes."""
    literal = repr(text)
    quote = literal[0]
    if quote == '"':
        return literal  # repr chose double quotes: the text has a single quote and no double quote
    body = literal[1:-1]
    # Single quotes in the body lose their escapes, double quotes gain one (black's normalization).
    new_body = _ESCAPED_SINGLE.sub(r"\1\2'", _ESCAPED_SINGLE.sub(r"\1\2'", body))
    new_body = _UNESCAPED_DOUBLE.sub(r'\1\\"', _UNESCAPED_DOUBLE.sub(r'\1\\"', new_body))
    if new_body.count("\\") > body.count("\\"):
        return literal
    return f'"{new_body}"'


def python_literal(value: Any) -> str:
    """A Python literal for plain data, strings quoted as black writes them (the same as ``pyrepr``)."""
    return pyrepr(value)


def docstring(text: Any, indent: int = 0) -> str:
    """Text safe inside a triple-double-quoted docstring: no closing quotes, escapes or control characters.

    Lines after the first are indented by ``indent`` spaces; trailing blank space is removed.
    """
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value).replace("\\", "\\\\")
    lines = [line.rstrip() for line in value.strip().split("\n")]
    pad = " " * indent
    value = ("\n".join([lines[0], *[(pad + line) if line else "" for line in lines[1:]]])).rstrip()
    core = value.rstrip('"')  # a quote right before the closing """ would end the string early
    return core.replace('"""', '\\"\\"\\"') + '\\"' * (len(value) - len(core))


def comment(text: Any) -> str:
    """One line of text safe in a ``#`` comment."""
    value = _CONTROL.sub(" ", str(text or "")).replace("\n", " ").replace("\r", " ")
    return " ".join(value.split())


_FENCE = re.compile(r"^\s*(```|~~~)")
_LIST_MARKER = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+")


def wrapped(text: str, width: int) -> str:
    """Spec prose with each line longer than ``width`` broken at spaces (markdown kept meaning the same).

    Lines are never joined. Left as they are: code (fenced, or indented four spaces or more), table
    rows, headings and HTML. A list item's continuation lines are indented under its text. Words
    longer than the width (URLs) are not broken.
    """
    lines: list[str] = []
    fenced = False
    for line in str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or len(line) <= width or not _wrappable(line):
            lines.append(line)
            continue
        marker = _LIST_MARKER.match(line)
        indent = len(line) - len(line.lstrip(" "))
        hanging = " " * (len(marker.group(0)) if marker else indent)
        lines.extend(
            textwrap.wrap(
                line,
                width,
                subsequent_indent=hanging,
                break_long_words=False,
                break_on_hyphens=False,
                expand_tabs=False,
                replace_whitespace=False,
            )
            or [line]
        )
    return "\n".join(lines)


def _wrappable(line: str) -> bool:
    stripped = line.lstrip(" ")
    if line.startswith("\t") or len(line) - len(stripped) >= 4:
        return False
    return not stripped.startswith(("|", "#", "<", ">"))
