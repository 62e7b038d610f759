"""Models: the IR's model classes as pydantic v2 code, laid out as black would write it.

Each class is a ``BaseModel`` with ``defer_build=True`` (its validator is built on first use, so
importing thousands of classes stays fast); members are annotated from the type tree
(:mod:`generator.render.pytypes`); what a type cannot say is a validator written in place:
cross-field invariants, groups of members, accepted spellings of constants, open unions.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import Any

from generator.ir.typetree import (
    ArrayOf,
    Default,
    Discriminator,
    MapOf,
    ModelClass,
    ModelField,
    ModelPlan,
    Scalar,
    TypeNode,
    UnionOf,
    allows_null,
    nullable,
)
from generator.render.filters import docstring, python_literal
from generator.render.layout import (
    AnnAssign,
    Assign,
    Attribute,
    BinOp,
    Call,
    Decorator,
    DictExpr,
    Expr,
    ExprStatement,
    FunctionDef,
    ListExpr,
    Literal,
    Name,
    Param,
    Return,
    Statement,
    Subscript,
    TupleExpr,
    UnaryOp,
    docstring_lines,
    format_statement,
)
from generator.render.pytypes import Imports, Speller, from_import_lines, import_order
from generator.spec.invariants import Invariant, Term

_INDENT = 4


def models_context(
    plan: ModelPlan,
    classes: Iterable[ModelClass] | None = None,
    *,
    module_of: dict[str, str] | None = None,
    module: str = "models",
) -> dict[str, Any]:
    """What ``models.py.jinja`` renders: the module ``module`` (relative to the package) of
    ``classes`` (default: every class of ``plan``); ``module_of`` places the classes of a split
    package, which a module imports at its end (see :mod:`generator.render.model_modules`)."""
    imports = Imports()
    speller = Speller(imports)
    chosen = list(plan.classes if classes is None else classes)
    contexts = [_class_context(model, speller) for model in chosen]
    if chosen:
        imports.need("._models", "BaseModel")  # pydantic's, with to_dict() and to_json()
        imports.need("pydantic", "ConfigDict")
    up = "." * module.count(".")
    relative = Imports({(up + m if m.startswith(".") else m): set(n) for m, n in imports.names.items()})
    late: dict[str, set[str]] = {}
    own = {model.name for model in chosen}
    for name in sorted(imports.models - own):
        home = (module_of or {}).get(name)
        if home is not None and home != module:
            late.setdefault("." + home.rsplit(".", 1)[-1], set()).add(name)
    lines = [
        line
        for found in sorted(late)
        for line in from_import_lines(found, sorted(late[found], key=import_order), comment="  # noqa: E402")
    ]
    return {"imports": import_lines(relative), "classes": contexts, "late_imports": lines}


def import_lines(imports: Imports) -> list[str]:
    """The import block: standard library, third-party, then the package's own modules."""
    sections: list[list[str]] = [[], [], []]
    for module in sorted(imports.names, key=lambda m: (m.startswith("."), m)):
        names = sorted(imports.names[module], key=import_order)
        if not names:
            continue
        section = 2 if module.startswith(".") else 0 if module.split(".")[0] in sys.stdlib_module_names else 1
        sections[section].extend(from_import_lines(module, names))
    lines: list[str] = []
    for found in sections:
        if found:
            lines.extend(["", *found] if lines else found)
    return lines


# ---------------------------------------------------------------- one class


def _class_context(model: ModelClass, speller: Speller) -> dict[str, Any]:
    extra: list[str] = []
    if model.extra_type is not None:
        annotation = Subscript(Name("dict"), (Name("str"), speller.annotation(model.extra_type)))
        extra = format_statement(AnnAssign("__pydantic_extra__", annotation), _INDENT)
    return {
        "name": model.name,
        "docstring": docstring_lines(docstring(model.description), _INDENT) if model.description else [],
        "config": _config_lines(model),
        "members": [{"lines": _member_lines(member, speller)} for member in model.fields],
        "extra": extra,
        "validators": _validators(model, speller),
    }


def _config_lines(model: ModelClass) -> list[str]:
    settings = ["defer_build=True", f"extra={python_literal(model.extra)}", "populate_by_name=True"]
    if _needs_python_regex(model):
        # pydantic's default (Rust) regexes read `$` as ECMA does, but have no lookaround or backreference
        settings.append('regex_engine="python-re"')
    return ["    model_config = ConfigDict(", *(f"        {s}," for s in settings), "    )"]


_PYTHON_ONLY_REGEX = re.compile(r"\(\?<?[=!]|\\[1-9]")


def _needs_python_regex(model: ModelClass) -> bool:
    return any(_PYTHON_ONLY_REGEX.search(p) for member in model.fields for p in _patterns(member.type))


def _patterns(node: TypeNode) -> list[str]:
    if isinstance(node, Scalar):
        return [node.constraints.pattern] if node.constraints.pattern is not None else []
    if isinstance(node, ArrayOf):
        return _patterns(node.items)
    if isinstance(node, MapOf):
        return _patterns(node.keys) + _patterns(node.values)
    if isinstance(node, UnionOf):
        return [p for v in node.variants for p in _patterns(v)]
    return []


def _member_lines(member: ModelField, speller: Speller) -> list[str]:
    kind = member.type
    if not member.required and member.default is None and not allows_null(kind):
        kind = nullable(kind)
    annotation = speller.annotation(kind)
    value = _member_value(member, speller)
    lines = format_statement(AnnAssign(member.name, annotation, value), _INDENT)
    if member.description:
        lines.extend(docstring_lines(docstring(member.description), _INDENT, attribute=True))
    return lines


def _member_value(member: ModelField, speller: Speller) -> Expr | None:
    default: Expr | None = None
    if member.default is not None:
        default = _data(member.default)
    elif not member.required:
        default = Name("None")
    # An object or array default is JSON data: validated into the member's type (a model, a list of
    # models) for each instance, rather than kept as a shared dict or list.
    validate = member.default is not None and isinstance(member.default.value, (dict, list))
    if member.name == member.wire and not validate:
        return default
    speller.imports.need("pydantic", "Field")
    arguments = (default,) if default is not None else ()
    keywords: list[tuple[str, Expr]] = []
    if member.name != member.wire:
        keywords.append(("alias", Literal(python_literal(member.wire))))
    if validate:
        keywords.append(("validate_default", Name("True")))
    return Call(Name("Field"), arguments, tuple(keywords))


def _data(default: Default) -> Expr:
    return Literal(python_literal(default.value))


# ---------------------------------------------------------------- validators


def _validators(model: ModelClass, speller: Speller) -> list[list[str]]:
    blocks = []
    imports = speller.imports
    if model.invariants:
        blocks.append(_invariants(model, imports))
    if model.groups:
        blocks.append(_groups(model, imports))
    for alias in model.aliases:
        imports.need("pydantic", "field_validator")
        imports.need("typing", "Any")
        imports.need("._validation", "canonical")
        pairs = DictExpr(tuple((_text(a), _text(c)) for a, c in alias.pairs))
        body = Return(Call(Name("canonical"), (Name("value"), pairs)))
        blocks.append(
            _method(
                (_validator_decorator("field_validator", _attribute(model, alias.field), "before"),),
                f"_specgen_aliases_{_attribute(model, alias.field)}",
                (Param("cls"), Param("value", Name("Any"))),
                Name("Any"),
                [body],
                classmethod=True,
            )
        )
    for member in model.fields:
        found = _open_union(member.type)
        if found is not None:
            blocks.append(_open_union_validator(member, found, imports))
    return blocks


def _open_union(kind: TypeNode) -> Discriminator | None:
    """The discriminator of an open union at a member's top (or its list items)."""
    if isinstance(kind, UnionOf):
        if kind.discriminator is not None and kind.discriminator.fallback is not None:
            return kind.discriminator
        inner = [v for v in kind.variants if not isinstance(v, type(None))]
        for variant in inner:
            if isinstance(variant, (UnionOf, ArrayOf)):
                found = _open_union(variant)
                if found is not None:
                    return found
    if isinstance(kind, ArrayOf):
        return _open_union(kind.items)
    return None


def _open_union_validator(member: ModelField, found: Discriminator, imports: Imports) -> list[str]:
    for module, name in (
        ("pydantic", "field_validator"),
        ("pydantic", "ValidationInfo"),
        ("pydantic", "ValidatorFunctionWrapHandler"),
        ("typing", "Any"),
        ("._validation", "discriminate"),
    ):
        imports.need(module, name)
    assert found.fallback is not None
    imports.models.update({found.fallback, *(target for _, target in found.mapping)})
    mapping = DictExpr(tuple((Literal(python_literal(tag)), Name(target)) for tag, target in found.mapping))
    call = Call(
        Name("discriminate"),
        (
            Name("value"),
            Name("handler"),
            Name("info"),
            _text(found.property),
            mapping,
            Name(found.fallback),
        ),
    )
    return _method(
        (_validator_decorator("field_validator", member.name, "wrap"),),
        f"_specgen_union_{member.name}",
        (
            Param("cls"),
            Param("value", Name("Any")),
            Param("handler", Name("ValidatorFunctionWrapHandler")),
            Param("info", Name("ValidationInfo")),
        ),
        Name("Any"),
        [Return(call)],
        classmethod=True,
    )


def _invariants(model: ModelClass, imports: Imports) -> list[str]:
    for module, name in (
        ("pydantic", "model_validator"),
        ("pydantic", "ValidationInfo"),
        ("typing", "Self"),
        ("._validation", "check_invariant"),
    ):
        imports.need(module, name)
    lines = _method_head(
        (_validator_decorator("model_validator", None, "after"),),
        "_specgen_invariants",
        (Param("self"), Param("info", Name("ValidationInfo"))),
        Name("Self"),
    )
    body = " " * (_INDENT * 2)
    for invariant in model.invariants:
        pairs = tuple((_text(wire), Attribute(Name("self"), _attribute(model, wire))) for wire in invariant.names)
        values = DictExpr(pairs)
        lines.extend(format_statement(Assign("values", values), _INDENT * 2))
        lines.append(f"{body}if None not in values.values():")
        check = Call(
            Name("check_invariant"), (_condition(invariant), Literal(python_literal(invariant.message)), Name("info"))
        )
        lines.extend(format_statement(ExprStatement(check), _INDENT * 3))
    lines.extend(format_statement(Return(Name("self")), _INDENT * 2))
    return lines


def _condition(invariant: Invariant) -> Expr:
    return BinOp(invariant.op, (_sum(invariant.left), _sum(invariant.right)))


def _sum(terms: tuple[Term, ...]) -> Expr:
    parts: list[Expr] = []
    ops: list[str] = []
    for index, term in enumerate(terms):
        magnitude = abs(term.coefficient)
        value: Expr = Subscript(Name("values"), (_text(term.name),)) if term.name else Literal(str(magnitude))
        if term.name is not None and magnitude != 1:
            value = BinOp("*", (Literal(str(magnitude)), value))
        if index == 0 and term.coefficient < 0:
            value = UnaryOp("-", value)
        elif index:
            ops.append("-" if term.coefficient < 0 else "+")
        parts.append(value)
    result = parts[0]
    for op, part in zip(ops, parts[1:], strict=True):
        if isinstance(result, BinOp) and result.op == op:
            result = BinOp(op, (*result.operands, part))
        else:
            result = BinOp(op, (result, part))
    return result


def _groups(model: ModelClass, imports: Imports) -> list[str]:
    for module, name in (
        ("pydantic", "model_validator"),
        ("pydantic", "ValidationInfo"),
        ("typing", "Self"),
        ("._validation", "require_groups"),
    ):
        imports.need(module, name)
    lines = _method_head(
        (_validator_decorator("model_validator", None, "after"),),
        "_specgen_required_groups",
        (Param("self"), Param("info", Name("ValidationInfo"))),
        Name("Self"),
    )
    for group in model.groups:
        members = tuple(TupleExpr(tuple(_text(_attribute(model, w)) for w in names)) for names in group.members)
        call = Call(
            Name("require_groups"),
            (Name("self"), _list(members)),
            (("mode", Literal(python_literal(group.mode))), ("info", Name("info"))),
        )
        lines.extend(format_statement(ExprStatement(call), _INDENT * 2))
    lines.extend(format_statement(Return(Name("self")), _INDENT * 2))
    return lines


def _list(items: tuple[Expr, ...]) -> Expr:
    return ListExpr(items)


def _text(value: str) -> Literal:
    """A string literal."""
    return Literal(python_literal(value))


def _attribute(model: ModelClass, wire: str) -> str:
    """The attribute holding the member ``wire`` of ``model``."""
    member = model.field_named(wire)
    return member.name if member is not None else wire


def _validator_decorator(kind: str, member: str | None, mode: str) -> Expr:
    """``@field_validator("member", mode=...)`` or ``@model_validator(mode=...)``."""
    return Call(Name(kind), (_text(member),) if member else (), (("mode", _text(mode)),))


def _method_head(
    decorators: tuple[Expr, ...],
    name: str,
    params: tuple[Param, ...],
    returns: Expr,
    *,
    classmethod: bool = False,
) -> list[str]:
    lines: list[str] = []
    for decorator in decorators:
        lines.extend(format_statement(Decorator(decorator), _INDENT))
    if classmethod:
        lines.append("    @classmethod")
    lines.extend(format_statement(FunctionDef(name, params, returns), _INDENT))
    return lines


def _method(
    decorators: tuple[Expr, ...],
    name: str,
    params: tuple[Param, ...],
    returns: Expr,
    body: list[Statement],
    *,
    classmethod: bool = False,
) -> list[str]:
    lines = _method_head(decorators, name, params, returns, classmethod=classmethod)
    for statement in body:
        lines.extend(format_statement(statement, _INDENT * 2))
    return lines
