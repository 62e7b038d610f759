"""Statements and expressions on one line, spaced as black spaces them.

A statement that fits in the line length is printed as :func:`one_line` gives it; the one-line
form also tells whether black would see a magic trailing comma (which makes it split anyway).
"""

from __future__ import annotations

from generator.render.layout.tree import (
    AnnAssign,
    Assign,
    Attribute,
    BinOp,
    Call,
    ClassDef,
    Decorator,
    DictExpr,
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
    decorator_spaced,
    is_stub,
    needs_parens_after_star,
    needs_parens_after_unary,
    needs_parens_as_primary,
    needs_parens_in_chain,
)


def render_expression(expr: Expr) -> str:
    """``expr`` on one line, spaced as black spaces it."""
    parts: list[str] = []
    _render(expr, parts)
    return "".join(parts)


def one_line(statement: Statement) -> tuple[str, bool]:
    """A simple statement or a header on one line, and whether black sees a magic trailing comma in it."""
    parts: list[str] = []
    magic = False
    if isinstance(statement, AnnAssign):
        parts.append(statement.target)
        parts.append(": ")
        magic = _render(statement.annotation, parts)
        if statement.value is not None:
            parts.append(" = ")
            magic = _render(statement.value, parts) or magic
    elif isinstance(statement, Assign):
        parts.append(statement.target)
        parts.append(" = ")
        magic = _render(statement.value, parts)
    elif isinstance(statement, Return):
        parts.append("return")
        if statement.value is not None:
            parts.append(" ")
            magic = _render(statement.value, parts)
    elif isinstance(statement, ExprStatement):
        magic = _render(statement.value, parts)
    elif isinstance(statement, Decorator):
        parts.append("@ " if decorator_spaced(statement.expr) else "@")
        magic = _render(statement.expr, parts)
    elif isinstance(statement, FunctionDef):
        parts.append("async def " if statement.is_async else "def ")
        parts.append(statement.name)
        parts.append("(")
        for index, param in enumerate(statement.params):
            if index:
                parts.append(", ")
            parts.append(param.name)
            if param.annotation is not None:
                parts.append(": ")
                magic = _render(param.annotation, parts) or magic
            if param.default is not None:
                parts.append(" = " if param.annotation is not None else "=")
                magic = _render(param.default, parts) or magic
        if statement.trailing_comma and statement.params:
            parts.append(",")
            magic = True
        parts.append(")")
        if statement.returns is not None:
            parts.append(" -> ")
            magic = _render(statement.returns, parts) or magic
        parts.append(": ..." if is_stub(statement) else ":")
    elif isinstance(statement, ClassDef):
        parts.append("class ")
        parts.append(statement.name)
        if statement.bases:
            parts.append("(")
            magic = _render_items(statement.bases, parts)
            if statement.trailing_comma:
                parts.append(",")
                magic = True
            parts.append(")")
        parts.append(": ..." if is_stub(statement) else ":")
    else:
        raise TypeError(f"no one-line form for {type(statement).__name__}")
    return "".join(parts), magic


def _render_items(items: tuple[Expr, ...], parts: list[str]) -> bool:
    magic = False
    first = True
    for item in items:
        if not first:
            parts.append(", ")
        first = False
        magic = _render(item, parts) or magic
    return magic


def _render(expr: Expr, parts: list[str]) -> bool:
    """Append ``expr``; whether it holds a trailing comma black treats as magic."""
    kind = type(expr)
    if kind is Name or kind is Literal:
        parts.append(expr.text)  # type: ignore[union-attr]
        return False
    if isinstance(expr, Call):
        magic = _render_primary(expr.func, parts)
        parts.append("(")
        magic = _render_items(expr.args, parts) or magic
        for index, (key, value) in enumerate(expr.kwargs):
            if index or expr.args:
                parts.append(", ")
            parts.append(key)
            parts.append("=")
            magic = _render(value, parts) or magic
        if expr.trailing_comma and (expr.args or expr.kwargs):
            parts.append(",")
            magic = True
        parts.append(")")
        return magic
    if isinstance(expr, Subscript):
        magic = _render_primary(expr.value, parts)
        parts.append("[")
        magic = _render_items(expr.items, parts) or magic
        if expr.trailing_comma:
            parts.append(",")
            magic = magic or len(expr.items) > 1  # `x[a,]` is a one-tuple index, not a magic comma
        parts.append("]")
        return magic
    if isinstance(expr, Attribute):
        magic = _render_primary(expr.value, parts)
        parts.append(".")
        parts.append(expr.attr)
        return magic
    if isinstance(expr, BinOp):
        magic = False
        separator = f" {expr.op} "
        for index, operand in enumerate(expr.operands):
            if index:
                parts.append(separator)
            if needs_parens_in_chain(operand, expr.op):
                parts.append("(")
                magic = _render(operand, parts) or magic
                parts.append(")")
            else:
                magic = _render(operand, parts) or magic
        return magic
    if isinstance(expr, UnaryOp):
        parts.append("-" if expr.op == "-" else f"{expr.op} ")
        return _render_operand(expr.operand, needs_parens_after_unary(expr.operand, expr.op), parts)
    if isinstance(expr, Starred):
        parts.append(expr.op)
        return _render_operand(expr.value, needs_parens_after_star(expr.value), parts)
    if isinstance(expr, ListExpr):
        parts.append("[")
        magic = _render_items(expr.items, parts)
        if expr.trailing_comma and expr.items:
            parts.append(",")
            magic = True
        parts.append("]")
        return magic
    if isinstance(expr, TupleExpr):
        parts.append("(")
        magic = _render_items(expr.items, parts)
        if len(expr.items) == 1:
            parts.append(",")  # a one-tuple's comma is not magic
        elif expr.trailing_comma and expr.items:
            parts.append(",")
            magic = True
        parts.append(")")
        return magic
    assert isinstance(expr, DictExpr)
    parts.append("{")
    magic = False
    for index, (item_key, value) in enumerate(expr.pairs):
        if index:
            parts.append(", ")
        magic = _render(item_key, parts) or magic
        parts.append(": ")
        magic = _render(value, parts) or magic
    if expr.trailing_comma and expr.pairs:
        parts.append(",")
        magic = True
    parts.append("}")
    return magic


def _render_operand(operand: Expr, parens: bool, parts: list[str]) -> bool:
    if not parens:
        return _render(operand, parts)
    parts.append("(")
    magic = _render(operand, parts)
    parts.append(")")
    return magic


def _render_primary(value: Expr, parts: list[str]) -> bool:
    return _render_operand(value, needs_parens_as_primary(value), parts)
