"""How a planned call reaches the wire: path segments, query items, credentials (what the generated
tests expect the client to send).
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

from generator.ir.credentials import Security
from generator.ir.model import Param

HTTPX_PATH_SAFE = "".join(chr(i) for i in range(0x21, 0x7F) if chr(i) not in '"<>`{}')  # "%" kept: %xx stays


def path_segment(text: str) -> str:
    return quote(text, safe="") if text not in (".", "..") else text.replace(".", "%2E")


def is_empty(value: Any) -> bool:
    return value in ("", [], {}) and not isinstance(value, bool)


def query_items(param: Param, value: Any) -> list[tuple[str, str]]:
    """What the client sends for a query parameter (the OpenAPI style rules of the runtime)."""
    if param.media_type:
        return [(param.wire, json.dumps(value))]
    style = param.style or "form"
    explode = param.explode if param.explode is not None else style == "form"
    if isinstance(value, dict):
        members = [(str(k), v) for k, v in value.items() if v is not None]
        if style == "deepObject":
            return [(f"{param.wire}[{k}]", scalar_text(v)) for k, v in members]
        if explode:
            return [(k, scalar_text(v)) for k, v in members]
        return [(param.wire, ",".join(f"{k},{scalar_text(v)}" for k, v in members))]
    if isinstance(value, list):
        if explode and style == "form":
            return [(param.wire, scalar_text(v)) for v in value]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(param.wire, separator.join(scalar_text(v) for v in value))]
    return [(param.wire, scalar_text(value))]


def joined_value(param: Param, value: Any) -> str:
    """What the client sends for a header parameter (style simple)."""
    if param.media_type:
        return json.dumps(value)
    if isinstance(value, dict):
        separator = "=" if param.explode else ","
        return ",".join(f"{k}{separator}{scalar_text(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return ",".join(scalar_text(v) for v in value)
    return scalar_text(value)


def sent_credentials(
    security: Security, own: tuple[tuple[str, ...], ...] | None, values: dict[str, str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """Headers, query items and cookies a client holding every credential sends for an operation:
    those of the first alternative of its requirement the client can send (as the runtime's ``_auth``)."""
    schemes = {scheme.name: scheme for scheme in security.schemes}
    for alternative in security.default if own is None else own:
        if not alternative or not all(name in schemes for name in alternative):
            continue
        found: tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]] = ([], [], [])
        for name in alternative:
            scheme = schemes[name]
            given = [values[c] for c in scheme.credentials]
            if scheme.prefix == "Basic":
                value = "Basic " + base64.b64encode(":".join(given).encode()).decode("ascii")
            else:
                value = f"{scheme.prefix} {given[0]}" if scheme.prefix else given[0]
            where = {"header": 0, "query": 1, "cookie": 2}[scheme.location]
            found[where].append((scheme.wire, value))
        return found
    return ([], [], [])


# cookie-octet of RFC 6265 (as the runtime's ``_request``)
COOKIE_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '",;\\%')


def scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
