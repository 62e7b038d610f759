"""Parameters of two paired operations: added, removed, renamed, moved, and their schemas (requests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diff.operations import Operation
from generator.diff.prose import compare_annotations
from generator.diff.schemas import Place, SchemaComparer
from generator.diff.view import Version, shown
from generator.spec import pointer as jp

_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


@dataclass(frozen=True)
class Param:
    """A parameter of an operation (path-level ones included), references followed."""

    name: str
    location: str
    data: dict[str, Any]
    pointer: str

    @property
    def key(self) -> tuple[str, str]:
        """Identity within an operation: location and name (header names ignore case)."""
        return (self.location, self.name.lower() if self.location == "header" else self.name)

    @property
    def label(self) -> str:
        """E.g. ``query parameter 'limit'``."""
        return f"{self.location} parameter '{self.name}'"

    @property
    def required(self) -> bool:
        """Path parameters are always required."""
        return self.location == "path" or self.data.get("required") is True

    def serialization(self) -> tuple[object, ...]:
        """How the value is written on the wire."""
        style = self.data.get("style", _DEFAULT_STYLE.get(self.location, "form"))
        explode = self.data.get("explode", style == "form")
        return (style, explode, self.data.get("allowReserved", False), self.data.get("allowEmptyValue", False))


def collect_parameters(version: Version, operation: Operation) -> dict[tuple[str, str], Param]:
    """The operation's parameters by key; operation-level ones override path-level ones."""
    found: dict[tuple[str, str], Param] = {}
    sources = (
        (operation.item.get("parameters"), jp.child(operation.item_pointer, "parameters")),
        (operation.data.get("parameters"), jp.child(operation.pointer, "parameters")),
    )
    for entries, base in sources:
        if not isinstance(entries, list):
            continue
        for index, raw in enumerate(entries):
            value, where, _ = version.follow(raw, jp.child(base, index))
            if isinstance(value, dict) and isinstance(value.get("name"), str) and isinstance(value.get("in"), str):
                param = Param(value["name"], value["in"], value, where)
                found[param.key] = param
    return found


def compare_parameters(schemas: SchemaComparer, old_op: Operation, new_op: Operation) -> None:
    """Record every parameter change between two paired operations."""
    rec = schemas.rec
    old = collect_parameters(schemas.old, old_op)
    new = collect_parameters(schemas.new, new_op)
    pairs: list[tuple[Param, Param]] = []
    if len(old_op.path_params) == len(new_op.path_params):
        for old_name, new_name in zip(old_op.path_params, new_op.path_params, strict=True):
            before, after = old.pop(("path", old_name), None), new.pop(("path", new_name), None)
            if old_name != new_name:
                pointer = after.pointer if after is not None else new_op.pointer
                message = f"path parameter '{old_name}' renamed to '{new_name}' (the Python keyword changes)"
                rec.add("path-parameter-renamed", pointer, message)
            if before is not None and after is not None:
                pairs.append((before, after))
    for key in [key for key in new if key in old]:
        pairs.append((old.pop(key), new.pop(key)))
    for key, before in list(old.items()):
        moved = next((p for p in new.values() if p.name.lower() == before.name.lower()), None)
        if moved is not None:
            message = f"{before.label} moved to {moved.location}"
            rec.add("parameter-location-changed", moved.pointer, message)
            pairs.append((old.pop(key), new.pop(moved.key)))
    for before in old.values():
        rec.add("parameter-removed", before.pointer, f"{before.label} removed", side="old")
    for after in new.values():
        if after.required:
            rec.add("parameter-added-required", after.pointer, f"{after.label} added, required")
        else:
            rec.add("parameter-added", after.pointer, f"{after.label} added")
    for before, after in pairs:
        _compare_pair(schemas, before, after)


def _compare_pair(schemas: SchemaComparer, before: Param, after: Param) -> None:
    rec = schemas.rec
    label = after.label
    if before.required != after.required:
        became = "required" if after.required else "optional"
        rec.add(f"parameter-became-{became}", after.pointer, f"{label} became {became}")
    if before.location == after.location and before.serialization() != after.serialization():
        message = (
            f"{label}: serialization {shown(list(before.serialization()))} -> {shown(list(after.serialization()))}"
        )
        rec.add("parameter-serialization-changed", after.pointer, message)
    if before.data.get("deprecated") != after.data.get("deprecated"):
        rec.add("deprecated-changed", after.pointer, f"{label}: deprecated {after.data.get('deprecated') is True}")
    compare_annotations(rec, before.data, before.pointer, after.data, after.pointer, what=label)
    old_schema, old_at = _schema_of(before)
    new_schema, new_at = _schema_of(after)
    if old_schema is not None and new_schema is not None:
        schemas.compare(old_schema, old_at, new_schema, new_at, direction="request", place=Place(label))


def _schema_of(param: Param) -> tuple[Any, str] | tuple[None, str]:
    """The parameter's schema: ``schema``, or that of its (single) ``content`` media type."""
    if "schema" in param.data:
        return param.data["schema"], jp.child(param.pointer, "schema")
    content = param.data.get("content")
    if isinstance(content, dict):
        for media_type, media in content.items():
            if isinstance(media, dict) and "schema" in media:
                return media["schema"], jp.join([*jp.split(param.pointer), "content", media_type, "schema"])
    return None, param.pointer
