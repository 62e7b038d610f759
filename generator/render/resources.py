"""Resource modules: the sync and async resource classes and their raw- and streaming-response
wrappers, laid out as black writes them (:mod:`generator.render.layout`), so they are never formatted.

The methods come from :mod:`generator.render.methods`; this module adds the classes around them,
the child resources (imported when first used), and the imports of exactly the names used.
"""

from __future__ import annotations

import builtins
import sys
from dataclasses import dataclass, replace
from typing import Any

from generator.ir.model import Operation, Resource
from generator.ir.typetree import ModelPlan
from generator.render.filters import docstring
from generator.render.layout import (
    Assign,
    Attribute,
    BinOp,
    Call,
    ClassDef,
    DictExpr,
    Docstring,
    Expr,
    ExprStatement,
    FunctionDef,
    ListExpr,
    Literal,
    Name,
    Return,
    Starred,
    Statement,
    Subscript,
    TupleExpr,
    UnaryOp,
    format_statement,
)
from generator.render.layout import Param as Parameter
from generator.render.methods import MethodContext, request_method, streaming_method
from generator.render.polling import and_poll_method, poll_method
from generator.render.pytypes import Imports, Speller, from_import_lines, import_order

#: The classes a resource module defines besides the resource: its methods' raw and streaming wrappers.
WRAPPER_SUFFIXES = ("", "WithRawResponse", "WithStreamingResponse")
_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_SELF = Parameter("self")
# Runtime names a resource module may use, by the package module that defines them.
_RUNTIME = {
    "_base_client": ("AsyncAPIResource", "SyncAPIResource"),
    "_files": ("FileInput",),
    "_pagination": ("AsyncCursorPage", "AsyncPaginator", "CursorSpec", "SyncCursorPage"),
    "_polling": ("PollSpec", "async_poll", "poll", "poll_arguments"),
    "_request": ("Endpoint", "Param"),
    "_response": (
        "event_parser",
        "parse_by_status",
        "parse_bytes",
        "parse_model",
        "parse_none",
        "parse_text",
        "parse_value",
        "pointer_value",
        "raw_event",
    ),
    "_streaming": ("AsyncStream", "Stream"),
    "_types": ("NotGiven", "Omit", "RequestOptions", "Timeout", "not_given", "omit"),
    "_wrappers": (
        "async_to_raw_response_wrapper",
        "async_to_streamed_response_wrapper",
        "to_raw_response_wrapper",
        "to_streamed_response_wrapper",
    ),
}
_STANDARD = {
    "collections.abc": ("Mapping", "Sequence"),
    "functools": ("cached_property", "partial"),
    "typing": ("Any", "Literal", "cast"),
}
# Modules whose imports are written one name a line whatever their width (as they always were).
_EXPLODED = frozenset({"_wrappers", "models", "params"})


@dataclass(frozen=True)
class _Member:
    """A class member: its function (header and statements), then lines the layout grammar has no
    statement for (a child resource's import)."""

    function: FunctionDef
    tail: tuple[str, ...] = ()


def resource_context(resource: Resource, plan: ModelPlan, typed_dicts: dict[str, str]) -> dict[str, Any]:
    """What ``resource.py.jinja`` renders for ``resource``."""
    imports = Imports()
    speller = Speller(imports, param_names=typed_dicts)
    folder = tuple(resource.module.split(".")[1:-1])
    children = [child_info(child, folder) for child in resource.children]
    classes: list[tuple[ClassDef, list[_Member]]] = []
    for is_async in (False, True):
        prefix = "Async" if is_async else ""
        own = f"{prefix}{resource.class_name}"
        context = MethodContext(speller, plan, is_async)
        members = [_child_property(child, resource, prefix) for child in children]
        members += [_wrapper_property(own, kind) for kind in ("raw", "streaming")]
        for op in resource.operations:
            members += [_Member(m) for m in _operation_methods(op, resource.operations, context)]
        base = Name("AsyncAPIResource" if is_async else "SyncAPIResource")
        names = ", ".join(op.name for op in resource.operations)
        reach = ".".join(resource.reach)
        summary = f"``client.{reach}``" + (f": {names}" if names else "") + "."
        doc = Docstring(docstring(summary), inline=True)
        classes.append((ClassDef(own, (base,), (doc,)), _qualified(members)))
        for kind in ("Raw", "Streaming"):
            classes.append(_wrapper_class(resource, prefix, kind, children))
    used = {name for cls, members in classes for name in _class_names(cls, members)}
    qualified = "builtins" in used
    rel = "." * len(resource.module.split("."))
    return {
        "resource": resource,
        "imports": _import_lines(
            used,
            imports,
            plan=plan,
            typed_dicts=set(typed_dicts.values()),
            rel=rel,
            has_children=bool(children),
            qualified=qualified,
        ),
        "children": children,
        "exported": sorted(
            (f"{p}{resource.class_name}{s}" for p in ("", "Async") for s in WRAPPER_SUFFIXES), key=import_order
        ),
        "classes": [_class_lines(cls, members) for cls, members in classes],
    }


def child_info(child: Resource, parent_folder: tuple[str, ...]) -> dict[str, Any]:
    """A child resource as its parent (or the client) refers to it: attribute, class, module, imports."""
    parts = child.module.split(".")
    relative = ".".join(parts[1 + len(parent_folder) :])
    classes = [f"{prefix}{child.class_name}{suffix}" for prefix in ("", "Async") for suffix in WRAPPER_SUFFIXES]
    return {
        "attr": child.attr,
        "class_name": child.class_name,
        "module": relative if parent_folder else child.module,
        "imports": sorted(classes, key=import_order),
    }


# ---------------------------------------------------------------- classes


def _operation_methods(op: Operation, siblings: tuple[Operation, ...], context: MethodContext) -> list[FunctionDef]:
    """``op``'s methods in class order: the request, its streaming twin, its polling methods."""
    methods = [request_method(op, context)]
    if op.streaming and op.streaming.method != op.name:
        methods.append(streaming_method(op, context))
    if op.polling:
        methods.append(poll_method(op, context))
    if op.poll_link:
        target = next(o for o in siblings if o.polling and o.polling.method == op.poll_link.poll_method)
        methods.append(and_poll_method(op, target, context))
    return methods


def _child_property(child: dict[str, Any], resource: Resource, prefix: str) -> _Member:
    name = f"{prefix}{child['class_name']}"
    reach = ".".join((*resource.reach, child["attr"]))
    function = FunctionDef(
        child["attr"],
        (_SELF,),
        Name(name),
        (Docstring(docstring(f"``client.{reach}``."), inline=True),),
        decorators=(Name("cached_property"),),
    )
    body = Return(Call(Name(name), (Attribute(Name("self"), "_client"),)))
    return _Member(function, (*from_import_lines(f".{child['module']}", [name], 8), "", *format_statement(body, 8)))


def _wrapper_property(own: str, kind: str) -> _Member:
    wrapper = f"{own}With{'Raw' if kind == 'raw' else 'Streaming'}Response"
    text = (
        "The same methods, returning the raw HTTP response (``.parse()`` gives the object)."
        if kind == "raw"
        else "The same methods, returning a context manager around the unread HTTP response."
    )
    body: tuple[Statement, ...] = (Docstring(text, inline=True), Return(Call(Name(wrapper), (Name("self"),))))
    return _Member(FunctionDef(f"with_{kind}_response", (_SELF,), Name(wrapper), body, (Name("cached_property"),)))


def _wrapper_class(
    resource: Resource, prefix: str, kind: str, children: list[dict[str, Any]]
) -> tuple[ClassDef, list[_Member]]:
    own = f"{prefix}{resource.class_name}"
    wrap = f"{'async_' if prefix else ''}to_{'raw' if kind == 'Raw' else 'streamed'}_response_wrapper"
    returns = (
        "return the raw HTTP response" if kind == "Raw" else "return a context manager around the unread HTTP response"
    )
    wrapped = [
        Assign(f"self.{op.name}", Call(Name(wrap), (Attribute(Name("resource"), op.name),)))
        for op in resource.operations
    ]
    init = FunctionDef(
        "__init__",
        (_SELF, Parameter("resource", Name(own))),
        Name("None"),
        (*wrapped, Assign("self._resource", Name("resource"))),
    )
    members = [_Member(init)]
    for child in children:
        target = f"{prefix}{child['class_name']}With{kind}Response"
        value = Attribute(
            Attribute(Attribute(Name("self"), "_resource"), child["attr"]), f"with_{kind.lower()}_response"
        )
        body: tuple[Statement, ...] = (
            Docstring(f"``{child['attr']}`` with the same wrapping.", inline=True),
            Return(value),
        )
        members.append(_Member(FunctionDef(child["attr"], (_SELF,), Name(target), body, (Name("property"),))))
    doc = Docstring(f"Methods of ``{own}`` that {returns}.", inline=True)
    return ClassDef(f"{own}With{kind}Response", (), (doc,)), members


def class_head(cls: ClassDef) -> list[str]:
    """A top-level class's line and the statements of its body (its docstring), laid out."""
    head = format_statement(replace(cls, body=()), 0)
    for statement in cls.body:
        head.extend(format_statement(statement, 4))
    return head


def _class_lines(cls: ClassDef, members: list[_Member]) -> dict[str, list[Any]]:
    head = class_head(cls)
    blocks = []
    for member in members:
        blocks.append([*format_statement(member.function, 4), *member.tail])
    return {"head": head, "members": blocks}


def _qualified(members: list[_Member]) -> list[_Member]:
    """Builtins a member's name hides (a method ``list``) named as ``builtins.list`` in the class's
    annotations, which Python and mypy read in the class's namespace."""
    hidden = {member.function.name for member in members} & _BUILTINS
    if not hidden:
        return members
    return [replace(member, function=_qualify_function(member.function, hidden)) for member in members]


def _qualify_function(function: FunctionDef, hidden: set[str]) -> FunctionDef:
    params = tuple(
        replace(p, annotation=_qualify(p.annotation, hidden)) if p.annotation is not None else p
        for p in function.params
    )
    returns = _qualify(function.returns, hidden) if function.returns is not None else None
    return replace(function, params=params, returns=returns)


def _qualify(expr: Expr, hidden: set[str]) -> Expr:
    if isinstance(expr, Name):
        return Name(f"builtins.{expr.text}") if expr.text.split(".")[0] in hidden else expr
    if isinstance(expr, Subscript):
        return replace(expr, value=_qualify(expr.value, hidden), items=tuple(_qualify(i, hidden) for i in expr.items))
    if isinstance(expr, BinOp):
        return replace(expr, operands=tuple(_qualify(o, hidden) for o in expr.operands))
    if isinstance(expr, Attribute):
        return replace(expr, value=_qualify(expr.value, hidden))
    return expr  # annotations are names, subscripts, attributes and unions of them


# ---------------------------------------------------------------- imports


def _class_names(cls: ClassDef, members: list[_Member]) -> set[str]:
    """The module-level names a class uses (first parts of dotted names)."""
    found: set[str] = set()
    for base in cls.bases:
        _expr_names(base, found)
    for member in members:
        _statement_names(member.function, found)
    return found


def _statement_names(statement: Statement, found: set[str]) -> None:
    if isinstance(statement, FunctionDef):
        for decorator in statement.decorators:
            _expr_names(decorator, found)
        for param in statement.params:
            for part in (param.annotation, param.default):
                if part is not None:
                    _expr_names(part, found)
        if statement.returns is not None:
            _expr_names(statement.returns, found)
        for inner in statement.body:
            _statement_names(inner, found)
    elif isinstance(statement, Assign | Return | ExprStatement) and statement.value is not None:
        _expr_names(statement.value, found)


def _expr_names(expr: Expr, found: set[str]) -> None:
    if isinstance(expr, Name):
        found.add(expr.text.split(".")[0])
    elif isinstance(expr, Call):
        _expr_names(expr.func, found)
        for arg in (*expr.args, *(value for _, value in expr.kwargs)):
            _expr_names(arg, found)
    elif isinstance(expr, Subscript):
        for part in (expr.value, *expr.items):
            _expr_names(part, found)
    elif isinstance(expr, Attribute):
        _expr_names(expr.value, found)
    elif isinstance(expr, BinOp):
        for operand in expr.operands:
            _expr_names(operand, found)
    elif isinstance(expr, UnaryOp):
        _expr_names(expr.operand, found)
    elif isinstance(expr, Starred):
        _expr_names(expr.value, found)
    elif isinstance(expr, ListExpr | TupleExpr):
        for item in expr.items:
            _expr_names(item, found)
    elif isinstance(expr, DictExpr):
        for key, value in expr.pairs:
            _expr_names(key, found)
            _expr_names(value, found)
    else:
        assert isinstance(expr, Literal)


def _import_lines(
    used: set[str],
    spelled: Imports,
    *,
    plan: ModelPlan,
    typed_dicts: set[str],
    rel: str,
    has_children: bool,
    qualified: bool,
) -> list[str]:
    """The import block: the standard library, then the package's own modules; only names used."""
    wanted: dict[str, set[str]] = {}
    for module, names in (*_STANDARD.items(), *spelled.names.items()):
        if not module.startswith("."):
            wanted.setdefault(module, set()).update(n for n in names if n in used)
    if has_children:
        wanted.setdefault("typing", set()).add("TYPE_CHECKING")
    for module, names in _RUNTIME.items():
        wanted[rel + module] = {n for n in names if n in used}
    wanted[rel + "models"] = {n for n in used if n in plan.names and n not in typed_dicts}
    wanted[rel + "params"] = {n for n in used if n in typed_dicts}
    standard: list[str] = ["import builtins"] if qualified else []
    third_party: list[str] = []
    own: list[str] = []
    for module in sorted(wanted):
        names = sorted(wanted[module], key=import_order)
        if not names:
            continue
        if module.startswith("."):
            own.extend(from_import_lines(module, names, 0, exploded=module.lstrip(".") in _EXPLODED))
        elif module.split(".")[0] in sys.stdlib_module_names:
            standard.extend(from_import_lines(module, names, 0))
        else:
            third_party.extend(from_import_lines(module, names, 0))
    lines: list[str] = []
    for section in (standard, third_party, own):
        if section:
            lines.extend(["", *section] if lines else section)
    return lines
