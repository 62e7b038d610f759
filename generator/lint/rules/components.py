"""Components that nothing used (the paths, webhooks, security) reaches through the reference graph."""

from __future__ import annotations

from generator.lint.context import LintContext
from generator.spec import pointer as jp
from generator.spec.graph import used_roots


def check(ctx: LintContext) -> None:
    """Report ``component-unused`` once per unreachable component."""
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
