"""Stage 7, format: black, in process, over the generated Python files not laid out already.

Black is the slowest stage (about 0.1 s per 10 KB of source, twice that when it changes
anything), so it is run only where it can change something:

- every module rendered from a built-in template is laid out as black writes it by specgen
  (:func:`generator.render.laid_out_paths`, :mod:`generator.render.layout`), so a normal
  generation formats nothing and never imports black; what is left is a user's template
  (``--templates``) replacing a built-in one or a runtime file;

- the shared runtime copied from ``generator/runtime/`` (``stable`` paths, see
  :func:`generator.render.runtime.copied_paths`) is left as copied: it is black-clean in the
  repository (``make lint-code``), and the header comment line prepended to it does not change
  that (``tests/perf/test_black_stable.py``);
- with a :class:`~generator.cache.TextCache` (``specgen generate`` without ``--no-cache``),
  black's output is looked up by the sha256 of its input, black's version and the mode;
- identical inputs in one run are formatted once;
- when there is much to format, the files are shared among worker processes (one per core).

None of these changes a byte of the output: each returns what black would.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection

from generator.cache import TextCache, key_of, tool_fingerprint

LINE_LENGTH = 120
TARGET_VERSION = "PY311"
#: Source to format, in characters, below which worker processes cost more than they save.
PARALLEL_FROM = 400_000


def format_files(
    files: dict[str, str], *, stable: Collection[str] = (), cache: TextCache | None = None
) -> dict[str, str]:
    """The same files with ``.py`` sources formatted by black (others unchanged).

    ``stable``: paths known to be black-stable (not formatted). ``cache``: black's outputs by input.
    """
    result: dict[str, str] = {}
    pending: dict[str, str] = {}
    keys: dict[str, str] = {}
    needed = cache is not None and any(p.endswith(".py") and p not in stable for p in files)
    fingerprint = black_fingerprint() if needed else ""  # nothing to format: black is not even looked up
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
        done = _format_all({text: path for path, text in pending.items()})
        for path, text in pending.items():
            result[path] = done[text]
            if cache is not None:
                cache.put(keys[path], done[text])
    if cache is not None:
        cache.prune()
    return {path: result[path] for path in files}


def _format_all(paths: dict[str, str]) -> dict[str, str]:
    """Each distinct source (keyed to one path it is for) formatted; in worker processes when large."""
    texts = sorted(paths, key=len, reverse=True)  # the longest first, so no worker is left with one at the end
    workers = min(len(texts), os.cpu_count() or 1)
    if workers < 2 or sum(map(len, texts)) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return {text: format_source(text, paths[text]) for text in texts}
    import black  # noqa: F401  imported before forking, so the workers start with it

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        formatted = pool.starmap(format_source, [(text, paths[text]) for text in texts], chunksize=1)
    return dict(zip(texts, formatted, strict=True))


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
