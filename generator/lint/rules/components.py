"""References: components that nothing used reaches, and references in extensions that reach nothing."""

from __future__ import annotations

import re

from generator.lint.context import LintContext
from generator.spec import pointer as jp
from generator.spec.graph import used_roots
from generator.spec.refs import local_target

_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def check(ctx: LintContext) -> None:
    """Report ``component-unused`` and ``extension-ref-unresolved``."""
    if ctx.wants("component-unused"):
        unused(ctx)
    if ctx.wants("extension-ref-unresolved"):
        unresolved_in_extensions(ctx)


def unused(ctx: LintContext) -> None:
    """``component-unused`` once per unreachable component."""
    components = ctx.data.get("components")
    if not isinstance(components, dict):
        return
    graph = ctx.spec.graph
    reached = graph.reachable(used_roots(ctx.spec))
    for kind, entries in components.items():
        if not isinstance(entries, dict):
            continue
        for name in entries:
            pointer = jp.join(["components", kind, name])
            if pointer not in reached:
                how = " (only by other unused components)" if graph.referrers(pointer) - {pointer} else ""
                ctx.report(
                    "component-unused",
                    pointer,
                    f"`{kind}/{name}` is not used by any path, webhook or security requirement{how}",
                )


def unresolved_in_extensions(ctx: LintContext) -> None:
    """``extension-ref-unresolved``: a ``$ref`` in vendor data (``x-...``) whose target is missing.

    Loading leaves such a reference as it is (vendor data need not be OpenAPI), so this is where
    it is reported. References to URLs are not followed (specgen never fetches) and not reported."""
    for reference in ctx.spec.index.refs:
        if reference.kind != "extension" or _REMOTE.match(reference.ref):
            continue
        target = local_target(reference.ref)
        if target is not None and jp.exists(ctx.spec.data, target):
            continue
        where = "in this document" if target is not None else "among the files the spec may read"
        ctx.report(
            "extension-ref-unresolved",
            jp.child(reference.holder, "$ref"),
            f"`$ref: {reference.ref}` inside a vendor extension points at nothing {where}; tools that read "
            "the extension get no value (fix the reference or remove it)",
        )
