"""The expression and statement trees the layout engine prints, and how tightly expressions bind.

Every node is a frozen dataclass. A tree says what to print, not how: the engine
(:mod:`generator.render.layout.engine`) decides the line breaks exactly as black does.

Spelling is the caller's: a :class:`Name` is an identifier or a dotted name, a
:class:`Literal` is one token already spelled the way black keeps it (a string literal in
double quotes unless that needs more escapes, no ``u`` prefix, lowercase hex and unicode
escapes; a number with lowercase prefix and exponent and uppercase hex digits; ``None``,
``True``, ``False``, ``...``).
``trailing_comma`` on a bracketed node writes the comma black calls *magic*: black then keeps
the brackets exploded one item a line, whatever the width (except where the comma is not magic
to black either: a one-item subscript, a one-tuple).

Parentheses are added where precedence needs them (``(a | b).c``, ``-(a + b)``), never
elsewhere: black keeps such parentheses and never adds others inside expressions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Name:
    """An identifier or a dotted name: ``x``, ``typing.Any``."""

    text: str

    def __post_init__(self) -> None:
        if not all(part.isidentifier() for part in self.text.split(".")):
            raise ValueError(f"not a name: {self.text!r}")


@dataclass(frozen=True, slots=True)
class Literal:
    """One literal token, already spelled: ``"abc"``, ``12``, ``1.5``, ``None``, ``True``, ``...``.

    One line only: a string spanning lines is a :class:`Docstring` or is not supported.
    """

    text: str

    def __post_init__(self) -> None:
        if not self.text or "\n" in self.text:
            raise ValueError(f"not a one-line literal: {self.text!r}")


@dataclass(frozen=True, slots=True)
class Call:
    """``func(*args, **kwargs)``: positional arguments first (a :class:`Starred` among them), then keywords."""

    func: Expr
    args: tuple[Expr, ...] = ()
    kwargs: tuple[tuple[str, Expr], ...] = ()
    trailing_comma: bool = False


@dataclass(frozen=True, slots=True)
class Subscript:
    """``value[a, b]``; one item: ``value[a]``."""

    value: Expr
    items: tuple[Expr, ...]
    trailing_comma: bool = False


@dataclass(frozen=True, slots=True)
class Attribute:
    """``value.attr``."""

    value: Expr
    attr: str


@dataclass(frozen=True, slots=True)
class BinOp:
    """A chain of one operator: ``a | b | c``, ``a == b``, ``a and b and c``.

    ``op``: one of ``|``, ``+``, ``-``, ``*``, ``==``, ``!=``, ``<=``, ``<``, ``>=``, ``>``, ``and``, ``or``.
    Comparison chains (``a < b < c``) are Python's chained comparisons.
    """

    op: str
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class UnaryOp:
    """``-x``, ``not x`` or ``await x`` (``op`` is ``"-"``, ``"not"`` or ``"await"``)."""

    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class Starred:
    """``*value`` or ``**value`` (``op``), as a call argument or a list item."""

    value: Expr
    op: str = "*"


@dataclass(frozen=True, slots=True)
class ListExpr:
    """``[a, b]``."""

    items: tuple[Expr, ...] = ()
    trailing_comma: bool = False


@dataclass(frozen=True, slots=True)
class TupleExpr:
    """``(a, b)``; one item: ``(a,)``; none: ``()``. Always parenthesized."""

    items: tuple[Expr, ...] = ()
    trailing_comma: bool = False


@dataclass(frozen=True, slots=True)
class DictExpr:
    """``{k: v}``."""

    pairs: tuple[tuple[Expr, Expr], ...] = ()
    trailing_comma: bool = False


Expr = Name | Literal | Call | Subscript | Attribute | BinOp | UnaryOp | Starred | ListExpr | TupleExpr | DictExpr


@dataclass(frozen=True, slots=True)
class AnnAssign:
    """``target: annotation`` or ``target: annotation = value``."""

    target: str
    annotation: Expr
    value: Expr | None = None


@dataclass(frozen=True, slots=True)
class Assign:
    """``target = value`` (``target`` spelled: ``x``, ``self.x``)."""

    target: str
    value: Expr


@dataclass(frozen=True, slots=True)
class Return:
    """``return value`` or a bare ``return``."""

    value: Expr | None = None


@dataclass(frozen=True, slots=True)
class ExprStatement:
    """An expression on its own line (a call, usually)."""

    value: Expr


@dataclass(frozen=True, slots=True)
class Decorator:
    """``@expr``."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class Docstring:
    """A docstring (the first statement of a class or function body), or with ``attribute`` the same
    form of string after an attribute: see :func:`~generator.render.layout.docstring_lines`."""

    text: str
    attribute: bool = False
    inline: bool = False  # a one-line text written on the quotes' line: ``"""Text."""``
    first_line: bool = False  # the text starts on the opening quotes' line


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter: ``name``, ``name: annotation``, ``name: annotation = default``, ``name=default``.

    ``name`` may be ``self``, ``cls``, ``*`` (keyword-only marker), ``/``, ``*args`` or ``**kwargs``.
    """

    name: str
    annotation: Expr | None = None
    default: Expr | None = None


@dataclass(frozen=True, slots=True)
class FunctionDef:
    """``def name(params) -> returns:`` (``async def`` with ``is_async``) then ``body`` one level in;
    decorators above.

    An empty ``body`` prints the decorators and the header only; a body of only ``...`` is
    written on the header's line, as black does.
    """

    name: str
    params: tuple[Param, ...] = ()
    returns: Expr | None = None
    body: tuple[Statement, ...] = ()
    decorators: tuple[Expr, ...] = ()
    trailing_comma: bool = False
    is_async: bool = False


@dataclass(frozen=True, slots=True)
class ClassDef:
    """``class name(bases):`` then ``body`` one level in; decorators above. No bases: ``class name:``.

    Bodies as in :class:`FunctionDef`.
    """

    name: str
    bases: tuple[Expr, ...] = ()
    body: tuple[Statement, ...] = ()
    decorators: tuple[Expr, ...] = ()
    trailing_comma: bool = False


Statement = AnnAssign | Assign | Return | ExprStatement | Decorator | Docstring | FunctionDef | ClassDef

# Binding strength; an operand binding no tighter than its operator is parenthesized.
PRECEDENCE: dict[str, int] = {
    "or": 1,
    "and": 2,
    "not": 3,
    "==": 4,
    "!=": 4,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "|": 5,
    "+": 9,
    "-": 9,
    "*": 10,
}
UNARY_MINUS = 11
AWAIT = 15
ATOM = 20


_UNARY_PRECEDENCE = {"-": UNARY_MINUS, "not": PRECEDENCE["not"], "await": AWAIT}


def precedence(expr: Expr) -> int:
    """How tightly ``expr`` binds (atoms and primaries bind tightest)."""
    if isinstance(expr, BinOp):
        return PRECEDENCE[expr.op]
    if isinstance(expr, UnaryOp):
        return _UNARY_PRECEDENCE[expr.op]
    if isinstance(expr, Starred):
        return 0
    return ATOM


def needs_parens_in_chain(operand: Expr, op: str) -> bool:
    """Whether ``operand`` of a chain of ``op`` needs parentheses."""
    return precedence(operand) <= PRECEDENCE[op]


def needs_parens_after_unary(operand: Expr, op: str) -> bool:
    """``-(a + b)``, ``not (a or b)``; ``await`` takes a primary only: ``await (-x)``."""
    if op == "await":
        return precedence(operand) < ATOM
    return precedence(operand) < _UNARY_PRECEDENCE[op]


def needs_parens_as_primary(value: Expr) -> bool:
    """Whether ``value`` needs parentheses before ``.attr``, ``(...)`` or ``[...]``."""
    return precedence(value) < ATOM


def needs_parens_after_star(value: Expr) -> bool:
    return precedence(value) < PRECEDENCE["|"]


def decorator_spaced(expr: Expr) -> bool:
    """Black puts a space after ``@`` when the expression's first token belongs to a nested node.

    (``@ (a | b).c``, ``@ [x][0]``, ``@ f(x) | g``, ``@ a.b | c``, ``@ -x + y``, ``@ ... | x``, but
    ``@f(x)``, ``@a | b``, ``@a.b``, ``@-x``, ``@...``.)
    """
    if isinstance(expr, BinOp):
        first = expr.operands[0]
        return not is_one_token(first) or needs_parens_in_chain(first, expr.op)
    head: Expr = expr
    while isinstance(head, Call | Subscript | Attribute):
        inner = head.func if isinstance(head, Call) else head.value
        if needs_parens_as_primary(inner) or isinstance(inner, ListExpr | TupleExpr | DictExpr) or inner == ELLIPSIS:
            return True
        head = inner
    return False


ELLIPSIS = Literal("...")


def is_one_token(expr: Expr) -> bool:
    """A name without dots or a literal other than ``...`` (black's tree has nodes for the others)."""
    if isinstance(expr, Name):
        return "." not in expr.text
    return isinstance(expr, Literal) and expr != ELLIPSIS


STUB_BODY = (ExprStatement(ELLIPSIS),)


def is_stub(statement: FunctionDef | ClassDef) -> bool:
    """A body of only ``...``: black writes it on the header's line (``def f(self): ...``)."""
    return statement.body == STUB_BODY
