"""A content-addressed cache of text, for the pure, slow steps of generation (black).

An entry's key is the sha256 of everything the output depends on (the input text, the
tool's version and its options), so a changed input is a miss, never a stale hit. Each
entry stores the digest of its own text and is checked on every read: a damaged or
truncated entry is a miss. Entries are written atomically (temporary file, then rename),
so concurrent runs cannot see half an entry; failing to read or write is never an error,
generation just does the work. The folder keeps the most recently used entries only.

Warm runs only: ``specgen generate --no-cache`` neither reads nor writes it.

The formatter gets its cache as an argument; other stages reach the cache of the current
generation through :func:`memoized` (set by :func:`active` around the render stage), so a
stage needs no new parameter to cache a pure step.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from importlib import metadata
from pathlib import Path

CACHE_FOLDER = Path(".specgen-cache")
_KEEP = 2048
_SUFFIX = ".txt"


def key_of(*parts: str | bytes) -> str:
    """sha256 over ``parts``, each length-prefixed so that no two lists of parts share a key."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class TextCache:
    """One folder of cached texts, one file per key: ``<sha256 of the text>\\n<text>``."""

    def __init__(self, folder: Path, keep: int = _KEEP) -> None:
        self.folder = folder
        self.keep = keep
        self.hits = 0
        self.misses = 0
        self._written = False

    def get(self, key: str) -> str | None:
        """The text stored under ``key``, or None (absent, unreadable or damaged)."""
        path = self.folder / f"{key}{_SUFFIX}"
        try:
            raw = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        expected, newline, data = raw.partition(b"\n")
        if not newline or hashlib.sha256(data).hexdigest().encode() != expected:
            self.misses += 1
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self.misses += 1
            return None
        self.hits += 1
        with suppress(OSError):
            os.utime(path)  # recently used: kept by prune()
        return text

    def put(self, key: str, text: str) -> None:
        """Store ``text`` under ``key``; a failure to write is ignored (the cache is optional)."""
        data = text.encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=_SUFFIX)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
                os.replace(temp, self.folder / f"{key}{_SUFFIX}")
            except OSError:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._written = True

    def prune(self) -> None:
        """Keep the ``keep`` most recently used entries (only after something was written)."""
        if not self._written:
            return
        self._written = False
        try:
            entries = [(entry.stat().st_mtime_ns, entry) for entry in self.folder.glob(f"*{_SUFFIX}")]
        except OSError:
            return
        if len(entries) <= self.keep:
            return
        entries.sort(key=lambda item: item[0], reverse=True)
        for _, stale in entries[self.keep :]:
            stale.unlink(missing_ok=True)


_ACTIVE: ContextVar[TextCache | None] = ContextVar("specgen_text_cache", default=None)


@contextmanager
def active(cache: TextCache | None) -> Iterator[None]:
    """Make ``cache`` the one :func:`memoized` uses (None: compute everything) for the ``with`` block."""
    token = _ACTIVE.set(cache)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def memoized(namespace: str, parts: Sequence[str | bytes], compute: Callable[[], str]) -> str:
    """``compute()``, or its text from the active cache under the key of ``namespace`` and ``parts``.

    ``parts`` must name everything the text depends on (inputs, options, the tool's
    :func:`tool_fingerprint`); with no active cache this is ``compute()``.
    """
    cache = _ACTIVE.get()
    if cache is None:
        return compute()
    key = key_of(namespace, *parts)
    hit = cache.get(key)
    if hit is not None:
        return hit
    text = compute()
    cache.put(key, text)
    return text


def tool_fingerprint(distribution: str, module: str) -> str:
    """What a tool's output depends on besides its input: its version and installed code, and Python's.

    Cheap: nothing is imported (the version comes from the installed metadata, the code is
    identified by the size and mtime of the module's ``__init__``, so a reinstall is a change).
    """
    parts = [f"python={sys.version_info[:3]}"]
    try:
        parts.append(f"{distribution}={metadata.version(distribution)}")
    except metadata.PackageNotFoundError:
        parts.append(f"{distribution}=?")
    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec is not None else None
    if origin:
        try:
            stat = os.stat(origin)
            parts.append(f"{origin}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{origin}:?")
    return "\n".join(parts)
