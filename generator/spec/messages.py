"""How spec text and values are shown in messages, and where an offset is in a text."""

from __future__ import annotations

from typing import Any


def offset_position(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` in ``data``."""
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1
    start = data.rfind(newline, 0, offset) + 1
    return line, offset - start + 1


def shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a message, shortened when long."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def kind_of(value: Any) -> str:
    """The JSON kind of ``value`` for messages: list, string, number, boolean, null..."""
    if value is None:
        return "null"
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean", dict: "mapping"}.get(
        type(value), type(value).__name__
    )
