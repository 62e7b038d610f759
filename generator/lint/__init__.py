"""``specgen lint``: structural validation plus semantic rules with stable ids.

``lint_file`` is the entry point: it loads a spec (or finds its cached result), runs the
enabled rules and returns sorted :class:`~generator.diagnostics.Diagnostic` values.
Unreadable input raises :class:`~generator.diagnostics.SpecInputError`.
"""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic, SpecInputError
from generator.lint.cache import LintCache, digest
from generator.lint.runner import LintOptions, lint_spec
from generator.spec.document import read_bytes
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.load import Spec, load_spec

__all__ = ["LintOptions", "lint_file", "lint_spec"]


def lint_file(
    path: Path,
    options: LintOptions | None = None,
    cache_folder: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    root: Path | None = None,
) -> list[Diagnostic]:
    """Lint the spec at ``path``; with ``cache_folder``, reuse and store results by content hash.

    ``root``: the folder the spec's references may read (default: the spec's folder).
    """
    options = options or LintOptions()
    cache = LintCache(cache_folder) if cache_folder is not None else None
    key = ""
    if cache is not None:
        try:
            raw = read_bytes(path, limits)  # bounded: never more than the size limit
        except (OSError, SpecInputError):
            raw = None  # load_spec below reports the problem
        if raw is None:
            cache = None
        else:
            key = cache.key(raw, f"{options.fingerprint()};{limits};{root}")
            hit = cache.get(key, str(path), path.parent)
            if hit is not None:
                return hit
    spec = load_spec(path, limits, index=True, root=root)  # findings locate many nodes: index them while parsing
    diagnostics = lint_spec(spec, options)
    if cache is not None:
        cache.put(key, diagnostics, dependencies(spec), str(path))
    return diagnostics


def dependencies(spec: Spec) -> dict[str, str]:
    """Other files the spec refers to, relative to its folder, with their sha256."""
    root = spec.document.path.resolve()
    folder = root.parent
    found = {}
    for document in spec.documents:
        path = document.path.resolve()
        if path != root:
            name = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)
            found[name] = digest(path.read_bytes())
    return dict(sorted(found.items()))
