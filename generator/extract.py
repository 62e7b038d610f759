"""Stage 2, extract: chosen operations of a large spec + every component they reach -> fragment."""

from __future__ import annotations

import hashlib
from typing import Any

from generator import pointer as jp
from generator.diagnostics import SpecInputError
from generator.document import copy_data
from generator.load import Spec
from generator.refs import iter_objects

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TOP_LEVEL = ("openapi", "info", "jsonSchemaDialect", "servers", "security")
_PATH_ITEM_SHARED = ("$ref", "summary", "description", "servers", "parameters")


def extract(spec: Spec, operation_ids: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """A self-contained fragment holding ``operation_ids`` and everything they reference.

    Values are copied as they are (verbatim); the order of paths, methods and
    components follows the upstream document.
    """
    data = spec.data
    wanted = set(operation_ids)
    paths: dict[str, Any] = {}
    found: set[str] = set()
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        chosen = [m for m in HTTP_METHODS if isinstance(item.get(m), dict) and _operation_id(item[m]) in wanted]
        if not chosen:
            continue
        found.update(item[m]["operationId"] for m in chosen)
        paths[path] = {k: copy_data(v) for k, v in item.items() if k in _PATH_ITEM_SHARED or k in chosen}
    missing = [op for op in operation_ids if op not in found]
    if missing:
        raise SpecInputError(f"operation(s) not found: {', '.join(missing)}", file=spec.name)

    fragment: dict[str, Any] = {k: copy_data(data[k]) for k in _TOP_LEVEL if k in data}
    used_tags = {
        t
        for item in paths.values()
        for op in item.values()
        for t in _list(op.get("tags") if isinstance(op, dict) else [])
        if isinstance(t, str)
    }
    tags = [copy_data(t) for t in _list(data.get("tags")) if isinstance(t, dict) and t.get("name") in used_tags]
    if tags:
        fragment["tags"] = tags
    fragment["paths"] = paths
    components = _reachable_components(spec, paths, _list(fragment.get("security")))
    if components:
        fragment["components"] = components
    return fragment


def _reachable_components(spec: Spec, paths: dict[str, Any], security: list[Any]) -> dict[str, Any]:
    """Components reached from ``paths``, transitively, in upstream order."""
    source = spec.data.get("components") or {}
    reached: set[tuple[str, str]] = set()
    queue: list[tuple[Any, str]] = [(item, jp.join(["paths", path])) for path, item in paths.items()]
    schemes = {name for requirement in security if isinstance(requirement, dict) for name in requirement}
    for item in paths.values():
        for op in item.values():
            if isinstance(op, dict):
                for requirement in _list(op.get("security")):
                    schemes.update(requirement if isinstance(requirement, dict) else {})
    for name in schemes:
        reached.add(("securitySchemes", name))
    while queue:
        node, where = queue.pop()
        for site, target in _references(node, where):
            parts = jp.split(target) if target.startswith("/") else []
            if len(parts) < 3 or parts[0] != "components":
                raise spec.error(site, f"reference to {target!r}: extract follows only references into components")
            section = source.get(parts[1])
            if not isinstance(section, dict) or parts[2] not in section:
                raise spec.error(site, f"reference to {target!r}: target not found")
            key = (parts[1], parts[2])
            if key not in reached:
                reached.add(key)
                queue.append((section[parts[2]], jp.join(parts[:3])))
    result: dict[str, Any] = {}
    for kind, members in source.items():
        if not isinstance(members, dict):
            continue
        chosen = {name: copy_data(value) for name, value in members.items() if (kind, name) in reached}
        if chosen:
            result[kind] = chosen
    return result


def _references(node: Any, where: str) -> list[tuple[str, str]]:
    """(site, target pointer) of every ``$ref`` and discriminator mapping under ``node``."""
    found: list[tuple[str, str]] = []
    for pointer, obj in iter_objects(node, where):
        ref = obj.get("$ref")
        if isinstance(ref, str):
            found.append((jp.child(pointer, "$ref"), jp.from_fragment(ref.partition("#")[2])))
        discriminator = obj.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if not isinstance(mapping, dict):
            continue
        for value_name, value in mapping.items():
            if not isinstance(value, str):
                continue
            site = jp.join([*jp.split(pointer), "discriminator", "mapping", value_name])
            if "#" not in value:
                found.append((site, jp.join(["components", "schemas", value])))
            elif value.startswith("#"):
                found.append((site, jp.from_fragment(value[1:])))
            else:
                found.append((site, value))  # another file: refused by the caller
    return found


def _operation_id(operation: dict[str, Any]) -> str | None:
    value = operation.get("operationId")
    return value if isinstance(value, str) else None


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
