"""Request bodies and responses of two paired operations: presence, media types, headers, links, schemas."""

from __future__ import annotations

from typing import Any

from generator.diff.operations import Operation
from generator.diff.prose import compare_annotations, strip_docs
from generator.diff.schemas import Direction, Place, SchemaComparer
from generator.diff.view import Version
from generator.spec import pointer as jp

_JSON = "application/json"


def compare_request_bodies(schemas: SchemaComparer, old_op: Operation, new_op: Operation) -> None:
    """Record changes of the request body: presence, requiredness, media types, schema."""
    rec = schemas.rec
    old_raw, new_raw = old_op.data.get("requestBody"), new_op.data.get("requestBody")
    if old_raw is None and new_raw is None:
        return
    old_at, new_at = jp.child(old_op.pointer, "requestBody"), jp.child(new_op.pointer, "requestBody")
    if old_raw is None:
        body, where, _ = schemas.new.follow(new_raw, new_at)
        required = isinstance(body, dict) and body.get("required") is True
        kind = "request-body-added-required" if required else "request-body-added"
        rec.add(kind, where, f"request body added{', required' if required else ''}")
        return
    if new_raw is None:
        _, where, _ = schemas.old.follow(old_raw, old_at)
        rec.add("request-body-removed", where, "request body removed", side="old")
        return
    before, old_at, _ = schemas.old.follow(old_raw, old_at)
    after, new_at, _ = schemas.new.follow(new_raw, new_at)
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    was, now = before.get("required") is True, after.get("required") is True
    if was != now:
        became = "required" if now else "optional"
        pointer = jp.child(new_at, "required") if "required" in after else new_at
        rec.add(f"request-body-became-{became}", pointer, f"request body became {became}")
    compare_annotations(rec, before, old_at, after, new_at, what="request body")
    _compare_content(
        schemas,
        before,
        old_at,
        after,
        new_at,
        direction="request",
        what="request body",
        removed_kind="request-media-type-removed",
    )


def compare_responses(schemas: SchemaComparer, old_op: Operation, new_op: Operation) -> None:
    """Record changes of the responses: status codes, media types, headers, links, schemas."""
    rec = schemas.rec
    old_all, new_all = old_op.data.get("responses"), new_op.data.get("responses")
    old_all = old_all if isinstance(old_all, dict) else {}
    new_all = new_all if isinstance(new_all, dict) else {}
    old_base, new_base = jp.child(old_op.pointer, "responses"), jp.child(new_op.pointer, "responses")
    old_codes = {str(code): code for code in old_all}
    new_codes = {str(code): code for code in new_all}
    for code in new_codes:
        if code not in old_codes:
            kind = f"response-{'success' if _success(code) else 'error'}-status-added"
            rec.add(kind, jp.child(new_base, code), f"response {code} added")
    for code in old_codes:
        if code not in new_codes:
            kind = f"response-{'success' if _success(code) else 'error'}-status-removed"
            rec.add(kind, jp.child(old_base, code), f"response {code} removed", side="old")
    for code in new_codes:
        if code not in old_codes:
            continue
        before, old_at, _ = schemas.old.follow(old_all[old_codes[code]], jp.child(old_base, code))
        after, new_at, _ = schemas.new.follow(new_all[new_codes[code]], jp.child(new_base, code))
        before = before if isinstance(before, dict) else {}
        after = after if isinstance(after, dict) else {}
        what = f"response {code}"
        compare_annotations(rec, before, old_at, after, new_at, what=what)
        removed_kind = "response-media-type-removed" if _success(code) else "error-response-media-type-removed"
        _compare_content(
            schemas, before, old_at, after, new_at, direction="response", what=what, removed_kind=removed_kind
        )
        _compare_headers(schemas, before, old_at, after, new_at, what=what)
        _compare_links(schemas, before, old_at, after, new_at, what=what)


def _success(code: str) -> bool:
    return code.startswith("2")


def _media_types(holder: dict[str, Any]) -> dict[str, str]:
    """Normalized media type (no parameters, lower case) -> key as written."""
    content = holder.get("content")
    if not isinstance(content, dict):
        return {}
    return {key.split(";")[0].strip().lower(): key for key in content}


def _compare_content(
    schemas: SchemaComparer,
    before: dict[str, Any],
    old_at: str,
    after: dict[str, Any],
    new_at: str,
    *,
    direction: Direction,
    what: str,
    removed_kind: str,
) -> None:
    rec = schemas.rec
    old_types, new_types = _media_types(before), _media_types(after)
    for media, key in new_types.items():
        if media not in old_types:
            rec.add(
                f"{direction}-media-type-added", jp.join([*jp.split(new_at), "content", key]), f"{what}: {key} added"
            )
    for media, key in old_types.items():
        if media not in new_types:
            pointer = jp.join([*jp.split(old_at), "content", key])
            rec.add(removed_kind, pointer, f"{what}: {key} removed", side="old")
    for media, new_key in new_types.items():
        old_key = old_types.get(media)
        if old_key is None:
            continue
        old_media, new_media = before["content"][old_key], after["content"][new_key]
        if not isinstance(old_media, dict) or not isinstance(new_media, dict):
            continue
        old_ptr = jp.join([*jp.split(old_at), "content", old_key])
        new_ptr = jp.join([*jp.split(new_at), "content", new_key])
        label = what if media == _JSON or len(new_types) == 1 else f"{what} ({media})"
        compare_annotations(rec, old_media, old_ptr, new_media, new_ptr, what=label)
        if "schema" in old_media and "schema" in new_media:
            schemas.compare(
                old_media["schema"],
                jp.child(old_ptr, "schema"),
                new_media["schema"],
                jp.child(new_ptr, "schema"),
                direction=direction,
                place=Place(label),
            )


def _named(
    version: Version, holder: dict[str, Any], at: str, key: str, fold: bool
) -> dict[str, tuple[dict[str, Any], str]]:
    """Name -> (object with references followed, pointer) of a response's headers or links."""
    entries = holder.get(key)
    found: dict[str, tuple[dict[str, Any], str]] = {}
    if not isinstance(entries, dict):
        return found
    for name, raw in entries.items():
        value, where, _ = version.follow(raw, jp.join([*jp.split(at), key, name]))
        if isinstance(value, dict):
            found[name.lower() if fold else name] = (value, where)
    return found


def _compare_headers(
    schemas: SchemaComparer, before: dict[str, Any], old_at: str, after: dict[str, Any], new_at: str, *, what: str
) -> None:
    rec = schemas.rec
    old = _named(schemas.old, before, old_at, "headers", fold=True)
    new = _named(schemas.new, after, new_at, "headers", fold=True)
    for name, (_, where) in new.items():
        if name not in old:
            rec.add("response-header-added", where, f"{what}: header '{name}' added")
    for name, (header, where) in old.items():
        if name not in new:
            required = header.get("required") is True
            kind = "response-required-header-removed" if required else "response-header-removed"
            rec.add(kind, where, f"{what}: header '{name}' removed", side="old")
    for name, (after_header, new_ptr) in new.items():
        if name not in old:
            continue
        before_header, old_ptr = old[name]
        label = f"{what} header '{name}'"
        if before_header.get("required") is True and after_header.get("required") is not True:
            rec.add("response-header-became-optional", new_ptr, f"{label}: became optional")
        compare_annotations(rec, before_header, old_ptr, after_header, new_ptr, what=label)
        if "schema" in before_header and "schema" in after_header:
            schemas.compare(
                before_header["schema"],
                jp.child(old_ptr, "schema"),
                after_header["schema"],
                jp.child(new_ptr, "schema"),
                direction="response",
                place=Place(label),
            )


def _compare_links(
    schemas: SchemaComparer, before: dict[str, Any], old_at: str, after: dict[str, Any], new_at: str, *, what: str
) -> None:
    rec = schemas.rec
    old = _named(schemas.old, before, old_at, "links", fold=False)
    new = _named(schemas.new, after, new_at, "links", fold=False)
    for name, (_, where) in new.items():
        if name not in old:
            rec.add("response-link-added", where, f"{what}: link '{name}' added")
    for name, (_, where) in old.items():
        if name not in new:
            rec.add("response-link-removed", where, f"{what}: link '{name}' removed", side="old")
    for name, (after_link, new_ptr) in new.items():
        if name not in old:
            continue
        before_link, old_ptr = old[name]
        label = f"{what} link '{name}'"
        if strip_docs(before_link) != strip_docs(after_link):
            rec.add("response-link-changed", new_ptr, f"{label}: target or parameters changed")
        compare_annotations(rec, before_link, old_ptr, after_link, new_ptr, what=label)
