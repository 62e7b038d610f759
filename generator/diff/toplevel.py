"""Document-wide changes: version, info, servers, security schemes, root extensions, path items."""

from __future__ import annotations

from typing import Any

from generator.diff.operations import Operation
from generator.diff.prose import compare_annotations, strip_docs
from generator.diff.recorder import Recorder
from generator.diff.servers import compare_servers
from generator.diff.view import Version, shown
from generator.spec import pointer as jp


def compare_document(rec: Recorder, old: Version, new: Version, pairs: list[tuple[Operation, Operation]]) -> None:
    """Record what changed outside operations (components are handled elsewhere)."""
    before, after = old.data, new.data
    if before.get("openapi") != after.get("openapi"):
        message = f"OpenAPI {before.get('openapi')} -> {after.get('openapi')}"
        rec.add("openapi-version-changed", "/openapi", message)
    _compare_info(rec, before.get("info"), after.get("info"))
    compare_servers(rec, before, "", after, "")
    root_keys = [key for key in [*after, *before] if key.startswith("x-") or key == "externalDocs"]
    compare_annotations(rec, before, "", after, "", what="document", keys=dict.fromkeys(root_keys))
    for name, kind in (("tags", "tags-changed"), ("webhooks", "webhooks-changed")):
        if before.get(name) != after.get(name):
            rec.add(kind, f"/{name}", f"document: {name} changed", side="new" if name in after else "old")
    _compare_schemes(rec, old, new)
    seen: set[tuple[str, str]] = set()
    for old_op, new_op in pairs:
        key = (old_op.item_pointer, new_op.item_pointer)
        if key in seen:
            continue
        seen.add(key)
        what = f"path {new_op.path}"
        compare_annotations(rec, old_op.item, old_op.item_pointer, new_op.item, new_op.item_pointer, what=what)
        if "servers" in old_op.item or "servers" in new_op.item:
            compare_servers(rec, old_op.item, old_op.item_pointer, new_op.item, new_op.item_pointer)


def _compare_info(rec: Recorder, before: Any, after: Any) -> None:
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    for key in [*after, *(key for key in before if key not in after)]:
        if before.get(key) != after.get(key):
            message = f"info.{key} {shown(before.get(key))} -> {shown(after.get(key))}"
            rec.add("info-changed", jp.child("/info", key), message, side="new" if key in after else "old")


def _schemes(version: Version) -> dict[str, Any]:
    components = version.data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    return schemes if isinstance(schemes, dict) else {}


def _compare_schemes(rec: Recorder, old: Version, new: Version) -> None:
    before, after = _schemes(old), _schemes(new)
    for name in [*after, *(name for name in before if name not in after)]:
        pointer = jp.join(["components", "securitySchemes", name])
        if name not in before:
            rec.add("security-scheme-added", pointer, f"security scheme '{name}' added")
        elif name not in after:
            rec.add("security-scheme-removed", pointer, f"security scheme '{name}' removed", side="old")
        else:
            old_scheme, _, _ = old.follow(before[name], pointer)
            new_scheme, new_at, _ = new.follow(after[name], pointer)
            if strip_docs(old_scheme) != strip_docs(new_scheme):
                rec.add("security-scheme-changed", new_at, f"security scheme '{name}' changed")
            if isinstance(old_scheme, dict) and isinstance(new_scheme, dict):
                compare_annotations(rec, old_scheme, pointer, new_scheme, new_at, what=f"security scheme '{name}'")
