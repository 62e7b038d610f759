"""The platform headers Stainless-generated SDKs send with every request, so a server sees the same traffic."""

from __future__ import annotations

import functools
import sys

__all__ = ["platform_headers"]

_SYSTEMS = {"darwin": "MacOS", "linux": "Linux", "windows": "Windows", "freebsd": "FreeBSD", "openbsd": "OpenBSD"}
_MACHINES = {"x86_64": "x64", "amd64": "x64", "i386": "x32", "i686": "x32", "arm64": "arm64", "aarch64": "arm64"}


@functools.cache
def platform_headers(version: str) -> dict[str, str]:
    """``X-Stainless-Lang``, ``-Package-Version``, ``-OS``, ``-Arch``, ``-Runtime`` and ``-Runtime-Version``."""
    import platform  # here: computed once, when the first client is made

    system = platform.system().lower()
    machine = platform.machine().lower()
    if machine.startswith("arm") and machine not in _MACHINES:
        arch = "arm"
    else:
        arch = _MACHINES.get(machine, f"other:{machine}" if machine else "unknown")
    android = hasattr(sys, "getandroidapilevel")
    return {
        "X-Stainless-Lang": "python",
        "X-Stainless-Package-Version": version,
        "X-Stainless-OS": "Android" if android else _SYSTEMS.get(system, f"Other:{system}" if system else "Unknown"),
        "X-Stainless-Arch": arch,
        "X-Stainless-Runtime": platform.python_implementation(),
        "X-Stainless-Runtime-Version": platform.python_version(),
    }
