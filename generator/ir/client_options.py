"""``x-specgen-client`` ``options``: client options the spec declares, each sent as a header.

Parsed in one function with a dataclass result (:class:`generator.ir.model.ClientOption`), so it can
move to wherever the extensions are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.ir.model import ClientOption

#: Arguments and attributes every generated client has already (an option must not replace one).
RESERVED_NAMES = frozenset(
    {
        "api_key", "base_url", "timeout", "max_retries", "default_headers", "default_query", "http_client",
        "set_default_headers", "set_default_query", "options", "copy", "with_options", "close", "send", "call",
        "call_stream", "page", "with_raw_response", "with_streaming_response",
    }
)  # fmt: skip
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an RFC 9110 token


def client_options(extension: Mapping[str, Any]) -> tuple[tuple[ClientOption, ...], list[str]]:
    """The options listed under ``options`` of an ``x-specgen-client`` value, and why any entry was ignored."""
    found: list[ClientOption] = []
    problems: list[str] = []
    entries = extension.get("options")
    if entries is None:
        return (), problems
    if not isinstance(entries, list):
        return (), ["`options` must be a list of {name, header, env, description}"]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"options[{index}] must be a mapping")
            continue
        name, header, env = entry.get("name"), entry.get("header"), entry.get("env")
        description = entry.get("description")
        if not isinstance(name, str) or not _NAME.match(name) or name in RESERVED_NAMES:
            problems.append(f"options[{index}]: `name` {name!r} is not a free snake_case argument name")
        elif not isinstance(header, str) or not _HEADER.match(header):
            problems.append(f"options[{index}]: `header` {header!r} is not an HTTP header name")
        elif env is not None and (not isinstance(env, str) or not _ENV.match(env)):
            problems.append(f"options[{index}]: `env` {env!r} is not an environment variable name")
        elif any(option.name == name for option in found):
            problems.append(f"options[{index}]: `{name}` is listed twice")
        else:
            found.append(ClientOption(name, header, env or "", description if isinstance(description, str) else ""))
    return tuple(found), problems
