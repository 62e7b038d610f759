"""A statement as the token stream black lays out: leaves with their spacing and context.

Black works on a concrete syntax tree; its line splitting consults, besides a leaf's kind
and text, a few facts about where the leaf sits in that tree. :class:`Leaf` carries exactly
those facts, computed here from our tree:

- ``space``: the whitespace black puts before the leaf when it is not first on a line;
- ``prio``: the delimiter priority of a split *before* the leaf (binary operators), ``cmp``
  when that priority is a comparison's (it does not depend on the leaf's parent);
- ``bparent``: for a bracket, what it belongs to (a collection or parentheses, a call or a
  subscript, a class's bases, a def's parameters);
- ``arglist``: a comma separating call arguments, class bases or parameters;
- ``ann``: the leaf is inside a compound parameter annotation or a return annotation;
- ``vbar_next``: the leaf's parent node is followed by ``|``.

Statements get black's invisible parentheses where black puts them: around an assigned,
annotated or returned expression (not around a parenthesized tuple), a return annotation, a
parameter annotation that is a ``|`` union or a bracketed collection, and an expression
statement that is a ``+``/``-`` chain.
"""

from __future__ import annotations

from generator.render.layout.tokens import (
    ARITH_LIKE,
    AT,
    ATOM,
    CLASSDEF,
    COLON,
    COMMA,
    COMPARATOR_PRIORITY,
    DOT,
    EQUAL,
    LBRACE,
    LPAR,
    LSQB,
    NAME,
    NUMBER,
    OP,
    PARAM_ANNOTATION,
    PARAMETERS,
    PRIORITIES,
    RARROW,
    RBRACE,
    RETURN_ANNOTATION,
    RPAR,
    RSQB,
    STAR,
    STRING,
    TRAILER,
    Leaf,
)
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
    Param,
    Return,
    Starred,
    Subscript,
    TupleExpr,
    UnaryOp,
    decorator_spaced,
    is_one_token,
    is_stub,
    needs_parens_after_star,
    needs_parens_after_unary,
    needs_parens_as_primary,
    needs_parens_in_chain,
)


class Emitter:
    """Appends the leaves of expressions and statements to ``out``."""

    __slots__ = ("ann", "out")

    def __init__(self) -> None:
        self.out: list[Leaf] = []
        self.ann = 0

    def leaf(self, kind: int, value: str, space: str, vbar_next: bool = False) -> Leaf:
        leaf = Leaf(kind, value, space)
        leaf.ann = self.ann
        leaf.vbar_next = vbar_next
        leaf.index = len(self.out)
        self.out.append(leaf)
        return leaf

    def bracket(self, kind: int, value: str, space: str, bparent: int, vbar_next: bool = False) -> Leaf:
        leaf = self.leaf(kind, value, space, vbar_next)
        leaf.bparent = bparent
        return leaf

    def comma(self, arglist: bool) -> None:
        self.leaf(COMMA, ",", "").arglist = arglist

    def name(self, text: str, space: str, vbar_next: bool) -> None:
        """A name; a dotted name is black's NAME DOT NAME... (its own node)."""
        if "." not in text:
            self.leaf(NAME, text, space, vbar_next)
            return
        for index, part in enumerate(text.split(".")):
            if index:
                self.leaf(DOT, ".", "")
                self.leaf(NAME, part, "")
            else:
                self.leaf(NAME, part, space, vbar_next)

    def literal(self, text: str, space: str, vbar_next: bool) -> None:
        if text == "...":
            self.leaf(DOT, ".", space, vbar_next)
            self.leaf(DOT, ".", "", vbar_next)
            self.leaf(DOT, ".", "", vbar_next)
            return
        first = text[:1]
        if first.isdigit() or first == ".":
            kind = NUMBER
        elif first.isalpha() and text in ("None", "True", "False"):
            kind = NAME
        else:
            kind = STRING
        self.leaf(kind, text, space, vbar_next)

    def invisible(self, expr: Expr, space: str) -> None:
        """``expr`` in black's invisible parentheses."""
        self.bracket(LPAR, "", space, ATOM)
        self.expr(expr, "", False, False)
        self.bracket(RPAR, "", "", ATOM)

    def expr(self, expr: Expr, space: str, parent_vbar: bool, self_vbar: bool) -> None:
        """Emit ``expr``; its first leaf gets ``space``.

        ``parent_vbar``: the node that holds ``expr`` (the parent of a one-leaf ``expr``) is
        followed by ``|``; ``self_vbar``: ``expr``'s own node is.
        """
        if isinstance(expr, Name):
            self.name(expr.text, space, self_vbar if "." in expr.text else parent_vbar)
        elif isinstance(expr, Literal):
            self.literal(expr.text, space, parent_vbar)
        elif isinstance(expr, Call):
            self.primary(expr.func, space, self_vbar)
            self.bracket(LPAR, "(", "", TRAILER)
            count = len(expr.args) + len(expr.kwargs)
            arglist = count > 1 or expr.trailing_comma
            item_space = ""
            for arg in expr.args:
                if item_space:
                    self.comma(arglist)
                self.argument(arg, item_space)
                item_space = " "
            for key, value in expr.kwargs:
                if item_space:
                    self.comma(arglist)
                self.leaf(NAME, key, item_space)
                self.leaf(EQUAL, "=", "")
                self.expr(value, "", False, False)
                item_space = " "
            if expr.trailing_comma and count:
                self.comma(arglist)
            self.bracket(RPAR, ")", "", TRAILER)
        elif isinstance(expr, Subscript):
            self.primary(expr.value, space, self_vbar)
            self.bracket(LSQB, "[", "", TRAILER)
            self.items(expr.items, expr.trailing_comma, False)
            self.bracket(RSQB, "]", "", TRAILER)
        elif isinstance(expr, Attribute):
            self.primary(expr.value, space, self_vbar)
            self.leaf(DOT, ".", "")
            self.leaf(NAME, expr.attr, "")
        elif isinstance(expr, BinOp):
            self.chain(expr, space, self_vbar)
        elif isinstance(expr, UnaryOp):
            if expr.op == "-":
                self.leaf(OP, "-", space, self_vbar)
                self.operand(expr.operand, "", needs_parens_after_unary(expr.operand, "-"), self_vbar)
            else:
                self.leaf(NAME, expr.op, space, self_vbar)
                self.operand(expr.operand, " ", needs_parens_after_unary(expr.operand, expr.op), self_vbar)
        elif isinstance(expr, Starred):
            self.leaf(STAR, expr.op, space, self_vbar)
            self.operand(expr.value, "", needs_parens_after_star(expr.value), self_vbar)
        elif isinstance(expr, ListExpr):
            self.bracket(LSQB, "[", space, ATOM, self_vbar)
            self.items(expr.items, expr.trailing_comma, self_vbar)
            self.bracket(RSQB, "]", "", ATOM, self_vbar)
        elif isinstance(expr, TupleExpr):
            self.bracket(LPAR, "(", space, ATOM, self_vbar)
            self.items(expr.items, expr.trailing_comma or len(expr.items) == 1, self_vbar)
            self.bracket(RPAR, ")", "", ATOM, self_vbar)
        else:
            self.bracket(LBRACE, "{", space, ATOM, self_vbar)
            for index, (item_key, value) in enumerate(expr.pairs):
                if index:
                    self.comma(False)
                self.expr(item_key, " " if index else "", False, False)
                self.leaf(COLON, ":", "")
                self.expr(value, " ", False, False)
            if expr.trailing_comma and expr.pairs:
                self.comma(False)
            self.bracket(RBRACE, "}", "", ATOM, self_vbar)

    def items(self, items: tuple[Expr, ...], trailing_comma: bool, self_vbar: bool) -> None:
        """Comma-separated items of a display or subscript (a lone item's parent is the display)."""
        lone = len(items) == 1 and not trailing_comma
        for index, item in enumerate(items):
            if index:
                self.comma(False)
            self.expr(item, " " if index else "", lone and self_vbar, False)
        if trailing_comma and items:
            self.comma(False)

    def argument(self, arg: Expr, space: str) -> None:
        self.expr(arg, space, False, False)

    def primary(self, value: Expr, space: str, self_vbar: bool) -> None:
        """The head of a call, subscript or attribute (one node with it in black's tree)."""
        if needs_parens_as_primary(value):
            self.parenthesized(value, space, self_vbar)
        else:
            self.expr(value, space, self_vbar, self_vbar)

    def parenthesized(self, expr: Expr, space: str, self_vbar: bool) -> None:
        """``(expr)``: the parentheses are the parent of a one-leaf ``expr``."""
        self.bracket(LPAR, "(", space, ATOM, self_vbar)
        self.expr(expr, "", self_vbar, False)
        self.bracket(RPAR, ")", "", ATOM, self_vbar)

    def operand(self, expr: Expr, space: str, parens: bool, parent_vbar: bool) -> None:
        """The last child of a unary operator's node."""
        if parens:
            self.parenthesized(expr, space, False)
        else:
            self.expr(expr, space, parent_vbar, False)

    def chain(self, expr: BinOp, space: str, self_vbar: bool) -> None:
        op = expr.op
        priority = PRIORITIES[op]
        comparison = priority == COMPARATOR_PRIORITY
        kind = NAME if op in ("and", "or") else OP
        last = len(expr.operands) - 1
        for index, operand in enumerate(expr.operands):
            if index:
                leaf = self.leaf(kind, op, " ", self_vbar)
                leaf.prio = priority
                leaf.cmp = comparison
            operand_vbar = op == "|" and index < last
            parens = needs_parens_in_chain(operand, op)
            operand_space = " " if index else space
            if parens:
                self.parenthesized(operand, operand_space, operand_vbar)
            elif is_one_token(operand):
                self.expr(operand, operand_space, self_vbar, False)
            else:  # its own node (``a.b`` and ``...`` too)
                self.expr(operand, operand_space, operand_vbar, operand_vbar)

    def value(self, expr: Expr, space: str) -> None:
        """An assigned, annotated or returned expression (black's optional parentheses)."""
        if isinstance(expr, TupleExpr):
            self.expr(expr, space, False, False)
        else:
            self.invisible(expr, space)


def statement_leaves(statement: AnnAssign | Assign | Return | ExprStatement | Decorator) -> list[Leaf]:
    """The leaves of a simple statement."""
    emitter = Emitter()
    if isinstance(statement, AnnAssign):
        emitter.name(statement.target, "", False)
        emitter.leaf(COLON, ":", "")
        emitter.value(statement.annotation, " ")
        if statement.value is not None:
            emitter.leaf(EQUAL, "=", " ")
            emitter.value(statement.value, " ")
    elif isinstance(statement, Assign):
        emitter.name(statement.target, "", False)
        emitter.leaf(EQUAL, "=", " ")
        emitter.value(statement.value, " ")
    elif isinstance(statement, Return):
        emitter.leaf(NAME, "return", "")
        if statement.value is not None:
            emitter.value(statement.value, " ")
    elif isinstance(statement, ExprStatement):
        value = statement.value
        if isinstance(value, BinOp) and value.op in ARITH_LIKE:
            emitter.invisible(value, "")
        else:
            emitter.expr(value, "", False, False)
    else:
        emitter.leaf(AT, "@", "")
        emitter.expr(statement.expr, " " if decorator_spaced(statement.expr) else "", False, False)
    return emitter.out


def class_leaves(statement: ClassDef) -> list[Leaf]:
    """``class name(bases):``."""
    emitter = Emitter()
    emitter.leaf(NAME, "class", "")
    emitter.leaf(NAME, statement.name, " ")
    if statement.bases:
        emitter.bracket(LPAR, "(", "", CLASSDEF)
        arglist = len(statement.bases) > 1 or statement.trailing_comma
        for index, base in enumerate(statement.bases):
            if index:
                emitter.comma(arglist)
            emitter.argument(base, " " if index else "")
        if statement.trailing_comma:
            emitter.comma(arglist)
        emitter.bracket(RPAR, ")", "", CLASSDEF)
    emitter.leaf(COLON, ":", "")
    if is_stub(statement):
        emitter.literal("...", " ", False)
    return emitter.out


def def_leaves(statement: FunctionDef) -> list[Leaf]:
    """``def name(params) -> returns:``."""
    emitter = Emitter()
    if statement.is_async:
        emitter.leaf(NAME, "async", "")
    emitter.leaf(NAME, "def", " " if statement.is_async else "")
    emitter.leaf(NAME, statement.name, " ")
    emitter.bracket(LPAR, "(", "", PARAMETERS)
    arglist = len(statement.params) > 1 or statement.trailing_comma
    for index, param in enumerate(statement.params):
        if index:
            emitter.comma(arglist)
        _param(emitter, param, " " if index else "")
    if statement.trailing_comma and statement.params:
        emitter.comma(arglist)
    emitter.bracket(RPAR, ")", "", PARAMETERS)
    if statement.returns is not None:
        emitter.leaf(RARROW, "->", " ")
        emitter.ann = RETURN_ANNOTATION
        emitter.value(statement.returns, " ")
        emitter.ann = 0
    emitter.leaf(COLON, ":", "")
    if is_stub(statement):
        emitter.literal("...", " ", False)
    return emitter.out


def _param(emitter: Emitter, param: Param, space: str) -> None:
    name = param.name
    if name in ("*", "/"):
        emitter.leaf(STAR if name == "*" else OP, name, space)
        return
    stars = "**" if name.startswith("**") else "*" if name.startswith("*") else ""
    if stars:
        emitter.leaf(STAR, stars, space)
        name = name[len(stars) :]
        space = ""
    emitter.leaf(NAME, name, space)
    annotation = param.annotation
    if annotation is not None:
        emitter.leaf(COLON, ":", "")
        # `*args: X` is not a typed name black looks into; `**kwargs: X` and `x: X` are.
        typed = stars != "*"
        compound = not isinstance(annotation, Name | Literal)
        if typed and compound:
            emitter.ann = PARAM_ANNOTATION
        if typed and (
            (isinstance(annotation, BinOp) and annotation.op == "|") or isinstance(annotation, ListExpr | DictExpr)
        ):
            emitter.invisible(annotation, " ")
        else:
            emitter.expr(annotation, " ", False, False)
        emitter.ann = 0
    if param.default is not None:
        spaced = " " if annotation is not None else ""
        emitter.leaf(EQUAL, "=", spaced)
        emitter.expr(param.default, spaced, False, False)
