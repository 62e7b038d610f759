"""Stage 8, write: put generated files in place atomically, never touching files specgen did not write.

The new tree is staged in a sibling folder on the same filesystem (changed files written,
unchanged and foreign files hard-linked), then swapped with the output folder in one
``renameat2(RENAME_EXCHANGE)`` call, so a crash at any point leaves either the previous
output or the new one, complete. A manifest (``.specgen-manifest.json``) records what
specgen wrote and the hash of its inputs; ``--check`` compares without writing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.diagnostics import SpecInputError

MANIFEST = ".specgen-manifest.json"
_STAGING_PREFIX = ".specgen-staging-"
_OLD_PREFIX = ".specgen-old-"


@dataclass
class Manifest:
    """What specgen last wrote into an output folder, and from which inputs."""

    inputs: str = ""
    files: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """Deterministic JSON text."""
        data = {
            "inputs": self.inputs,
            "sources": dict(sorted(self.sources.items())),
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(data, indent=2) + "\n"


def digest(text: str | bytes) -> str:
    """sha256 hex digest."""
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def read_manifest(out: Path) -> Manifest:
    """The manifest of ``out`` (empty when there is none or it is unreadable)."""
    try:
        raw = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = raw.get("files", {})
        sources = raw.get("sources", {})
        if isinstance(raw.get("inputs"), str) and isinstance(files, dict) and isinstance(sources, dict):
            return Manifest(
                raw["inputs"], {str(k): str(v) for k, v in files.items()}, {str(k): str(v) for k, v in sources.items()}
            )
    except (OSError, ValueError, AttributeError):
        pass
    return Manifest()


def check_relative(path: str) -> str:
    """``path`` if it is a safe relative POSIX path (no ``..``, not absolute); else ValueError."""
    pure = PurePosixPath(path)
    if (
        not path
        or pure.is_absolute()
        or "\\" in path
        or ".." in pure.parts
        or "\x00" in path
        or path != pure.as_posix()
    ):
        raise ValueError(f"unsafe output path {path!r}")
    return path


def check_output_path(out: Path) -> None:
    """Refuse an output path that cannot be a folder: an existing file, or a path through a file."""
    for folder in (out, *out.parents):
        if folder.is_symlink() or folder.exists():
            if not folder.is_dir():
                where = "exists and is not a folder" if folder == out else f"is inside {folder}, which is not a folder"
                raise SpecInputError(f"output path {where}", file=str(out))
            return


def is_current(out: Path, inputs: str) -> bool:
    """True when ``out`` was generated from these inputs and no generated file changed since."""
    manifest = read_manifest(out)
    if manifest.inputs != inputs or not manifest.files:
        return False
    for path, expected in manifest.files.items():
        try:
            if digest((out / path).read_bytes()) != expected:
                return False
        except OSError:
            return False
    return True


@dataclass
class OutputChanges:
    """Differences between the generated files and the output folder."""

    out: Path
    changed: dict[str, str] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)  # what a changed file holds now (absent: nothing)

    @property
    def stale(self) -> bool:
        """Whether writing would change anything."""
        return bool(self.changed or self.removed)

    def diff(self) -> str:
        """The unified diff from the folder to the generated files (made on demand: on a large spec
        it is as long as the output)."""
        from generator.textfile import unified_diff  # imported here: difflib is not needed when nothing changed

        diffs = [unified_diff(self.previous.get(path, ""), text, path) for path, text in self.changed.items()]
        for path in self.removed:
            diffs.append(unified_diff((self.out / path).read_text(encoding="utf-8", errors="replace"), "", path))
        return "".join(diffs)


def compare_output(out: Path, files: dict[str, str]) -> OutputChanges:
    """Compare ``files`` with ``out``; refuse to overwrite files specgen did not write."""
    check_output_path(out)
    manifest = read_manifest(out)
    result = OutputChanges(out)
    for path, text in sorted(files.items()):
        check_relative(path)
        target = out / path
        try:
            current = target.read_bytes().decode("utf-8")
        except FileNotFoundError:
            current = None
        except NotADirectoryError:
            parents = PurePosixPath(path).parents
            blocker = next((p for p in parents if (out / p).exists() and not (out / p).is_dir()), parents[0])
            raise SpecInputError(
                f"refusing to replace {blocker.as_posix()}: a file where specgen needs a folder", file=str(out)
            ) from None
        except (OSError, UnicodeDecodeError):
            current = ""
        if current == text:
            result.unchanged.append(path)
            continue
        if current is not None and path not in manifest.files:
            raise SpecInputError(
                f"refusing to overwrite {path}: specgen did not write it (not in {MANIFEST})", file=str(out)
            )
        result.changed[path] = text
        if current:
            result.previous[path] = current
    for path in sorted(set(manifest.files) - set(files)):
        target = out / path
        if target.is_file() and digest(target.read_bytes()) == manifest.files[path]:
            result.removed.append(path)
    return result


def write(out: Path, files: dict[str, str], inputs: str, sources: dict[str, str], change: OutputChanges) -> None:
    """Make ``out`` hold ``files`` (plus foreign files kept), atomically."""
    import shutil  # imported here, like tempfile: ``generate --check`` never writes
    import tempfile

    manifest = Manifest(inputs, {path: digest(text) for path, text in files.items()}, sources)
    everything = {**change.changed, MANIFEST: manifest.text()}
    out = out.absolute()
    _recover(out)
    if out.exists() and not out.is_dir():
        raise SpecInputError("output path exists and is not a folder", file=str(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{out.name}-", dir=out.parent))
    except OSError as exc:
        raise SpecInputError(f"cannot write output: {exc.strerror or exc}", file=str(out)) from None
    try:
        if out.is_dir():
            _link_tree(out, staging, skip=set(everything) | set(change.removed))
            shutil.copystat(out, staging)
        else:
            umask = os.umask(0)
            os.umask(umask)
            staging.chmod(0o777 & ~umask)
        for path, text in everything.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        _swap(staging, out)
    except OSError as exc:
        raise SpecInputError(f"cannot write output: {exc.strerror or exc}", file=str(out)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _link_tree(source: Path, target: Path, skip: set[str]) -> None:
    """Hard-link (or copy) every file of ``source`` into ``target`` except the ``skip`` paths."""
    import shutil

    for folder, dirs, names in os.walk(source):
        relative = Path(folder).relative_to(source)
        dirs[:] = [d for d in dirs if not d.startswith((_STAGING_PREFIX, _OLD_PREFIX))]
        for d in dirs:
            (target / relative / d).mkdir(exist_ok=True)
            shutil.copystat(Path(folder) / d, target / relative / d)
        for name in names:
            path = (relative / name).as_posix()
            if path in skip:
                continue
            src, dst = Path(folder) / name, target / relative / name
            if src.is_symlink():
                os.symlink(os.readlink(src), dst)
                continue
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)


def _renameat2() -> object | None:
    # The symbols already loaded in this process (libc among them): ctypes.util.find_library
    # would run `ldconfig -p` in a subprocess, and generation runs no programs.
    import ctypes  # imported here: ``generate --check`` never writes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError, TypeError):
        return None


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` at ``out`` in one step; the previous tree ends up at ``staging``."""
    if not out.exists():
        os.rename(staging, out)
        return
    function = _renameat2()
    if function is not None:
        at_fdcwd, rename_exchange = -100, 2
        result = function(at_fdcwd, os.fsencode(staging), at_fdcwd, os.fsencode(out), rename_exchange)  # type: ignore[operator]
        if result == 0:
            return
    # No atomic exchange here: two renames, and _recover() repairs an interrupted swap.
    old = out.parent / f"{_OLD_PREFIX}{out.name}"
    os.rename(out, old)
    os.rename(staging, out)
    os.rename(old, staging)


def _recover(out: Path) -> None:
    """Finish or undo what an interrupted run left next to ``out``."""
    import shutil

    old = out.parent / f"{_OLD_PREFIX}{out.name}"
    if old.is_dir() and not out.exists():
        os.rename(old, out)
    elif old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    for stale in out.parent.glob(f"{_STAGING_PREFIX}{out.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
