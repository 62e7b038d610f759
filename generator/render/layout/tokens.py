"""The tokens black's line splitting works on: leaf kinds, delimiter priorities and :class:`Leaf`."""

from __future__ import annotations

from generator.render.layout.widths import str_width

# Leaf kinds.
NAME = 1  # identifiers, keywords, None/True/False
NUMBER = 2
STRING = 3
OP = 4  # operators: binary, unary, "/" in parameters
COMMA = 5
COLON = 6
EQUAL = 7
DOT = 8
AT = 9
RARROW = 10
STAR = 11  # "*" / "**" of an unpacking or a parameter
LPAR = 12
RPAR = 13
LSQB = 14
RSQB = 15
LBRACE = 16
RBRACE = 17

OPENING = frozenset({LPAR, LSQB, LBRACE})
CLOSING = frozenset({RPAR, RSQB, RBRACE})
BRACKETS = OPENING | CLOSING
CLOSING_OF = {LPAR: RPAR, LSQB: RSQB, LBRACE: RBRACE}

# What a bracket belongs to.
ATOM = 1  # a list, tuple or dict display, parentheses (visible or invisible)
TRAILER = 2  # a call's or a subscript's
CLASSDEF = 3
PARAMETERS = 4

# Annotation kinds (black's get_annotation_type).
PARAM_ANNOTATION = 1
RETURN_ANNOTATION = 2

COMMA_PRIORITY = 18
LOGIC_PRIORITY = 14
COMPARATOR_PRIORITY = 10
DOT_PRIORITY = 1
PRIORITIES = {
    "or": LOGIC_PRIORITY,
    "and": LOGIC_PRIORITY,
    "==": COMPARATOR_PRIORITY,
    "!=": COMPARATOR_PRIORITY,
    "<": COMPARATOR_PRIORITY,
    "<=": COMPARATOR_PRIORITY,
    ">": COMPARATOR_PRIORITY,
    ">=": COMPARATOR_PRIORITY,
    "|": 9,
    "+": 5,
    "-": 5,
    "*": 4,
}
ARITH_LIKE = frozenset({"+", "-"})


class Leaf:
    """One token; ``value`` and ``prefix`` change as black's do (parentheses made visible, indentation)."""

    __slots__ = (
        "added",
        "ann",
        "arglist",
        "bparent",
        "cmp",
        "depth",
        "index",
        "kind",
        "opening",
        "parent",
        "prefix",
        "prio",
        "space",
        "value",
        "vbar_next",
        "width",
    )

    def __init__(self, kind: int, value: str, space: str) -> None:
        self.kind = kind
        self.value = value
        self.width = len(value) if value.isascii() else str_width(value)
        self.space = space
        self.prefix = space
        self.depth = 0
        self.opening: Leaf | None = None
        self.prio = 0
        self.cmp = False
        self.parent = True
        self.bparent = 0
        self.arglist = False
        self.ann = 0
        self.vbar_next = False
        self.index = -1
        self.added = False

    def copy(self) -> Leaf:
        """The leaf black's second formatting opinion works on (same text, fresh spacing)."""
        leaf = Leaf(self.kind, self.value, self.space)
        leaf.prio = self.prio
        leaf.cmp = self.cmp
        leaf.parent = self.parent
        leaf.bparent = self.bparent
        leaf.arglist = self.arglist
        leaf.ann = self.ann
        leaf.vbar_next = self.vbar_next
        leaf.index = self.index
        leaf.added = self.added
        return leaf

    def __repr__(self) -> str:
        return f"Leaf({self.kind}, {self.value!r})"


def new_comma() -> Leaf:
    """A trailing comma black adds (it has no parent in black's tree)."""
    leaf = Leaf(COMMA, ",", "")
    leaf.parent = False
    leaf.added = True
    return leaf


def with_trailing_commas(leaves: list[Leaf], closing: set[int]) -> list[Leaf]:
    """``leaves`` with a comma before the closing brackets at the ``closing`` indexes.

    Black formats its own output a second time, where the trailing commas it added are there
    from the start (and magic).
    """
    result: list[Leaf] = []
    for leaf in leaves:
        if leaf.index in closing:
            comma = Leaf(COMMA, ",", "")
            comma.arglist = leaf.kind == RPAR and leaf.bparent != ATOM
            comma.ann = leaf.ann
            result.append(comma)
        result.append(leaf)
    return result
