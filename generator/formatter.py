"""Stage 7, format: black, in process, over every generated Python file.

Black is the slowest stage (about 0.1 s per 10 KB of source, twice that when it changes
anything), so it is run only where it can change something:

- files rendered from a built-in template listed in :data:`BLACK_STABLE_TEMPLATES` are left
  as rendered. Such a template uses no Jinja construct but ``{{ header }}`` (one comment
  line), so its rendering is the template text plus a comment, and black leaves it
  unchanged whatever the spec; each entry holds the sha256 of the template text it was
  verified for, so an edited template is formatted again until it is re-verified
  (``tests/perf/test_black_stable.py`` checks and prints the entries);
- with a :class:`~generator.cache.TextCache` (``specgen generate`` without ``--no-cache``),
  black's output is looked up by the sha256 of its input, black's version and the mode;
- identical inputs in one run are formatted once.

None of these changes a byte of the output: each returns what black would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

from generator.cache import TextCache, key_of, tool_fingerprint

LINE_LENGTH = 120
TARGET_VERSION = "PY311"

# Built-in template -> sha256 of the template text verified black-stable (see the module docstring).
BLACK_STABLE_TEMPLATES: dict[str, str] = {
    "_checks.py.jinja": "7ffcb09f51356575789963f23a8e1f43a18aa7b806fb3bd4bb3a52a66df96047",
    "_exceptions.py.jinja": "6cc56226a32da61fad54c32adbc3a08ccf5663a4a4f21221de48ffe14f18b6d5",
    "_streaming.py.jinja": "f94b4ed44e7f4445e8d45a864ee0c5fc594fd2e0e9066f3d0d0c07b0583de2e1",
    "_types.py.jinja": "3c46bfabc418122ad9c0a1e738304ec1e064e9d0d4fdf5690211cb0aeed33398",
}


def format_files(
    files: dict[str, str], *, stable: Collection[str] = (), cache: TextCache | None = None
) -> dict[str, str]:
    """The same files with ``.py`` sources formatted by black (others unchanged).

    ``stable``: paths known to be black-stable (not formatted). ``cache``: black's outputs by input.
    """
    result: dict[str, str] = {}
    pending: dict[str, str] = {}
    keys: dict[str, str] = {}
    fingerprint = black_fingerprint() if cache is not None else ""
    for path, text in files.items():
        if not path.endswith(".py") or path in stable:
            result[path] = text
            continue
        if cache is not None:
            key = keys[path] = key_of("black", fingerprint, text)
            hit = cache.get(key)
            if hit is not None:
                result[path] = hit
                continue
        pending[path] = text
    if pending:
        done: dict[str, str] = {}
        for path, text in pending.items():
            if text not in done:
                done[text] = format_source(text, path)
                if cache is not None:
                    cache.put(keys[path], done[text])
            result[path] = done[text]
    if cache is not None:
        cache.prune()
    return {path: result[path] for path in files}


def format_source(text: str, path: str = "<string>") -> str:
    """``text`` formatted by black with specgen's mode."""
    import black  # imported here: only generation needs it, and not when every file is cached

    mode = black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion[TARGET_VERSION]})
    try:
        formatted: str = black.format_str(text, mode=mode)
    except black.InvalidInput as exc:  # a template bug, not bad input: say where
        raise ValueError(f"generated {path} is not valid Python: {exc}") from None
    return formatted


def black_fingerprint() -> str:
    """What black's output depends on besides its input: its version, its installed code and our mode."""
    return f"line_length={LINE_LENGTH}\ntarget={TARGET_VERSION}\n{tool_fingerprint('black', 'black')}"


def stable_paths(package: str, builtin: Path, user_templates: Path | None) -> frozenset[str]:
    """Output paths rendered from unmodified, verified black-stable built-in templates."""
    paths = set()
    for name, expected in BLACK_STABLE_TEMPLATES.items():
        if not expected or (user_templates is not None and (user_templates / name).exists()):
            continue  # never verified, or the user's template replaces ours
        try:
            actual = hashlib.sha256((builtin / name).read_bytes()).hexdigest()
        except OSError:
            continue
        if actual == expected:
            paths.add(f"{package}/{name.removesuffix('.jinja')}")
    return frozenset(paths)
