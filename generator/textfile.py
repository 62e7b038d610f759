"""Single text files that specgen owns (extracted and normalized specs): atomic write, drift check."""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from pathlib import Path

from generator.diagnostics import SpecInputError


def unified_diff(old: str, new: str, name: str) -> str:
    """A unified diff from ``old`` to ``new`` labelled with ``name`` (as ``diff -u`` writes it)."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def read_existing(path: Path) -> str | None:
    """Current content of ``path``, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecInputError(f"cannot read existing output: {exc}", file=str(path)) from None


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` via a temporary file and rename; False when unchanged."""
    if read_existing(path) == text:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            # mkstemp creates the file 0600; give it the mode an ordinary write would have.
            os.fchmod(fd, _file_mode(path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SpecInputError(f"cannot write output: {exc.strerror or exc}", file=str(path)) from None
    return True


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else 0666 less the process umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_or_write(path: Path, text: str, *, check: bool, label: str) -> int:
    """Write (exit 0) or, with ``check``, compare and print a diff (exit 1 when stale)."""
    if check:
        old = read_existing(path) or ""
        if old == text:
            print(f"{label}: {path} is up to date")
            return 0
        print(unified_diff(old, text, str(path)), end="")
        print(f"{label}: {path} is stale; run `specgen {label}` to update it")
        return 1
    changed = write_atomic(path, text)
    print(f"{label}: {'wrote' if changed else 'unchanged'} {path}")
    return 0
