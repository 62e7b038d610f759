"""Components that nothing reachable from the paths (or webhooks, or security) refers to."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator import pointer as jp
from generator.lint.context import LintContext


def _component(pointer: str) -> str | None:
    """``/components/<kind>/<name>`` containing ``pointer``, or None outside components."""
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "components":
        return "/".join(parts[:4])
    return None


def check(ctx: LintContext) -> None:
    """Report ``component-unused`` once per unreachable component."""
    components = ctx.data.get("components")
    if not isinstance(components, dict):
        return
    edges: dict[str | None, set[str]] = defaultdict(set)
    for holder, ref in ctx.index.refs:
        if ref.startswith("#"):
            target = _component(jp.from_fragment(ref[1:]))
            if target:
                edges[_component(holder)].add(target)
    for schema_site in ctx.schemas:
        discriminator = schema_site.schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            for value in mapping.values():
                mapped = _mapping_target(value)
                if mapped:
                    edges[_component(schema_site.pointer)].add(mapped)
    for requirement in _requirements(ctx):
        for name in requirement:
            edges[None].add(jp.join(["components", "securitySchemes", name]))
    reached: set[str] = set()
    queue = list(edges[None])
    while queue:
        current = queue.pop()
        if current in reached:
            continue
        reached.add(current)
        queue.extend(edges.get(current, ()))
    for kind, entries in components.items():
        if not isinstance(entries, dict):
            continue
        for name in entries:
            pointer = jp.join(["components", kind, name])
            if pointer not in reached:
                referrers = [c for c, targets in edges.items() if c and pointer in targets]
                how = " (only by other unused components)" if referrers else ""
                ctx.report(
                    "component-unused",
                    pointer,
                    f"`{kind}/{name}` is not used by any path, webhook or security requirement{how}",
                )


def _mapping_target(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if value.startswith("#"):
        return _component(jp.from_fragment(value[1:]))
    if "/" not in value and "#" not in value:
        return jp.join(["components", "schemas", value])
    return None


def _requirements(ctx: LintContext) -> list[dict[str, Any]]:
    found = [ctx.data.get("security")] + [op.node.get("security") for op in ctx.operations]
    return [r for requirements in found if isinstance(requirements, list) for r in requirements if isinstance(r, dict)]
