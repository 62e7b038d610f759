"""Documentation keywords and extensions of any spec object: which changed, and what kind that is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.diff.recorder import Recorder
from generator.spec import pointer as jp

DOC_KINDS = {
    "description": "description-changed",
    "summary": "summary-changed",
    "title": "title-changed",
    "example": "example-changed",
    "examples": "example-changed",
    "externalDocs": "external-docs-changed",
    "$comment": "annotation-changed",
    "xml": "annotation-changed",
    "x-oaiMeta": "x-oaiMeta-changed",
    "x-codeSamples": "x-codeSamples-changed",
}
SPECGEN_KINDS = {
    "x-specgen-resource": "specgen-resource-changed",
    "x-specgen-method": "specgen-method-changed",
    "x-specgen-pagination": "specgen-pagination-changed",
    "x-specgen-poll": "specgen-poll-changed",
    "x-specgen-client": "specgen-client-changed",
    "x-specgen-aliases": "specgen-aliases-changed",
}
# judged where they are used (schema names, invariants), not as plain extensions
_SPECIAL = frozenset({"x-specgen-name", "x-specgen-invariants"})


def annotation_kind(key: str) -> str | None:
    """The change kind for ``key`` when it is documentation or an extension; None otherwise."""
    if key in DOC_KINDS:
        return DOC_KINDS[key]
    if key in _SPECIAL:
        return None
    if key in SPECGEN_KINDS:
        return SPECGEN_KINDS[key]
    if key.startswith("x-specgen-"):
        return "specgen-extension-changed"
    if key.startswith("x-"):
        return "extension-changed"
    return None


def compare_annotations(
    rec: Recorder,
    old: dict[str, Any],
    old_ptr: str,
    new: dict[str, Any],
    new_ptr: str,
    *,
    what: str,
    keys: Iterable[str] | None = None,
) -> None:
    """Record every documentation keyword and extension that differs (``keys`` limits which)."""
    candidates = list(keys) if keys is not None else _ordered_keys(old, new)
    for key in candidates:
        kind = annotation_kind(key)
        if kind is None:
            continue
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key not in old:
            rec.add(kind, jp.child(new_ptr, key), f"{what}: {key} added")
        elif key not in new:
            rec.add(kind, jp.child(old_ptr, key), f"{what}: {key} removed", side="old")
        else:
            rec.add(kind, jp.child(new_ptr, key), f"{what}: {key} changed{_detail(before, after)}")


def _ordered_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [*new, *(key for key in old if key not in new)]


def _detail(before: Any, after: Any) -> str:
    if isinstance(before, str | int | float | bool) and isinstance(after, str | int | float | bool):
        text = f" ({before!r} -> {after!r})"
        if len(text) <= 90:
            return text
    return ""


def strip_docs(value: Any, in_properties: bool = False) -> Any:
    """A copy of ``value`` without documentation keywords and non-specgen extensions."""
    if isinstance(value, dict):
        kept: dict[str, Any] = {}
        for key, item in value.items():
            kind = annotation_kind(key) if not in_properties else None
            if kind is not None and kind in _DOC_ONLY:
                continue
            kept[key] = strip_docs(item, in_properties=key == "properties" and not in_properties)
        return kept
    if isinstance(value, list):
        return [strip_docs(item) for item in value]
    return value


_DOC_ONLY = frozenset({*DOC_KINDS.values(), "extension-changed"})
