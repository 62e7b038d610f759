"""RFC 6901 JSON pointers: build, split and resolve them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote


def escape(part: str | int) -> str:
    """Escape one reference token (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    text = part if type(part) is str else str(part)  # exact type: a str subclass is converted too
    if "~" not in text and "/" not in text:  # most tokens: nothing to escape
        return text
    return text.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo :func:`escape` for one reference token."""
    if "~" not in token:  # most tokens: nothing to undo
        return token
    return token.replace("~1", "/").replace("~0", "~")


def join(parts: Iterable[str | int]) -> str:
    """Pointer for a sequence of keys and indices; ``[]`` is the root ``""``."""
    return "".join("/" + escape(p) for p in parts)


def child(pointer: str, part: str | int) -> str:
    """Pointer of a child of ``pointer``."""
    return f"{pointer}/{escape(part)}"


def split(pointer: str) -> list[str]:
    """Reference tokens of a pointer (``""`` -> ``[]``); raises ValueError when malformed."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def from_fragment(fragment: str) -> str:
    """Pointer from a URI fragment (percent-decoded), e.g. ``/components/schemas/A%20B``."""
    return unquote(fragment)


_MISSING = object()


def resolve(data: Any, pointer: str) -> Any:
    """Value at ``pointer`` in ``data``; raises KeyError when it does not exist."""
    node = data
    for token in split(pointer):
        if isinstance(node, dict):
            node = node.get(token, _MISSING)
        elif isinstance(node, list) and token.isdigit() and (token == "0" or token[0] != "0"):
            index = int(token)
            node = node[index] if index < len(node) else _MISSING
        else:
            node = _MISSING
        if node is _MISSING:
            raise KeyError(pointer)
    return node


def exists(data: Any, pointer: str) -> bool:
    """Whether ``pointer`` resolves in ``data``."""
    try:
        resolve(data, pointer)
    except (KeyError, ValueError):
        return False
    return True
