"""Strict JSON: duplicate keys, NaN/Infinity, trailing commas and lone surrogates are errors.

Bounded like YAML (size, depth, node count) and every error names its line and column.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.diagnostics import SpecInputError
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.messages import offset_position, shown


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _BadConstant(Exception):
    def __init__(self, token: str) -> None:
        self.token = token


def parse_json(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Strict JSON: duplicate keys, NaN/Infinity and trailing commas are errors."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    def constant(token: str) -> Any:
        raise _BadConstant(token)

    _check_json_size(text, name, limits)
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        comma = _trailing_comma(text, exc.pos)
        if comma is not None:
            line, col = offset_position(text, comma)
            raise SpecInputError("invalid JSON: trailing comma", file=name, line=line, column=col) from None
        raise SpecInputError(f"invalid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno) from None
    except _DuplicateKey as exc:
        key, line, col = _json_duplicate(text) or (exc.key, 0, 0)
        raise SpecInputError(f"duplicate key {shown(key)}", file=name, line=line, column=col) from None
    except _BadConstant as exc:
        line, col = _json_token_position(text, exc.token)
        raise SpecInputError(
            f"invalid JSON: {exc.token} is not a JSON value", file=name, line=line, column=col
        ) from None
    except RecursionError:
        line, col = _json_depth_position(text, limits.max_depth)
        raise SpecInputError(
            f"nesting deeper than {limits.max_depth} levels", file=name, line=line, column=col
        ) from None
    except ValueError as exc:
        raise SpecInputError(f"invalid JSON: {exc}", file=name) from None
    _check_json_shape(data, name, text, limits)
    return data


_JSON_SEPARATOR = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _check_json_size(text: str, name: str, limits: Limits) -> None:
    """Refuse JSON with more than ``limits.max_nodes`` values before parsing it (parsing costs memory).

    Every value but the root follows a ``:``, a ``[`` or a ``,`` inside a list, outside strings;
    counting those bounds the node count cheaply, and the exact scan (which names the place of
    the first value over the limit) runs only when that count is over the limit.
    """
    if text.count("[") + text.count(",") + text.count(":") < limits.max_nodes:
        return
    nodes = 1
    in_list: list[bool] = []
    for match in _JSON_SEPARATOR.finditer(text):
        token = match.group()[0]
        if token in "{[":
            in_list.append(token == "[")
        elif token in "}]":
            if in_list:
                in_list.pop()
            continue
        if token == '"' or (token == "," and not (in_list and in_list[-1])) or token == "{":
            continue
        spaces = _JSON_SPACE.match(text, match.end())
        start = spaces.end() if spaces else match.end()
        if token == "[" and text.startswith("]", start):
            continue  # an empty list holds no value
        nodes += 1
        if nodes > limits.max_nodes:
            line, col = offset_position(text, start)
            raise SpecInputError(f"more than {limits.max_nodes} nodes", file=name, line=line, column=col)


def _check_json_shape(data: Any, name: str, text: str, limits: Limits) -> None:
    """Depth and node-count bounds for parsed JSON; no lone surrogates (``"\\ud800"``: not text)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            raise SpecInputError(f"more than {limits.max_nodes} nodes", file=name)
        if isinstance(node, str) and _SURROGATE.search(node):
            _refuse_surrogate(text, name)
        if isinstance(node, (dict, list)):
            if depth > limits.max_depth:
                line, col = _json_depth_position(text, limits.max_depth)
                raise SpecInputError(f"nesting deeper than {limits.max_depth} levels", file=name, line=line, column=col)
            if isinstance(node, dict):
                for key in node:
                    if _SURROGATE.search(key):
                        _refuse_surrogate(text, name)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)


def _refuse_surrogate(text: str, name: str) -> None:
    """A string holds half of a UTF-16 surrogate pair: valid JSON syntax, but not Unicode text."""
    for match in _SURROGATE_ESCAPE.finditer(text):
        code = int(match.group()[2:], 16)
        after = text[match.end() : match.end() + 6]
        paired = code < 0xDC00 and _SURROGATE_ESCAPE.fullmatch(after) is not None and int(after[2:], 16) >= 0xDC00
        before = text[max(0, match.start() - 6) : match.start()]
        follows_high = (
            code >= 0xDC00 and _SURROGATE_ESCAPE.fullmatch(before) is not None and int(before[2:], 16) < 0xDC00
        )
        if not paired and not follows_high:
            line, col = offset_position(text, match.start())
            raise SpecInputError(
                f"invalid JSON: {match.group()} is half of a surrogate pair, not a character",
                file=name,
                line=line,
                column=col,
            )
    raise SpecInputError("invalid JSON: a string holds half of a surrogate pair, not a character", file=name)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth_position(text: str, max_depth: int) -> tuple[int, int]:
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return offset_position(text, match.start())
        elif token in "]}":
            depth -= 1
    return (0, 0)


_JSON_SCAN = re.compile(r'"(?:[^"\\]|\\.)*"\s*:?|[\[\]{}]')


def _json_duplicate(text: str) -> tuple[str, int, int] | None:
    """The first key (in text order) that repeats within its object, and where it is."""
    stack: list[set[str] | None] = []  # one entry per open container: its keys, or None for an array
    for match in _JSON_SCAN.finditer(text):
        token = match.group()
        if token in ("{", "["):
            stack.append(set() if token == "{" else None)
        elif token in ("}", "]"):
            if stack:
                stack.pop()
        elif token.endswith(":") and stack and stack[-1] is not None:
            key = json.loads(token[:-1].rstrip())
            if key in stack[-1]:
                line, col = offset_position(text, match.start())
                return key, line, col
            stack[-1].add(key)
    return None


def _trailing_comma(text: str, offset: int) -> int | None:
    """Offset of the comma when the JSON error at ``offset`` is a ``]`` or ``}`` right after one."""
    if text[offset : offset + 1] not in ("]", "}"):
        return None
    before = text[:offset].rstrip()
    return len(before) - 1 if before.endswith(",") else None


def _json_token_position(text: str, token: str) -> tuple[int, int]:
    """Where the bare ``token`` (not inside a string) first occurs, or (0, 0)."""
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|' + re.escape(token), text):
        if match.group() == token:
            return offset_position(text, match.start())
    return (0, 0)
