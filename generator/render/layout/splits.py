"""Black's splits of one line: left-hand (defs), right-hand (the last bracket, omitting trailers
and optional parentheses where black does) and at delimiters."""

from __future__ import annotations

from collections.abc import Iterator

from generator.render.layout.lines import (
    LINE_LENGTH,
    CannotSplit,
    Line,
    inside_matching_brackets,
    is_short,
    leaf_length,
    one_sequence_between,
)
from generator.render.layout.tokens import (
    ATOM,
    BRACKETS,
    CLOSING,
    COMMA,
    COMMA_PRIORITY,
    DOT,
    DOT_PRIORITY,
    EQUAL,
    LPAR,
    LSQB,
    NAME,
    OPENING,
    RBRACE,
    RETURN_ANNOTATION,
    RPAR,
    RSQB,
    STRING,
    TRAILER,
    Leaf,
    new_comma,
)

# -- building split lines -------------------------------------------------------------------

HEAD = 0
BODY = 1
TAIL = 2


def _build_line(leaves: list[Leaf], original: Line, opening: Leaf, component: int) -> Line:
    """Black's bracket_split_build_line."""
    result = Line(original.depth)
    if component == BODY:
        result.inside = True
        result.depth += 1
        if leaves and _ensure_trailing_comma(leaves, original, opening) and leaves[-1].kind != COMMA:
            leaves.append(new_comma())
    if component == TAIL:
        result.leaves = leaves  # neither spaced again nor tracked
        return result
    if component == HEAD:
        tracked = inside_matching_brackets(leaves)
        for leaf in leaves:
            result.append(leaf, True, leaf in tracked)
        return result
    result.extend(leaves)
    if _should_split_line(result, opening):
        result.should_split_rhs = True
    return result


def _ensure_trailing_comma(leaves: list[Leaf], original: Line, opening: Leaf) -> bool:
    """A def's lone parameter gets a trailing comma when exploded."""
    if not original.is_def or opening.value != "(":
        return False
    if any(leaf.kind == COMMA and not (leaf.parent and leaf.ann) for leaf in leaves):
        return False
    with_parent = next((leaf for leaf in leaves if leaf.parent), None)
    if with_parent is None:
        return True
    return with_parent.ann != RETURN_ANNOTATION and not with_parent.vbar_next


def _should_split_line(line: Line, opening: Leaf) -> bool:
    """Should the body of a bracket split be exploded one item a line right away?"""
    if not opening.parent or not line.leaves:
        return False
    last = line.leaves[-1]
    trailing_comma = last.kind == COMMA
    priority = line.max_priority(last if trailing_comma else None)
    return priority == COMMA_PRIORITY and (trailing_comma or opening.bparent == ATOM)


def _check_split(head: Line, body: Line, tail: Line) -> None:
    """Black's bracket_split_succeeded_or_raise."""
    if not body.leaves:
        tail_length = len(tail.render().strip())
        if tail_length < 3:
            raise CannotSplit("not worth it")


# -- left-hand split (defs) -----------------------------------------------------------------


def left_hand_split(line: Line) -> list[Line]:
    head: list[Leaf] = []
    body: list[Leaf] = []
    tail: list[Leaf] = []
    matching: Leaf | None = None
    for leaf_kind in (LPAR, LSQB):
        head, body, tail = [], [], []
        current = head
        matching = None
        for leaf in line.leaves:
            if current is body and leaf.kind in CLOSING and matching is not None and leaf.opening is matching:
                _ensure_visible(leaf)
                _ensure_visible(matching)
                current = tail if body else head
            current.append(leaf)
            if current is head and leaf.kind == leaf_kind:
                matching = leaf
                current = body
        if matching is not None and tail:
            break
    if matching is None or not tail:
        raise CannotSplit("no brackets")
    head_line = _build_line(head, line, matching, HEAD)
    body_line = _build_line(body, line, matching, BODY)
    tail_line = _build_line(tail, line, matching, TAIL)
    _check_split(head_line, body_line, tail_line)
    return [result for result in (head_line, body_line, tail_line) if result.leaves]


def _ensure_visible(leaf: Leaf) -> None:
    if leaf.kind == LPAR:
        leaf.value = "("
        leaf.width = 1
    elif leaf.kind == RPAR:
        leaf.value = ")"
        leaf.width = 1


# -- right-hand split -----------------------------------------------------------------------


class RHS:
    __slots__ = ("body", "closing", "head", "opening", "tail")

    def __init__(self, head: Line, body: Line, tail: Line, opening: Leaf, closing: Leaf) -> None:
        self.head = head
        self.body = body
        self.tail = tail
        self.opening = opening
        self.closing = closing


def right_hand_split_with_omits(line: Line, force: bool) -> list[Line]:
    """Black's right_hand_split_with_omits."""
    first_lines: list[Line] | None = None
    prefix_lengths: dict[Leaf, int] = {}
    length = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[leaf] = length
        length += leaf_length(leaf)
    for omit in _trailers_to_omit(line):
        if omit:
            target: Leaf | None = None
            for leaf in reversed(line.leaves):
                if leaf.kind in CLOSING and leaf not in omit:
                    target = leaf.opening
                    break
            if target is not None and target.value and prefix_lengths.get(target, 0) > LINE_LENGTH:
                continue
        lines = _right_hand_split(line, force, omit)
        if first_lines is None and not omit:
            first_lines = lines
        if is_short(lines[0]):
            return lines
    if first_lines is not None:
        return first_lines
    return _right_hand_split(line, force, set())


def _trailers_to_omit(line: Line) -> Iterator[set[Leaf]]:
    """Black's generate_trailers_to_omit (lazy: the splits it is interleaved with change leaves)."""
    omit: set[Leaf] = set()
    if not line.magic:
        yield omit
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[Leaf] = set()
    leaves = line.leaves
    for index in range(len(leaves) - 1, -1, -1):
        leaf = leaves[index]
        length += leaf_length(leaf)
        if length > LINE_LENGTH:
            break
        if opening is not None:
            if leaf is opening:
                opening = None
            elif leaf.kind in CLOSING:
                previous = leaves[index - 1] if index > 0 else None
                if (
                    previous is not None
                    and previous.kind == COMMA
                    and leaf.opening is not None
                    and not one_sequence_between(leaf.opening, leaf, leaves, LPAR)
                ):
                    break
                inner.add(leaf)
        elif leaf.kind in CLOSING:
            previous = leaves[index - 1] if index > 0 else None
            if previous is not None and previous.kind in OPENING:
                inner.add(leaf)
                continue
            if closing is not None:
                omit.add(closing)
                omit.update(inner)
                inner.clear()
                yield omit
            if (
                previous is not None
                and previous.kind == COMMA
                and leaf.opening is not None
                and not one_sequence_between(leaf.opening, leaf, leaves, LPAR)
            ):
                break
            if leaf.value:
                opening = leaf.opening
                closing = leaf


def _right_hand_split(line: Line, force: bool, omit: set[Leaf]) -> list[Line]:
    rhs = _first_right_hand_split(line, omit)
    return _maybe_split_omitting_optional_parens(rhs, line, force, omit)


def _first_right_hand_split(line: Line, omit: set[Leaf]) -> RHS:
    """Split at the last opening bracket whose closing bracket is not in ``omit``."""
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.kind in CLOSING and leaf not in omit:
            opening = leaf.opening
            closing = leaf
            current = body
    if opening is None or closing is None or not head:
        raise CannotSplit("no brackets")
    tail.reverse()
    body.reverse()
    head.reverse()
    head_line = _build_line(head, line, opening, HEAD)
    body_line = _build_line(body, line, opening, BODY)
    tail_line = _build_line(tail, line, opening, TAIL)
    _check_split(head_line, body_line, tail_line)
    return RHS(head_line, body_line, tail_line, opening, closing)


def _maybe_split_omitting_optional_parens(rhs: RHS, line: Line, force: bool, omit: set[Leaf]) -> list[Line]:
    if (
        not force
        and rhs.opening.kind == LPAR
        and not rhs.opening.value
        and rhs.closing.kind == RPAR
        and not rhs.closing.value
        and _can_omit_invisible_parens(rhs)
    ):
        omit = {rhs.closing, *omit}
        try:
            rhs_oop = _first_right_hand_split(line, omit)
            if _prefer_split_rhs_oop_over_rhs(rhs_oop, rhs):
                return _maybe_split_omitting_optional_parens(rhs_oop, line, force, omit)
        except CannotSplit:
            chained = sum(1 for leaf in line.leaves if leaf.kind == EQUAL) > 1
            if not chained and not _can_be_split(rhs.body) and not is_short(rhs.body):
                raise CannotSplit("body still too long") from None
    _ensure_visible(rhs.opening)
    _ensure_visible(rhs.closing)
    return [result for result in (rhs.head, rhs.body, rhs.tail) if result.leaves]


def _prefer_split_rhs_oop_over_rhs(rhs_oop: RHS, rhs: RHS) -> bool:
    head = rhs.head.leaves
    if not (len(head) >= 2 and head[-2].kind == EQUAL):
        return True  # the split is not right after `=`
    if not any(leaf.kind in BRACKETS for leaf in head[:-1]):
        return True  # the left side of the assignment has no brackets
    if not is_short(rhs.head, LINE_LENGTH - 1):
        return True  # the left side of the assignment is too long
    if rhs.head.magic is not None:
        return True  # the left side of the assignment explodes anyway
    head_equals = sum(1 for leaf in head if leaf.kind == EQUAL)
    oop_head_equals = sum(1 for leaf in rhs_oop.head.leaves if leaf.kind == EQUAL)
    if head_equals > 1 and head_equals > oop_head_equals:
        return False
    for leaf in reversed(rhs_oop.head.leaves):
        if leaf.kind == EQUAL:
            break
        if leaf.kind in CLOSING:
            return True  # brackets after the `=`
    return any(leaf.kind == EQUAL for leaf in rhs_oop.head.leaves) and is_short(rhs_oop.head)


def _can_omit_invisible_parens(rhs: RHS) -> bool:
    line = rhs.body
    delimiters = line.delimiters
    if not delimiters:
        return True
    max_priority = max(delimiters.values())
    if sum(1 for priority in delimiters.values() if priority == max_priority) > 1:
        return False
    if max_priority == DOT_PRIORITY:
        return True
    leaves = line.leaves
    first = leaves[0]
    second = leaves[1]
    if first.kind in OPENING and second.kind not in CLOSING and _can_omit_opening_paren(line, first):
        return True
    penultimate = leaves[-2]
    last = leaves[-1]
    if last.kind in (RPAR, RBRACE) or (last.kind == RSQB and last.parent and last.bparent != TRAILER):
        if penultimate.kind in OPENING:
            return False
        if _can_omit_closing_paren(line, last):
            return True
    return False


def _can_omit_opening_paren(line: Line, first: Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    index = -1
    for index, leaf in enumerate(line.leaves):  # noqa: B007 (the index is read after the loop)
        if leaf.kind in CLOSING and leaf.opening is first:
            remainder = True
        if remainder:
            length += leaf_length(leaf)
            if length > LINE_LENGTH:
                return False
            if leaf.kind in OPENING:
                remainder = False
    return len(line.leaves) == index + 1


def _can_omit_closing_paren(line: Line, last: Leaf) -> bool:
    length = 4 * line.depth
    seen_other_brackets = False
    for leaf in line.leaves:
        length += leaf_length(leaf)
        if leaf is last.opening:
            if seen_other_brackets or length <= LINE_LENGTH:
                return True
        elif leaf.kind in OPENING:
            seen_other_brackets = True
    return False


def _can_be_split(line: Line) -> bool:
    """Black's can_be_split: False if the line cannot be split *for sure*."""
    leaves = line.leaves
    if len(leaves) < 2:
        return False
    if leaves[0].kind == STRING and leaves[1].kind == DOT:
        calls = 0
        dots = 0
        following = leaves[-1]  # black never advances it
        for leaf in leaves[-2::-1]:
            if leaf.kind in OPENING:
                if following.kind not in CLOSING:
                    return False
                calls += 1
            elif leaf.kind == DOT:
                dots += 1
            elif leaf.kind == NAME:
                if not (following.kind == DOT or following.kind in OPENING):
                    return False
            elif leaf.kind not in CLOSING:
                return False
            if dots > 1 and calls > 1:
                return False
    return True


# -- delimiter split ------------------------------------------------------------------------


def delimiter_split(line: Line) -> list[Line]:
    """Split a line inside brackets at its highest-priority delimiters."""
    leaves = line.leaves
    if not leaves:
        raise CannotSplit("empty")
    last = leaves[-1]
    delimiters = line.delimiters
    priority = line.max_priority(last)
    if not priority:
        raise CannotSplit("no delimiters")
    if priority == DOT_PRIORITY and sum(1 for value in delimiters.values() if value == priority) == 1:
        raise CannotSplit("a single attribute access")
    segments: list[list[Leaf]] = []
    segment: list[Leaf] = []
    for leaf in leaves:
        segment.append(leaf)
        if delimiters.get(leaf) == priority:
            segments.append(segment)
            segment = []
    if segment:
        segments.append(segment)
    result: list[Line] = []
    for segment in segments:
        current = Line(line.depth, line.inside)
        current.extend(segment)  # a line inside brackets: preformatted, marked
        result.append(current)
    last_line = result[-1]
    if segment and priority == COMMA_PRIORITY and last_line.leaves[-1].kind != COMMA:
        last_line.append(new_comma())
    for produced in result:
        produced.leaves[0].prefix = ""
    return result
