"""The client's credentials: one argument per secret the spec's security schemes need, and where
each scheme sends it (docs/security.md).

Supported: ``apiKey`` in a header, the query or a cookie; ``http`` ``bearer`` and ``basic``;
``oauth2`` and ``openIdConnect`` as a bearer token (the caller obtains the token). A spec with one
token scheme gets ``api_key``; with several, one argument per scheme, named after it; ``basic``
takes ``username`` and ``password``. Each argument defaults to an environment variable
(``<PACKAGE>_<ARGUMENT>``). Any other scheme cannot be sent: a warning names it, and an
operation that may need it is sent as the caller prepared it (``default_headers``, the ``http_client``'s
auth) when no alternative the client can send is satisfied.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from generator.naming import free_name, module_name
from generator.spec.load import Spec
from generator.spec.security import ANONYMOUS, Requirements, SecurityScheme, requirements, security_schemes

# RFC 9110 token: a header name a spec may give that httpx can send
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_TOKEN_TYPES = frozenset({"oauth2", "openIdConnect"})


@dataclass(frozen=True)
class Credential:
    """A client argument holding a secret, and the environment variable it defaults to."""

    name: str
    env: str
    description: str


@dataclass(frozen=True)
class AuthScheme:
    """A security scheme the client sends: where, under which name and prefix, from which arguments."""

    name: str  # its key in components/securitySchemes
    location: str  # header | query | cookie
    wire: str  # the header, query parameter or cookie name
    prefix: str  # "Bearer", "Basic" (the value is base64 of user:password) or "" (the bare key)
    credentials: tuple[str, ...]  # the client arguments it reads (username and password for Basic)


@dataclass(frozen=True)
class Unsupported:
    """A scheme operations require that the client cannot send."""

    name: str
    pointer: str
    what: str


@dataclass(frozen=True)
class Security:
    """Everything about credentials a client is generated with."""

    schemes: tuple[AuthScheme, ...] = ()
    credentials: tuple[Credential, ...] = ()
    default: Requirements = ANONYMOUS  # what operations require unless they say otherwise
    required: bool = False  # no operation can be called without credentials
    unsupported: tuple[Unsupported, ...] = ()


def plan_security(spec: Spec, prefix: str, api_key_env: str | None, taken: Collection[str]) -> Security:
    """The credentials of the client of ``spec``; argument names avoid ``taken``, environment
    variables start with ``prefix`` (``api_key_env`` names the one of a single ``api_key``)."""
    calls = [op for op in spec.operations if op.is_call]
    used: list[str] = []
    for requirement in [requirements(spec), *(requirements(spec, op) for op in calls)]:
        for alternative in requirement:
            used.extend(name for name in alternative if name not in used)
    declared = security_schemes(spec)
    schemes = [declared[name] for name in declared if name in used]
    supported = [s for s in schemes if _problem(s) is None]
    tokens = [s for s in supported if _kind(s) == "token"]
    basics = [s for s in supported if _kind(s) == "basic"]
    names = set(taken)
    credentials: list[Credential] = []

    def credential(name: str, env: str, description: str) -> str:
        chosen = free_name(name, names)
        names.add(chosen)
        credentials.append(Credential(chosen, env or f"{prefix}_{chosen.upper()}", description))
        return chosen

    built: list[AuthScheme] = []
    for scheme in supported:
        if _kind(scheme) == "token":
            name = "api_key" if len(tokens) == 1 else module_name(scheme.name)
            env = (api_key_env or "") if len(tokens) == 1 else ""
            arguments: tuple[str, ...] = (credential(name, env, _describe(scheme)),)
        else:
            stem = "" if len(basics) == 1 else f"{module_name(scheme.name)}_"
            arguments = (
                credential(f"{stem}username", "", f"The user name of {scheme.name!r} (HTTP basic)."),
                credential(f"{stem}password", "", f"The password of {scheme.name!r} (HTTP basic)."),
            )
        built.append(AuthScheme(scheme.name, *_where(scheme), arguments))
    sendable = {s.name for s in supported}
    required = bool(calls) and all(
        () not in requirement and all(set(alternative) <= sendable for alternative in requirement)
        for requirement in (requirements(spec, op) for op in calls)
    )
    unsupported = tuple(
        Unsupported(s.name, s.pointer, problem) for s in schemes if (problem := _problem(s)) is not None
    )
    return Security(tuple(built), tuple(credentials), requirements(spec), required, unsupported)


def _kind(scheme: SecurityScheme) -> str:
    if scheme.type == "http" and scheme.http_scheme == "basic":
        return "basic"
    return "token"


def _problem(scheme: SecurityScheme) -> str | None:
    """Why the client cannot send ``scheme``; None when it can."""
    if scheme.type == "apiKey":
        if scheme.location not in ("header", "query", "cookie"):
            return f"an apiKey in {scheme.location or 'no location'!r}"
        if scheme.location == "header" and not _TOKEN.fullmatch(scheme.key_name):
            return f"an apiKey in the header {scheme.key_name!r}, which is no valid header name"
        if not scheme.key_name:
            return "an apiKey without a name"
        return None
    if scheme.type == "http":
        return None if scheme.http_scheme in ("basic", "bearer") else f"http scheme {scheme.http_scheme!r}"
    if scheme.type in _TOKEN_TYPES:
        return None
    return f"type {scheme.type!r}"


def _where(scheme: SecurityScheme) -> tuple[str, str, str]:
    if scheme.type == "apiKey":
        return scheme.location, scheme.key_name, ""
    return "header", "Authorization", "Basic" if _kind(scheme) == "basic" else "Bearer"


def _describe(scheme: SecurityScheme) -> str:
    if scheme.type == "apiKey":
        return f"The key of {scheme.name!r}, sent in the {scheme.location} {scheme.key_name!r}."
    return f"The token of {scheme.name!r}, sent as ``Authorization: Bearer <token>``."
