"""Unions (``oneOf``/``anyOf`` of real shapes): their members, how old and new members pair up, discriminators.

Members pair up by component name first, then by discriminator tag (the constant of the tag
property) and types, then inline members by types, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from generator.diff.objects import required_alternatives
from generator.diff.recorder import Recorder
from generator.diff.view import Node, Version, allowed_values, is_null_schema, types, view
from generator.spec import pointer as jp


@dataclass(frozen=True)
class Member:
    """One non-null member of a union."""

    raw: Any
    pointer: str
    name: str | None
    types: frozenset[str]
    tag: str | None
    label: str


def union_members(version: Version, node: Node) -> tuple[str, list[Member]] | None:
    """(keyword, non-null members) of the node's union, or None when it is not one."""
    if required_alternatives(version, node) is not None:
        return None
    tag_property = _tag_property(node.schema) or "type"
    for keyword in ("oneOf", "anyOf"):
        members = node.schema.get(keyword)
        if not isinstance(members, list):
            continue
        base = jp.child(node.pointer, keyword)
        found: list[Member] = []
        for index, raw in enumerate(members):
            pointer = jp.child(base, index)
            if is_null_schema(version, raw, pointer):
                continue
            inner = view(version, raw, pointer)
            name = inner.component if _is_ref(raw) else None
            tag = _tag(version, inner, tag_property)
            title = inner.schema.get("title")
            label = name or (title if isinstance(title, str) else None) or tag or f"#{index}"
            found.append(Member(raw, pointer, name, types(inner.schema), tag, label))
        return keyword, found
    return None


def match_members(
    old: list[Member], new: list[Member]
) -> tuple[list[tuple[Member, Member]], list[Member], list[Member]]:
    """(pairs, members only in old, members only in new)."""
    pairs: list[tuple[Member, Member]] = []
    old_left, new_left = list(range(len(old))), list(range(len(new)))

    def take(same: Callable[[Member, Member], bool]) -> None:
        for i in list(old_left):
            for j in new_left:
                if same(old[i], new[j]):
                    pairs.append((old[i], new[j]))
                    old_left.remove(i)
                    new_left.remove(j)
                    break

    take(lambda a, b: a.name is not None and a.name == b.name)
    take(lambda a, b: a.tag is not None and a.tag == b.tag and a.types == b.types)
    take(lambda a, b: a.name is None and b.name is None and a.types == b.types)
    return pairs, [old[i] for i in old_left], [new[j] for j in new_left]


def compare_discriminators(
    rec: Recorder, o: Node, old_members: list[Member], n: Node, new_members: list[Member], *, what: str
) -> None:
    """Record changes of the discriminator property and of which member a tag selects."""
    before, after = _tag_property(o.schema), _tag_property(n.schema)
    old_at, new_at = jp.child(o.pointer, "discriminator"), jp.child(n.pointer, "discriminator")
    if before != after:
        if before is None:
            rec.add("discriminator-added", new_at, f"{what}: discriminator on '{after}' added")
        elif after is None:
            rec.add("discriminator-removed", old_at, f"{what}: discriminator on '{before}' removed", side="old")
        else:
            message = f"{what}: discriminator property '{before}' -> '{after}'"
            rec.add("discriminator-property-changed", jp.child(new_at, "propertyName"), message)
        return
    if before is None:
        return
    old_tags = _effective_tags(o.schema, old_members)
    new_tags = _effective_tags(n.schema, new_members)
    mapping = n.schema["discriminator"].get("mapping")
    for tag in sorted(old_tags.keys() & new_tags.keys()):
        if old_tags[tag] != new_tags[tag]:
            pointer = (
                jp.child(jp.child(new_at, "mapping"), tag) if isinstance(mapping, dict) and tag in mapping else new_at
            )
            message = f"{what}: tag '{tag}' selects {old_tags[tag]} -> {new_tags[tag]}"
            rec.add("discriminator-mapping-changed", pointer, message)


def _is_ref(raw: Any) -> bool:
    return isinstance(raw, dict) and isinstance(raw.get("$ref"), str)


def _tag_property(schema: dict[str, Any]) -> str | None:
    discriminator = schema.get("discriminator")
    if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
        return str(discriminator["propertyName"])
    return None


def _tag(version: Version, node: Node, prop: str) -> str | None:
    properties = node.schema.get("properties")
    if not isinstance(properties, dict) or prop not in properties:
        return None
    inner = view(version, properties[prop], jp.child(jp.child(node.pointer, "properties"), prop))
    values, constant = allowed_values(inner.schema)
    if constant and values:
        return str(values[0])
    return None


def _effective_tags(schema: dict[str, Any], members: list[Member]) -> dict[str, str]:
    """Tag -> member component name: explicit mapping over the members' constants or names."""
    tags: dict[str, str] = {}
    for member in members:
        if member.name is not None:
            tags[member.tag or member.name] = member.name
    mapping = schema["discriminator"].get("mapping")
    if isinstance(mapping, dict):
        for tag, target in mapping.items():
            if isinstance(target, str):
                tags[str(tag)] = jp.unescape(unquote(target.rsplit("/", 1)[-1]))
    return tags
