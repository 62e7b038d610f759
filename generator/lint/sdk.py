"""SDK samples: the API call a Python or JavaScript sample makes, and its arguments.

The call is the one through the longest attribute chain on a client object
(``client.vector_stores.file_batches.cancel(...)``). Python samples are parsed with
``ast``; JavaScript argument lists with a small reader of literals (objects, arrays,
strings, numbers, identifiers). Argument values that are not literals are ``UNKNOWN``.
Nothing is executed.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from typing import Any


class _Unknown:
    """A value that is not a literal (a variable, a call, an f-string...)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@dataclass
class Call:
    """An SDK call: its dotted name, named arguments (with where each name starts) and positional count."""

    name: str
    keywords: dict[str, Any] = field(default_factory=dict)
    offsets: dict[str, int] = field(default_factory=dict)
    positional: int = 0
    spread: bool = False


def python_call(source: str) -> Call | None:
    """The SDK call of a Python sample; None when the sample does not parse or makes none."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    best: tuple[int, ast.Call, str] | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            chain = _chain(node.func)
            if chain and chain.count(".") >= 2 and (best is None or chain.count(".") > best[0]):
                best = (chain.count("."), node, chain)
    if best is None:
        return None
    _, node, name = best
    call = Call(name, positional=len(node.args))
    line_starts = _line_starts(source)
    for keyword in node.keywords:
        if keyword.arg is None:
            call.spread = True
            continue
        call.keywords[keyword.arg] = _literal(keyword.value)
        call.offsets[keyword.arg] = line_starts[keyword.lineno - 1] + keyword.col_offset
    return call


def _chain(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or not parts:
        return ""
    return ".".join([node.id, *reversed(parts)])


def _literal(node: ast.expr) -> Any:
    try:
        return _json_value(ast.literal_eval(node))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return UNKNOWN


def _json_value(value: Any) -> Any:
    """``value`` as JSON data (tuples become lists); UNKNOWN for what JSON cannot hold (bytes, sets...)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else UNKNOWN
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _json_value(item) for key, item in value.items()}
    return UNKNOWN


def _line_starts(source: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", source):
        starts.append(match.end())
    return starts


_JS_CALL = re.compile(r"\b([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*){2,})\s*\(")


def javascript_call(source: str) -> Call | None:
    """The SDK call of a JavaScript/TypeScript sample, read from its argument literals."""
    best: tuple[int, re.Match[str]] | None = None
    for match in _JS_CALL.finditer(source):
        name = re.sub(r"\s+", "", match.group(1))
        if name.split(".")[0] in ("console", "JSON", "Math", "Object", "Promise", "process", "fs"):
            continue
        if best is None or name.count(".") > best[0]:
            best = (name.count("."), match)
    if best is None:
        return None
    match = best[1]
    reader = _JsReader(source, match.end())
    try:
        args = reader.arguments()
    except (ValueError, RecursionError):
        return None
    call = Call(re.sub(r"\s+", "", match.group(1)))
    for value, offsets in args:
        if isinstance(value, dict) and offsets is not None:
            for key, item in value.items():
                call.keywords[key] = item
                call.offsets[key] = offsets[key]
        else:
            call.positional += 1
    call.spread = reader.spread
    return call


class _JsReader:
    """Reads JavaScript literals from ``source`` starting at ``position``."""

    _NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
    _NAME = re.compile(r"[A-Za-z_$][\w$]*")

    def __init__(self, source: str, position: int) -> None:
        self.source = source
        self.position = position
        self.spread = False

    def fail(self) -> ValueError:
        return ValueError(f"cannot read JavaScript at offset {self.position}")

    def skip(self) -> None:
        while True:
            while self.position < len(self.source) and self.source[self.position].isspace():
                self.position += 1
            if self.source.startswith("//", self.position):
                end = self.source.find("\n", self.position)
                self.position = len(self.source) if end < 0 else end
            elif self.source.startswith("/*", self.position):
                end = self.source.find("*/", self.position)
                self.position = len(self.source) if end < 0 else end + 2
            else:
                return

    def peek(self) -> str:
        self.skip()
        return self.source[self.position : self.position + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.fail()
        self.position += 1

    def arguments(self) -> list[tuple[Any, dict[str, int] | None]]:
        """The call's arguments up to the closing parenthesis: (value, key offsets for objects)."""
        args: list[tuple[Any, dict[str, int] | None]] = []
        while self.peek() != ")":
            if not self.peek():
                raise self.fail()
            offsets: dict[str, int] = {}
            value = self.value(offsets)
            args.append((value, offsets if isinstance(value, dict) else None))
            if self.peek() == ",":
                self.position += 1
        self.position += 1
        return args

    def value(self, offsets: dict[str, int] | None = None) -> Any:
        char = self.peek()
        if char == "{":
            return self.object(offsets if offsets is not None else {})
        if char == "[":
            return self.array()
        if char in "'\"`":
            return self.string(char)
        number = self._NUMBER.match(self.source, self.position)
        if number:
            self.position = number.end()
            text = number.group()
            return float(text) if any(c in text for c in ".eE") else int(text)
        if self.source.startswith("...", self.position):
            self.position += 3
            self.spread = True
            self.value()
            return UNKNOWN
        return self.expression()

    def object(self, offsets: dict[str, int]) -> dict[str, Any]:
        self.expect("{")
        result: dict[str, Any] = {}
        while self.peek() != "}":
            if self.source.startswith("...", self.position):
                self.position += 3
                self.spread = True
                self.value()
            else:
                char = self.peek()
                start = self.position
                if char in "'\"":
                    key = str(self.string(char))
                else:
                    name = self._NAME.match(self.source, self.position) or self._NUMBER.match(
                        self.source, self.position
                    )
                    if not name:
                        raise self.fail()
                    key, self.position = name.group(), name.end()
                offsets[key] = start
                if self.peek() == ":":
                    self.position += 1
                    result[key] = self.value()
                else:
                    result[key] = UNKNOWN  # shorthand property
            if self.peek() == ",":
                self.position += 1
            elif self.peek() != "}":
                raise self.fail()
        self.position += 1
        return result

    def array(self) -> list[Any]:
        self.expect("[")
        items: list[Any] = []
        while self.peek() != "]":
            items.append(self.value())
            if self.peek() == ",":
                self.position += 1
            elif self.peek() != "]":
                raise self.fail()
        self.position += 1
        return items

    def string(self, quote: str) -> Any:
        self.position += 1
        chars: list[str] = []
        while self.position < len(self.source):
            char = self.source[self.position]
            if char == "\\":
                chars.append(self.source[self.position + 1 : self.position + 2])
                self.position += 2
                continue
            if char == quote:
                self.position += 1
                text = "".join(chars)
                return UNKNOWN if quote == "`" and "${" in text else text
            chars.append(char)
            self.position += 1
        raise self.fail()

    def expression(self) -> Any:
        """An identifier, call or other expression: skipped up to the next ``,`` ``}`` ``]`` ``)``."""
        name = self._NAME.match(self.source, self.position)
        if name and name.group() in ("true", "false", "null", "undefined"):
            end = name.end()
            if end >= len(self.source) or not (self.source[end].isalnum() or self.source[end] in "_$.("):
                self.position = end
                return {"true": True, "false": False, "null": None, "undefined": UNKNOWN}[name.group()]
        depth = 0
        start = self.position
        while self.position < len(self.source):
            char = self.source[self.position]
            if char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0:
                break
            elif char in "'\"`":
                self.string(char)
                continue
            self.position += 1
        if self.position == start:
            raise self.fail()
        return UNKNOWN
