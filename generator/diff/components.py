"""Components no operation reaches: each one changed, added or removed is reported once, as compatible.

Changes inside components that operations reach are reported at each operation (with the
component's pointer), where their direction is known; the rest cannot be judged by direction
and touch neither the wire nor a generated method.
"""

from __future__ import annotations

from typing import Any

from generator.diff.operations import Operation
from generator.diff.prose import strip_docs
from generator.diff.recorder import Recorder
from generator.diff.view import Version
from generator.spec import pointer as jp
from generator.spec.graph import owner_of

_NOT_HERE = frozenset({"securitySchemes"})  # compared on their own


def reached(version: Version, operations: list[Operation]) -> set[str]:
    """Pointers of every component an operation reaches, transitively (refs and discriminator mappings)."""
    roots = {owner_of(op.pointer) for op in operations} | {owner_of(op.item_pointer) for op in operations}
    return {owner for owner in version.spec.graph.reachable(roots) if owner.startswith("/components/")}


def compare_unreached(rec: Recorder, old: Version, new: Version, old_reached: set[str], new_reached: set[str]) -> None:
    """Record changes of components that no operation of either spec reaches."""
    old_sections, new_sections = _sections(old), _sections(new)
    for section in [*new_sections, *(s for s in old_sections if s not in new_sections)]:
        before, after = old_sections.get(section, {}), new_sections.get(section, {})
        for name in [*after, *(n for n in before if n not in after)]:
            pointer = jp.join(["components", section, name])
            if pointer in old_reached or pointer in new_reached:
                continue
            label = f"component {section}/{name} (not used by any operation)"
            if name not in before:
                rec.add("component-added", pointer, f"{label} added")
            elif name not in after:
                rec.add("component-removed", pointer, f"{label} removed", side="old")
            elif before[name] != after[name]:
                same = strip_docs(before[name]) == strip_docs(after[name])
                kind = "component-docs-changed" if same else "component-changed"
                rec.add(kind, pointer, f"{label} changed{' (documentation only)' if same else ''}")


def _sections(version: Version) -> dict[str, dict[str, Any]]:
    components = version.data.get("components")
    if not isinstance(components, dict):
        return {}
    return {
        str(key): value
        for key, value in components.items()
        if isinstance(value, dict) and key not in _NOT_HERE and not str(key).startswith("x-")
    }
