"""Python statements from an expression tree, laid out as black lays them out.

(Provisional: one-line layout; black formats the result. The black-identical layout replaces it.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Name:
    text: str


@dataclass(frozen=True)
class Literal:
    text: str


@dataclass(frozen=True)
class Call:
    func: Expr
    args: tuple[Expr, ...] = ()
    kwargs: tuple[tuple[str, Expr], ...] = ()


@dataclass(frozen=True)
class Subscript:
    value: Expr
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class BinOp:
    op: str
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class UnaryOp:
    op: str
    operand: Expr


@dataclass(frozen=True)
class Attribute:
    value: Expr
    attr: str


@dataclass(frozen=True)
class ListExpr:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class TupleExpr:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class DictExpr:
    pairs: tuple[tuple[Expr, Expr], ...]


Expr = Name | Literal | Call | Subscript | BinOp | UnaryOp | Attribute | ListExpr | TupleExpr | DictExpr


@dataclass(frozen=True)
class AnnAssign:
    target: str
    annotation: Expr
    value: Expr | None = None


@dataclass(frozen=True)
class Assign:
    target: str
    value: Expr


@dataclass(frozen=True)
class Return:
    value: Expr | None = None


@dataclass(frozen=True)
class ExprStatement:
    value: Expr


@dataclass(frozen=True)
class Decorator:
    expr: Expr


@dataclass(frozen=True)
class Parameter:
    name: str
    annotation: Expr | None = None
    default: Expr | None = None


@dataclass(frozen=True)
class FunctionDef:
    name: str
    params: tuple[Parameter | str, ...]
    returns: Expr | None = None


Statement = AnnAssign | Assign | Return | ExprStatement | Decorator | FunctionDef

_PRIORITY = {"or": 1, "and": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "|": 5, "+": 8, "-": 8, "*": 9}


def render_expression(expr: Expr, parent: int = 0) -> str:
    """The one-line form of ``expr``."""
    if isinstance(expr, (Name, Literal)):
        return expr.text
    if isinstance(expr, Attribute):
        return f"{render_expression(expr.value, 99)}.{expr.attr}"
    if isinstance(expr, Call):
        parts = [render_expression(a) for a in expr.args] + [f"{k}={render_expression(v)}" for k, v in expr.kwargs]
        return f"{render_expression(expr.func, 99)}({', '.join(parts)})"
    if isinstance(expr, Subscript):
        return f"{render_expression(expr.value, 99)}[{', '.join(render_expression(i) for i in expr.items)}]"
    if isinstance(expr, BinOp):
        own = _PRIORITY.get(expr.op, 3)
        text = f" {expr.op} ".join(render_expression(o, own + 1) for o in expr.operands)
        return f"({text})" if own < parent else text
    if isinstance(expr, UnaryOp):
        space = " " if expr.op.isalpha() else ""
        return f"{expr.op}{space}{render_expression(expr.operand, 10)}"
    if isinstance(expr, ListExpr):
        return "[" + ", ".join(render_expression(i) for i in expr.items) + "]"
    if isinstance(expr, TupleExpr):
        if len(expr.items) == 1:
            return f"({render_expression(expr.items[0])},)"
        return "(" + ", ".join(render_expression(i) for i in expr.items) + ")"
    return "{" + ", ".join(f"{render_expression(k)}: {render_expression(v)}" for k, v in expr.pairs) + "}"


def format_statement(statement: Statement, indent: int) -> list[str]:
    """The lines of ``statement`` at ``indent`` spaces."""
    pad = " " * indent
    if isinstance(statement, AnnAssign):
        value = f" = {render_expression(statement.value)}" if statement.value is not None else ""
        return [f"{pad}{statement.target}: {render_expression(statement.annotation)}{value}"]
    if isinstance(statement, Assign):
        return [f"{pad}{statement.target} = {render_expression(statement.value)}"]
    if isinstance(statement, Return):
        return [f"{pad}return" + (f" {render_expression(statement.value)}" if statement.value is not None else "")]
    if isinstance(statement, ExprStatement):
        return [pad + render_expression(statement.value)]
    if isinstance(statement, Decorator):
        return [f"{pad}@{render_expression(statement.expr)}"]
    params = []
    for param in statement.params:
        if isinstance(param, str):
            params.append(param)
            continue
        text = param.name
        if param.annotation is not None:
            text += f": {render_expression(param.annotation)}"
        if param.default is not None:
            text += (" = " if param.annotation is not None else "=") + render_expression(param.default)
        params.append(text)
    returns = f" -> {render_expression(statement.returns)}" if statement.returns is not None else ""
    return [f"{pad}def {statement.name}({', '.join(params)}){returns}:"]


def docstring_lines(text: str, indent: int) -> list[str]:
    """A docstring in the style specgen emits (quotes on their own lines)."""
    pad = " " * indent
    body = [pad + line if line else "" for line in text.split("\n")]
    return [f'{pad}"""', *body, f'{pad}"""']
