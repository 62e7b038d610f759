"""Stand-in for the generated package's ``_constants.py``, so the runtime type-checks where it lives.

In a generated package this module is rendered from ``templates/_constants.py.jinja`` with what
the runtime takes from the spec. Here it has the same names and types with placeholder values;
it is never copied into the output (``tests/generate/test_runtime.py`` checks the names match).
"""

from __future__ import annotations

__all__ = [
    "BASE_URL_ENV",
    "CLIENT_OPTIONS",
    "CREDENTIALS",
    "CREDENTIALS_REQUIRED",
    "DEFAULT_BASE_URL",
    "DEFAULT_SECURITY",
    "SECURITY_SCHEMES",
    "USER_AGENT",
    "VERSION",
]

VERSION: str = "0.0.0"
USER_AGENT: str = "example/0.0.0 (specgen)"
DEFAULT_BASE_URL: str = "https://api.example.com/v1"
BASE_URL_ENV: str = "EXAMPLE_BASE_URL"
#: Client arguments holding credentials: (argument name, environment variable it defaults to).
CREDENTIALS: tuple[tuple[str, str], ...] = (("api_key", "EXAMPLE_API_KEY"),)
#: Whether every operation needs credentials (then a client without any cannot be created).
CREDENTIALS_REQUIRED: bool = True
#: The security schemes the client sends: name -> (location, wire name, prefix, credential arguments);
#: location is header, query or cookie; prefix is "Bearer", "Basic" (base64 of user:password) or "" (bare key).
SECURITY_SCHEMES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "bearer": ("header", "Authorization", "Bearer", ("api_key",)),
}
#: What operations require unless their endpoint says otherwise: alternatives of schemes sent together.
DEFAULT_SECURITY: tuple[tuple[str, ...], ...] = (("bearer",),)
#: Client options the spec declares: (argument name, header it is sent in, environment variable it defaults to).
CLIENT_OPTIONS: tuple[tuple[str, str, str], ...] = (("example_option", "Example-Option", "EXAMPLE_OPTION"),)
