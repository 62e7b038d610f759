"""Request parameters as TypedDicts: what an editor completes when a caller writes a dict.

Each model class a method takes (its members, transitively) gets a ``TypedDict`` named after it
(``CreateThing`` -> ``CreateThingParam``; a class already ending in ``Param`` -> ``...Params``)
whose keys are the wire names, required ones marked ``Required``; a method accepts the model or
the dict. Keys that are not Python identifiers use TypedDict's call syntax.
"""

from __future__ import annotations

import keyword
from typing import Any

from generator.ir.model import ClientIR
from generator.ir.typetree import ArrayOf, MapOf, ModelClass, ModelPlan, ModelRef, TypeNode, UnionOf
from generator.naming import resolve_collisions
from generator.render.filters import docstring, python_literal
from generator.render.layout import (
    AnnAssign,
    Assign,
    Call,
    DictExpr,
    Expr,
    Literal,
    Name,
    Subscript,
    docstring_lines,
    format_statement,
    render_expression,
)
from generator.render.models import import_lines
from generator.render.pytypes import Imports, Speller, from_import_lines, import_order

_INDENT = 4


def param_names(ir: ClientIR) -> dict[str, str]:
    """Model class -> TypedDict name, for every class a method argument takes (transitively)."""
    plan = ir.models
    pending = [p.type for resource in ir.all_resources() for op in resource.operations for p in op.all_params]
    found: set[str] = set()
    while pending:
        node = pending.pop()
        for name in _referenced(node):
            if name not in found and plan.model(name) is not None:
                found.add(name)
                model = plan.model(name)
                assert model is not None
                pending.extend(member.type for member in model.fields)
    wanted = {name: (name[: -len("Param")] + "Params" if name.endswith("Param") else name + "Param") for name in found}
    taken = plan.names
    clashing = {name: f"{wanted[name]}Dict" if wanted[name] in taken else wanted[name] for name in wanted}
    return resolve_collisions(clashing, {name: f"{name}Dict" for name in clashing})


def _referenced(node: TypeNode) -> list[str]:
    if isinstance(node, ModelRef):
        return [node.name]
    if isinstance(node, ArrayOf):
        return _referenced(node.items)
    if isinstance(node, MapOf):
        return _referenced(node.values)
    if isinstance(node, UnionOf):
        found = [name for variant in node.variants for name in _referenced(variant)]
        if node.discriminator is not None and node.discriminator.fallback is not None:
            found.append(node.discriminator.fallback)
        return found
    return []


def params_context(plan: ModelPlan, names: dict[str, str]) -> dict[str, Any]:
    """What ``params.py.jinja`` renders: one TypedDict per class in ``names``."""
    imports = Imports()
    speller = Speller(imports, param_names=names)
    classes = [_typed_dict(model, names[model.name], speller) for model in plan.classes if model.name in names]
    imports.need("typing", "TypedDict")
    lines = _import_lines(imports, set(names.values()))
    return {"imports": lines, "classes": sorted(classes, key=lambda c: str(c["name"]))}


def _typed_dict(model: ModelClass, name: str, speller: Speller) -> dict[str, Any]:
    members: list[tuple[str, Expr, str]] = []
    for member in model.fields:
        value = speller.argument(member.type)
        if member.required:
            speller.imports.need("typing", "Required")
            value = Subscript(Name("Required"), (value,))
        members.append((member.wire, value, member.description))
    plain = all(wire.isidentifier() and not keyword.iskeyword(wire) and wire.isascii() for wire, _, _ in members)
    lines: list[str] = []
    if plain:
        lines.append(f"class {name}(TypedDict, total=False):")
        if model.description:
            lines.extend(docstring_lines(docstring(model.description), _INDENT))
            if members:
                lines.append("")
        for wire, value, description in members:
            lines.extend(format_statement(AnnAssign(wire, value), _INDENT))
            if description:
                lines.extend(docstring_lines(docstring(description), _INDENT, attribute=True))
        if not members and not model.description:
            lines.append("    pass")
    else:  # the call syntax evaluates its values: they stay annotations as text
        fields = DictExpr(
            tuple(
                (Literal(python_literal(wire)), Literal(python_literal(render_expression(value))))
                for wire, value, _ in members
            )
        )
        call = Call(Name("TypedDict"), (Literal(python_literal(name)), fields), (("total", Name("False")),))
        lines.extend(format_statement(Assign(name, call), 0))
    return {"name": name, "lines": lines}


def _import_lines(imports: Imports, own: set[str]) -> list[str]:
    """The imports; the models only for type checkers (annotations here are text), so importing
    the parameters never imports the models of a split package."""
    imports.params -= own
    lines = import_lines(imports)
    if imports.models:
        imports.need("typing", "TYPE_CHECKING")
        lines = import_lines(imports)
        names = sorted(imports.models, key=import_order)
        block = from_import_lines(".models", names, 4)
        lines = [*lines, "", "if TYPE_CHECKING:", *block]
    return lines
