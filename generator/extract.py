"""Stage 2, extract: chosen operations of a large spec + every component they reach -> fragment."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from generator.config import project_path
from generator.diagnostics import SpecInputError
from generator.spec import pointer as jp
from generator.spec.document import read_bytes
from generator.spec.graph import mapping_target, owner_of
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.load import Spec, load_spec
from generator.spec.plain_data import copy_data
from generator.spec.refs import local_target
from generator.spec.walk import Operation
from generator.yaml_text import to_yaml

_TOP_LEVEL = ("openapi", "info", "jsonSchemaDialect", "servers", "security")
_PATH_ITEM_SHARED = ("$ref", "summary", "description", "servers", "parameters")


def extract(spec: Spec, operation_ids: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """A self-contained fragment holding ``operation_ids`` and everything they reference.

    Values are copied as they are (verbatim); the order of paths, methods and
    components follows the upstream document.
    """
    data = spec.data
    wanted = set(operation_ids)
    chosen = [op for op in spec.operations if op.is_call and op.operation_id in wanted]
    missing = [op for op in operation_ids if op not in {c.operation_id for c in chosen}]
    if missing:
        raise SpecInputError(f"operation(s) not found: {', '.join(missing)}", file=spec.name)
    methods: dict[str, list[str]] = {}
    for op in chosen:
        methods.setdefault(op.key, []).append(op.method)
    paths: dict[str, Any] = {}
    for path, item in (data.get("paths") or {}).items():
        if path in methods and isinstance(item, dict):
            paths[path] = {k: copy_data(v) for k, v in item.items() if k in _PATH_ITEM_SHARED or k in methods[path]}

    fragment: dict[str, Any] = {k: copy_data(data[k]) for k in _TOP_LEVEL if k in data}
    used_tags = {t for op in chosen for t in _list(op.node.get("tags")) if isinstance(t, str)}
    tags = [copy_data(t) for t in _list(data.get("tags")) if isinstance(t, dict) and t.get("name") in used_tags]
    if tags:
        fragment["tags"] = tags
    fragment["paths"] = paths
    components = _reachable_components(spec, chosen, _list(fragment.get("security")))
    if components:
        fragment["components"] = components
    return fragment


def _reachable_components(spec: Spec, chosen: list[Operation], security: list[Any]) -> dict[str, Any]:
    """Components reached from the chosen operations (and their path items), in upstream order."""
    roots = {owner_of(op.pointer) for op in chosen} | {owner_of(op.item_pointer) for op in chosen}
    roots.update(
        jp.join(["components", "securitySchemes", name])
        for requirement in security
        if isinstance(requirement, dict)
        for name in requirement
    )
    reached = spec.graph.reachable(roots)
    for reference in spec.index.refs:
        target = local_target(reference.ref)
        if owner_of(reference.holder) in reached and target is not None and not target.startswith("/components/"):
            raise spec.error(
                jp.child(reference.holder, "$ref"),
                f"reference to {target!r}: extract follows only references into components",
            )
    for site in spec.index.schemas:
        discriminator = site.schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if owner_of(site.pointer) not in reached or not isinstance(mapping, dict):
            continue
        for name, value in mapping.items():
            target = mapping_target(value)
            if target is not None and spec.get(target) is None:
                where = jp.join([*jp.split(site.pointer), "discriminator", "mapping", name])
                raise spec.error(where, f"reference to {target!r}: target not found")
    source = spec.data.get("components") or {}
    result: dict[str, Any] = {}
    for kind, members in source.items():
        if not isinstance(members, dict):
            continue
        kept = {
            name: copy_data(value) for name, value in members.items() if jp.join(["components", kind, name]) in reached
        }
        if kept:
            result[kind] = kept
    return result


def _list(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty one (lint reports the wrong type)."""
    return value if isinstance(value, list) else []


def provenance_header(source_name: str, source_bytes: bytes, operation_ids: list[str] | tuple[str, ...]) -> str:
    """The comment written above an extracted fragment: source file, digest, operations."""
    digest = hashlib.sha256(source_bytes).hexdigest()
    ops = ", ".join(operation_ids)
    return (
        f"Extracted by `specgen extract` from {source_name} (sha256 {digest}).\n"
        f"Operations: {ops}.\n"
        "Verbatim upstream content: fix it in spec/overlay.yaml, not here."
    )


def render_fragment(upstream: Path, operations: tuple[str, ...], root: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """YAML text of the fragment, with a provenance header naming the upstream relative to ``root``."""
    spec = load_spec(upstream, limits)
    fragment = extract(spec, operations)
    header = provenance_header(project_path(upstream, root), read_bytes(upstream, limits), operations)
    return to_yaml(fragment, header)
