"""Lines of leaves and black's bracket tracking on them (black's ``Line`` and ``BracketTracker``)."""

from __future__ import annotations

from generator.render.layout.tokens import (
    CLOSING,
    CLOSING_OF,
    COMMA,
    COMMA_PRIORITY,
    DOT,
    DOT_PRIORITY,
    LPAR,
    LSQB,
    NAME,
    OPENING,
    RBRACE,
    RSQB,
    TRAILER,
    Leaf,
)

LINE_LENGTH = 120


class CannotSplit(Exception):
    """A transform does not apply to the line (black's CannotTransform)."""


class Line:
    """Leaves laid out on one line, with black's bracket tracking."""

    __slots__ = (
        "bt_depth",
        "bt_match",
        "bt_previous",
        "delimiters",
        "depth",
        "inside",
        "invisible",
        "leaves",
        "magic",
        "should_split_rhs",
    )

    def __init__(self, depth: int, inside: bool = False) -> None:
        self.depth = depth
        self.inside = inside
        self.leaves: list[Leaf] = []
        self.should_split_rhs = False
        self.magic: Leaf | None = None
        self.bt_depth = 0
        self.bt_match: dict[tuple[int, int], Leaf] = {}
        self.bt_previous: Leaf | None = None
        self.delimiters: dict[Leaf, int] = {}
        self.invisible: list[Leaf] = []

    def append(self, leaf: Leaf, preformatted: bool = False, track: bool = False) -> None:
        leaves = self.leaves
        if leaves and not preformatted:
            leaf.prefix += leaf.space
        if self.inside or not preformatted or track:
            self.mark(leaf)
            if leaf.kind in CLOSING and leaves and leaves[-1].kind == COMMA and self.has_magic_trailing_comma(leaf):
                self.magic = leaf
        leaves.append(leaf)

    def extend(self, leaves: list[Leaf]) -> None:
        """Append spaced ``leaves``, marking them (black's ``append`` on a line inside brackets, or
        of a statement's fresh leaves)."""
        own = self.leaves
        mark = self.mark
        for leaf in leaves:
            mark(leaf)
            if leaf.kind in CLOSING and own and own[-1].kind == COMMA and self.has_magic_trailing_comma(leaf):
                self.magic = leaf
            own.append(leaf)

    def mark(self, leaf: Leaf) -> None:
        """Black's BracketTracker.mark: bracket depth, matching brackets, delimiters."""
        kind = leaf.kind
        depth = self.bt_depth
        if kind in CLOSING:
            if depth == 0 and (0, kind) not in self.bt_match:
                return
            depth -= 1
            leaf.opening = self.bt_match.pop((depth, kind))
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.depth = depth
        if depth == 0:
            previous = self.bt_previous
            if kind == DOT:  # black's is_split_before_delimiter, for our leaves
                priority = DOT_PRIORITY if leaf.parent and previous is not None and previous.kind in CLOSING else 0
            else:
                priority = leaf.prio if leaf.parent or leaf.cmp else 0
            if priority and previous is not None:
                self.delimiters[previous] = priority
            elif kind == COMMA:
                self.delimiters[leaf] = COMMA_PRIORITY
        if kind in OPENING:
            self.bt_match[(depth, CLOSING_OF[kind])] = leaf
            depth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self.bt_depth = depth
        self.bt_previous = leaf

    def has_magic_trailing_comma(self, closing: Leaf) -> bool:
        kind = closing.kind
        if kind not in CLOSING or not self.leaves or self.leaves[-1].kind != COMMA:
            return False
        if kind == RBRACE:
            return True
        if kind == RSQB:
            return not (
                closing.parent
                and closing.bparent == TRAILER
                and closing.opening is not None
                and one_sequence_between(closing.opening, closing, self.leaves, LSQB)
            )
        return closing.opening is not None and not one_sequence_between(closing.opening, closing, self.leaves, LPAR)

    @property
    def is_def(self) -> bool:
        """``def`` or ``async def``."""
        leaves = self.leaves
        if leaves and leaves[0].kind == NAME and leaves[0].value == "async":
            leaves = leaves[1:]
        return bool(leaves) and leaves[0].kind == NAME and leaves[0].value == "def"

    def render(self) -> str:
        """Black's ``line_to_string``: the line with its indentation."""
        leaves = self.leaves
        if not leaves:
            return ""
        first = leaves[0]
        rest = "".join([leaf.prefix + leaf.value for leaf in leaves[1:]])
        return first.prefix + "    " * self.depth + first.value + rest

    def width(self) -> int:
        """``str_width(self.render())``, without rendering."""
        width = 4 * self.depth
        for leaf in self.leaves:
            width += len(leaf.prefix) + leaf.width
        return width

    def max_priority(self, exclude: Leaf | None = None) -> int:
        """The highest delimiter priority (0: none)."""
        best = 0
        for leaf, priority in self.delimiters.items():
            if priority > best and leaf is not exclude:
                best = priority
        return best


def one_sequence_between(opening: Leaf, closing: Leaf, leaves: list[Leaf], kind: int) -> bool:
    """Black's is_one_sequence_between: at most one item (and a comma) between the brackets."""
    if opening.kind != kind or closing.kind != CLOSING_OF[kind]:
        return False
    depth = closing.depth + 1
    start = -1
    for index, leaf in enumerate(leaves):
        if leaf is opening:
            start = index
            break
    if start == -1:
        return False
    commas = 0
    for leaf in leaves[start + 1 :]:
        if leaf is closing:
            break
        if leaf.depth == depth and leaf.kind == COMMA:
            commas += 1
            if leaf.parent and leaf.arglist:
                commas += 1
                break
    return commas < 2


def is_short(line: Line, line_length: int = LINE_LENGTH) -> bool:
    return line.width() <= line_length


def leaf_length(leaf: Leaf) -> int:
    """Black's leaf length for omitting trailers (characters, not display width)."""
    return len(leaf.prefix) + len(leaf.value)


def inside_matching_brackets(leaves: list[Leaf]) -> set[Leaf]:
    """Black's get_leaves_inside_matching_brackets."""
    start = next((index for index, leaf in enumerate(leaves) if leaf.kind in OPENING), None)
    if start is None:
        return set()
    ids: set[Leaf] = set()
    stack: list[tuple[int, list[Leaf]]] = []
    for leaf in leaves[start:]:
        if leaf.kind in OPENING:
            stack.append((CLOSING_OF[leaf.kind], [leaf]))
        elif leaf.kind in CLOSING:
            if stack and leaf.kind == stack[-1][0]:
                _, level = stack.pop()
                level.append(leaf)
                ids.update(level)
            else:
                break
        elif stack:
            stack[-1][1].append(leaf)
    return ids
