"""Giving freed memory back to the operating system between stages.

The test planner compiles thousands of schema validators (Rust, on the C heap) and drops them
again; glibc keeps the freed pages in its arenas, so on the largest specs the process holds about
350 MB it no longer uses while rendering and formatting (and every forked formatter inherits
them). ``malloc_trim`` returns them. Elsewhere (another C library, another system) this does
nothing: it changes memory use only, never output.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


def release_freed_memory() -> None:
    """Return the C heap's free pages to the system (glibc); a no-op elsewhere."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
