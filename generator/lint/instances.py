"""Walk an example value together with its schema: which schema describes which part.

At a ``oneOf``/``anyOf`` the branch the value validates against is taken; when none
does, the branch whose constant properties (such as ``type: static``) match the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.spec import pointer as jp
from generator.spec.facts import constant

if TYPE_CHECKING:
    from generator.lint.context import LintContext

_MAX_DEPTH = 64


@dataclass(frozen=True)
class Instance:
    """A part of an example (at ``path`` inside it) and the schema (at ``schema_pointer``) for it."""

    schema_pointer: str
    schema: dict[str, Any]
    value: Any
    path: str


def walk(ctx: LintContext, schema_pointer: str, value: Any) -> Iterator[Instance]:
    """Every (schema, part of ``value``) pair under the schema at ``schema_pointer``."""
    stack: list[tuple[str, Any, Any, str, int]] = [(schema_pointer, ctx.resolve(schema_pointer), value, "", 0)]
    while stack:
        pointer, schema, part, path, depth = stack.pop()
        node, where = ctx.deref(schema, pointer)
        if not isinstance(node, dict) or depth > _MAX_DEPTH:
            continue
        yield Instance(where, node, part, path)
        for branch, sub in _branches(ctx, node, where, part):
            stack.append((branch, sub, part, path, depth + 1))
        if isinstance(part, dict):
            found = node.get("properties")
            properties: dict[str, Any] = found if isinstance(found, dict) else {}
            extra = node.get("additionalProperties")
            for key, item in part.items():
                if key in properties:
                    target, sub = f"{where}/properties/{jp.escape(key)}", properties[key]
                elif isinstance(extra, dict):
                    target, sub = f"{where}/additionalProperties", extra
                else:
                    continue
                stack.append((target, sub, item, f"{path}/{jp.escape(key)}", depth + 1))
        elif isinstance(part, list) and isinstance(node.get("items"), dict):
            target, sub = f"{where}/items", node["items"]
            stack.extend((target, sub, item, f"{path}/{i}", depth + 1) for i, item in enumerate(part))


def _branches(ctx: LintContext, node: dict[str, Any], where: str, value: Any) -> list[tuple[str, Any]]:
    result = []
    all_of = node.get("allOf")
    if isinstance(all_of, list):
        result += [(f"{where}/allOf/{i}", sub) for i, sub in enumerate(all_of)]
    for keyword in ("oneOf", "anyOf"):
        branches = node.get(keyword)
        if isinstance(branches, list) and branches:
            pointers = [f"{where}/{keyword}/{i}" for i in range(len(branches))]
            chosen = choose_branch(ctx, pointers, value)
            if chosen is not None:
                result.append((chosen, branches[pointers.index(chosen)]))
    return result


def choose_branch(ctx: LintContext, pointers: list[str], value: Any) -> str | None:
    """The branch for ``value``: the one whose constant properties it matches, else the only one of
    its type, else the first it is valid under. None for scalars (nothing below them to walk)."""
    if not isinstance(value, (dict, list)):
        return None
    if isinstance(value, dict):
        for pointer in pointers:
            constants = constant_properties(ctx, pointer)
            if constants and all(value.get(name) == constant for name, constant in constants.items()):
                return pointer
    fitting = [pointer for pointer in pointers if _type_fits(ctx, pointer, value)]
    if len(fitting) == 1:
        return fitting[0]
    for pointer in fitting:
        if ctx.validation.is_valid(pointer, value):
            return pointer
    return None


def _type_fits(ctx: LintContext, pointer: str, value: Any) -> bool:
    node = ctx.deref(ctx.resolve(pointer), pointer)[0]
    kind = node.get("type") if isinstance(node, dict) else None
    if kind is None:
        return True
    kinds = kind if isinstance(kind, list) else [kind]
    return ("object" if isinstance(value, dict) else "array") in kinds


def constant_properties(ctx: LintContext, pointer: str, depth: int = 0) -> dict[str, Any]:
    """Properties the schema at ``pointer`` fixes to one value (``const`` or a one-value ``enum``),
    including those of its ``allOf`` parts."""
    node, where = ctx.deref(ctx.resolve(pointer), pointer)
    if not isinstance(node, dict) or depth > 8:
        return {}
    result: dict[str, Any] = {}
    all_of = node.get("allOf")
    if isinstance(all_of, list):
        for index in range(len(all_of)):
            result.update(constant_properties(ctx, jp.child(jp.child(where, "allOf"), index), depth + 1))
    properties = node.get("properties")
    if isinstance(properties, dict):
        for name, prop in properties.items():
            prop, _ = ctx.deref(prop)
            found = constant(prop)
            if found is not None:
                result[name] = found[0]
    return result
