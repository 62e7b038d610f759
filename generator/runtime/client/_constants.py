"""Stand-in for the generated package's ``_constants.py``, so the runtime type-checks where it lives.

In a generated package this module is rendered from ``templates/_constants.py.jinja`` with what
the runtime takes from the spec. Here it has the same names and types with placeholder values;
it is never copied into the output (``tests/generate/test_runtime.py`` checks the names match).
"""

from __future__ import annotations

__all__ = [
    "API_KEY_ENV",
    "AUTH_HEADER",
    "AUTH_SCHEME",
    "BASE_URL_ENV",
    "CLIENT_OPTIONS",
    "DEFAULT_BASE_URL",
    "USER_AGENT",
    "VERSION",
]

VERSION: str = "0.0.0"
USER_AGENT: str = "example/0.0.0 (specgen)"
DEFAULT_BASE_URL: str = "https://api.example.com/v1"
API_KEY_ENV: str = "EXAMPLE_API_KEY"
BASE_URL_ENV: str = "EXAMPLE_BASE_URL"
AUTH_HEADER: str = "Authorization"
AUTH_SCHEME: str = "Bearer"
#: Client options the spec declares: (argument name, header it is sent in, environment variable it defaults to).
CLIENT_OPTIONS: tuple[tuple[str, str, str], ...] = (("example_option", "Example-Option", "EXAMPLE_OPTION"),)
