"""Placeholder names for classes named later (an inline object is named when its level is done)."""

from __future__ import annotations

from dataclasses import replace

from generator.ir.typetree import ArrayOf, Discriminator, MapOf, ModelClass, ModelRef, TypeNode, UnionOf

_MARK = "\0"


def placeholder(pointer: str) -> str:
    """The name standing for the class of ``pointer`` until it is named."""
    return _MARK + pointer


def rename_node(node: TypeNode, names: dict[str, str]) -> TypeNode:
    """``node`` with placeholder class names replaced by ``names``."""
    if isinstance(node, ModelRef):
        return ModelRef(names.get(node.name, node.name)) if node.name.startswith(_MARK) else node
    if isinstance(node, ArrayOf):
        return replace(node, items=rename_node(node.items, names))
    if isinstance(node, MapOf):
        return replace(node, values=rename_node(node.values, names))
    if isinstance(node, UnionOf):
        found = node.discriminator
        if found is not None:
            mapping = tuple((tag, names.get(target, target)) for tag, target in found.mapping)
            found = Discriminator(found.property, mapping, found.fallback)
        return UnionOf(tuple(rename_node(v, names) for v in node.variants), found)
    return node


def rename_class(model: ModelClass, names: dict[str, str]) -> ModelClass:
    """``model`` with placeholder class names in its members' types replaced."""
    members = tuple(replace(f, type=rename_node(f.type, names)) for f in model.fields)
    extra = rename_node(model.extra_type, names) if model.extra_type is not None else None
    return replace(model, fields=members, extra_type=extra)
