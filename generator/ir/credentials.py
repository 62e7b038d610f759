"""Where the generated client sends its API key, from the spec's security requirements."""

from __future__ import annotations

import re
from typing import Any

# RFC 9110 token: a header name a spec may give that httpx can send
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")

BEARER = ("Authorization", "Bearer")


def credential_header(data: dict[str, Any]) -> tuple[str, str] | None:
    """The header and scheme prefix of the document's first supported security requirement.

    ``http`` bearer gives ``("Authorization", "Bearer")``; an ``apiKey`` in a header gives
    ``(its name, "")``. None when no requirement names one of these (the client then sends
    bearer, and :mod:`generator.ir.approximations` warns about any other scheme it approximates).
    """
    requirements = data.get("security")
    components = data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        return None
    for requirement in requirements if isinstance(requirements, list) else []:
        for name in requirement if isinstance(requirement, dict) else []:
            found = scheme_header(schemes.get(name))
            if found is not None:
                return found
    return None


def scheme_header(scheme: Any) -> tuple[str, str] | None:
    """The header and prefix one security scheme object puts the key in; None when unsupported."""
    if not isinstance(scheme, dict):
        return None
    if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return BEARER
    header = scheme.get("name")
    if scheme.get("type") == "apiKey" and scheme.get("in") == "header" and isinstance(header, str):
        return (header, "") if _TOKEN.fullmatch(header) else None
    return None


def credential_value(scheme: str, key: str) -> str:
    """The header value that carries ``key`` under ``scheme`` ("Bearer" or "" for a bare key)."""
    return f"{scheme} {key}" if scheme else key
