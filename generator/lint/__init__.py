"""``specgen lint``: structural validation plus semantic rules with stable ids.

``lint_file`` is the entry point: it loads a spec (or finds its cached result), runs the
enabled rules and returns sorted :class:`~generator.diagnostics.Diagnostic` values.
Unreadable input raises :class:`~generator.diagnostics.SpecInputError`.
"""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic, SpecInputError
from generator.document import DEFAULT_LIMITS, Limits, read_bytes
from generator.lint.cache import LintCache, digest
from generator.lint.runner import LintOptions, lint_spec
from generator.load import Spec, load_spec
from generator.refs import RefResolver, iter_refs

__all__ = ["LintOptions", "lint_file", "lint_spec"]


def lint_file(
    path: Path,
    options: LintOptions | None = None,
    cache_folder: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Diagnostic]:
    """Lint the spec at ``path``; with ``cache_folder``, reuse and store results by content hash."""
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
            key = cache.key(raw, f"{options.fingerprint()};{limits}")
            hit = cache.get(key, str(path), path.parent)
            if hit is not None:
                return hit
    spec = load_spec(path, limits, index=True)  # findings locate many nodes: index them while parsing
    diagnostics = lint_spec(spec, options)
    if cache is not None:
        cache.put(key, diagnostics, dependencies(spec, limits))
    return diagnostics


def dependencies(spec: Spec, limits: Limits = DEFAULT_LIMITS) -> dict[str, str]:
    """Other files the spec refers to, relative to its folder, with their sha256."""
    root = spec.document
    if spec.data is root.data:  # load bundles only when other files are referred to
        return {}
    resolver = RefResolver(root, limits)
    queue = [root]
    done: set[Path] = set()
    while queue:
        document = queue.pop()
        if document.path.resolve() in done:
            continue
        done.add(document.path.resolve())
        for site in iter_refs(document.data):
            target = resolver.target(document, site)
            if target.document.path.resolve() not in done:
                queue.append(target.document)
    folder = root.path.resolve().parent
    return {
        document_path.relative_to(folder).as_posix(): digest(document_path.read_bytes())
        for document_path in sorted(done)
        if document_path != root.path.resolve()
    }
