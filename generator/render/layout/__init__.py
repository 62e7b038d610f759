"""A small layout engine: Python statements from an expression tree, exactly as black 26 formats them.

``format_statement(statement, indent)`` returns the lines black (``--line-length 120
--target-version py311``, stable style) writes for ``statement`` in a module at ``indent``
spaces, so generated code never needs black. Most statements fit on one line and are only
printed; the others go through black's splitting algorithm (:mod:`.engine`).

The caller spells literals (:class:`Literal`) and decides blank lines between statements.
"""

from __future__ import annotations

from generator.render.layout.docstrings import docstring_lines
from generator.render.layout.engine import transform_line
from generator.render.layout.leaves import class_leaves, def_leaves, statement_leaves
from generator.render.layout.lines import LINE_LENGTH, Line
from generator.render.layout.oneline import one_line, render_expression
from generator.render.layout.tokens import LPAR, Leaf, with_trailing_commas
from generator.render.layout.tree import (
    AnnAssign,
    Assign,
    Attribute,
    BinOp,
    Call,
    ClassDef,
    Decorator,
    DictExpr,
    Docstring,
    Expr,
    ExprStatement,
    FunctionDef,
    ListExpr,
    Literal,
    Name,
    Param,
    Return,
    Starred,
    Statement,
    Subscript,
    TupleExpr,
    UnaryOp,
    is_stub,
)
from generator.render.layout.widths import str_width

__all__ = [
    "AnnAssign",
    "Assign",
    "Attribute",
    "BinOp",
    "Call",
    "ClassDef",
    "Decorator",
    "DictExpr",
    "Docstring",
    "Expr",
    "ExprStatement",
    "FunctionDef",
    "ListExpr",
    "Literal",
    "Name",
    "Param",
    "Return",
    "Starred",
    "Statement",
    "Subscript",
    "TupleExpr",
    "UnaryOp",
    "docstring_lines",
    "format_statement",
    "render_expression",
    "render_statement",
    "split_statement",
]


def format_statement(statement: Statement, indent: int = 0) -> list[str]:
    """The lines black writes for ``statement`` at ``indent`` spaces (a multiple of 4), without newlines.

    A class or function gives its decorators, its header and its body (no blank lines added).
    """
    if indent % 4 or indent < 0:
        raise ValueError(f"indent must be a non-negative multiple of 4, not {indent}")
    if isinstance(statement, FunctionDef | ClassDef):
        lines: list[str] = []
        for decorator in statement.decorators:
            lines.extend(_layout(Decorator(decorator), indent))
        lines.extend(_layout(statement, indent))
        if not is_stub(statement):
            for inner in statement.body:
                lines.extend(format_statement(inner, indent + 4))
        return lines
    if isinstance(statement, Docstring):
        return docstring_lines(statement.text, indent, statement.attribute, statement.inline, statement.first_line)
    return _layout(statement, indent)


def render_statement(statement: Statement) -> str:
    """A simple statement, or a class's or function's header line, on one line (black's spacing)."""
    return one_line(statement)[0]


# Split statements by their one-line form and indentation (the one-line form determines the tree's
# layout): generated modules repeat many statements (``model_config = ConfigDict(...)`` in every model).
_SPLIT_CACHE: dict[tuple[str, int], tuple[str, ...]] = {}
_SPLIT_CACHE_SIZE = 20_000


def _layout(statement: Statement, indent: int) -> list[str]:
    text, magic = one_line(statement)
    line = " " * indent + text
    if not magic and (len(line) <= LINE_LENGTH if line.isascii() else str_width(line) <= LINE_LENGTH):
        return [line]
    key = (text, indent)
    cached = _SPLIT_CACHE.get(key)
    if cached is None:
        if len(_SPLIT_CACHE) >= _SPLIT_CACHE_SIZE:
            _SPLIT_CACHE.clear()
        cached = _SPLIT_CACHE[key] = tuple(split_statement(statement, indent))
    return list(cached)


def split_statement(statement: Statement, indent: int) -> list[str]:
    """Black's layout of ``statement``'s line (a class or function: its header), uncached.

    Black formats its output a second time when the first pass changed anything; the
    trailing commas the first pass added are then magic, which can change the layout
    (black keeps the second result).
    """
    leaves = _leaves(statement)
    lines = transform_line(_line(leaves, indent))
    added: set[int] = set()
    for line in lines:
        for position, leaf in enumerate(line.leaves):
            if leaf.added and position:
                added.add(line.leaves[position - 1].index + 1)
    if not added:
        return [line.render() for line in lines]
    visible = leaves[0].kind == LPAR and leaves[0].value == "("  # the first pass showed optional parentheses
    leaves = _leaves(statement)
    visible = visible and not leaves[0].value and isinstance(statement, ExprStatement)
    if visible:  # black keeps the parentheses it added around an expression statement
        leaves[0].value = "("
        leaves[-1].value = ")"
        leaves[0].width = leaves[-1].width = 1
    leaves = with_trailing_commas(leaves, added)
    return [line.render() for line in transform_line(_line(leaves, indent))]


def _leaves(statement: Statement) -> list[Leaf]:
    if isinstance(statement, FunctionDef):
        return def_leaves(statement)
    if isinstance(statement, ClassDef):
        return class_leaves(statement)
    if isinstance(statement, Docstring):
        raise TypeError("a docstring is laid out by docstring_lines")
    return statement_leaves(statement)


def _line(leaves: list[Leaf], indent: int) -> Line:
    """The statement's line, as black's line generator builds it (spaced, marked)."""
    for leaf in leaves:
        leaf.prefix = leaf.space
    leaves[0].prefix = ""
    line = Line(indent // 4)
    line.extend(leaves)
    return line
