"""Credentials: read from the client's arguments or the environment, sent where each operation's
security requirement says (a header, the query or a cookie), never shown in errors."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from ._constants import CREDENTIALS, CREDENTIALS_REQUIRED, DEFAULT_SECURITY, SECURITY_SCHEMES
from ._exceptions import MissingAPIKeyError

__all__ = ["Credentials", "SentCredentials"]

#: Alternatives of an operation's security requirement, each the schemes sent together (``()``: none).
Requirements = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SentCredentials:
    """What one request carries to authenticate: headers, query items, cookies, and the secrets in them."""

    headers: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[tuple[str, str]] = field(default_factory=list)
    secrets: tuple[str, ...] = ()


class Credentials:
    """The client's credentials by argument name (unset ones left out)."""

    def __init__(self, given: Mapping[str, str | None]) -> None:
        self.values: dict[str, str] = {}
        for name, env in CREDENTIALS:
            value = given.get(name)
            if value is None and env:
                value = os.environ.get(env)
            if not value:
                continue
            if not value.isprintable():
                # It would fail on the wire as a "connection error" whose cause quotes the header (and the key).
                where = f" (a trailing newline in {env}?)" if env else ""
                raise ValueError(f"the credential {name} contains control characters{where}")
            self.values[name] = value
        if CREDENTIALS_REQUIRED and not self.values:
            raise MissingAPIKeyError(_missing([[credential] for credential in CREDENTIALS]))

    def get(self, name: str) -> str | None:
        """The credential held in the argument ``name``, if set."""
        return self.values.get(name)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret value held (what errors never show)."""
        return tuple(self.values.values())

    def for_request(self, security: Requirements | None, label: str) -> SentCredentials:
        """The credentials a request sends: the first alternative of ``security`` (the spec's default
        when None) whose credentials are all set; none when the operation allows that; else
        MissingAPIKeyError naming the arguments it needs (when every scheme it names can be sent)."""
        alternatives = DEFAULT_SECURITY if security is None else security
        for alternative in alternatives:
            if alternative and all(self._ready(scheme) for scheme in alternative):
                return self._send(alternative)
        if () in alternatives or not alternatives:
            return SentCredentials()
        if any(scheme not in SECURITY_SCHEMES for alternative in alternatives for scheme in alternative):
            # A scheme this client cannot send (specgen warned): the caller authenticates the request
            # (default_headers, or its http_client's auth).
            return SentCredentials()
        environment = dict(CREDENTIALS)
        groups = [
            [(name, environment.get(name, "")) for scheme in alternative for name in _arguments(scheme)]
            for alternative in alternatives
        ]
        raise MissingAPIKeyError(f"{label}: {_missing(groups)}")

    def _ready(self, scheme: str) -> bool:
        found = SECURITY_SCHEMES.get(scheme)
        return found is not None and all(name in self.values for name in found[3])

    def _send(self, alternative: tuple[str, ...]) -> SentCredentials:
        sent = SentCredentials()
        secrets: list[str] = []
        for scheme in alternative:
            location, wire, prefix, names = SECURITY_SCHEMES[scheme]
            values = [self.values[name] for name in names]
            if prefix == "Basic":
                token = base64.b64encode(":".join(values).encode()).decode("ascii")
                value = f"Basic {token}"
                secrets.extend([*values, token])
            else:
                value = f"{prefix} {values[0]}" if prefix else values[0]
                secrets.extend(values)
            if location == "query":
                sent.query.append((wire, value))
            elif location == "cookie":
                sent.cookies.append((wire, value))
            else:
                sent.headers[wire] = value
        return SentCredentials(sent.headers, sent.query, sent.cookies, tuple(secrets))


def _arguments(scheme: str) -> tuple[str, ...]:
    return SECURITY_SCHEMES[scheme][3]


def _missing(groups: list[list[tuple[str, str]]]) -> str:
    """What to pass: any one group of (argument, environment variable) pairs, all of a group together."""
    if len(groups) == 1 and len(groups[0]) == 1:
        name, env = groups[0][0]
        where = f" or set the {env} environment variable" if env else ""
        return f"no API key: pass {name}=... to the client{where}"
    choices = " or ".join(" and ".join(f"{name}=..." for name, _ in group) for group in groups)
    envs = ", ".join(dict.fromkeys(env for group in groups for _, env in group if env))
    return f"no credentials: pass {choices} to the client" + (f" (or set {envs})" if envs else "")
