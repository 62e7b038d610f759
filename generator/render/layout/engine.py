"""Black's line splitting, for the leaves of one statement (:mod:`generator.render.layout.leaves`).

The algorithm is black's (``linegen.transform_line`` and what it calls), restated for our
grammar, which has no comments, no multi-line strings, no ``for``/``lambda``/ternaries and
no power operator, so everything black does about those is absent:

- a line that fits (and has no magic trailing comma, and was not marked to explode) is kept;
- a ``def`` line is split at its parameters' parentheses (left-hand split);
- any other line is split at its last opening bracket (right-hand split), trying to omit
  trailing trailers first, and trying to omit black's optional (invisible) parentheses when
  the result reads better (``_maybe_split_omitting_optional_parens`` and
  ``_prefer_split_rhs_oop_over_rhs``);
- a line inside brackets is first split at its highest-priority delimiters (commas, then
  ``and``/``or``, comparisons, ``|``, ``+``/``-``, ``*``), with a trailing comma added when the
  split is at commas;
- each produced line is laid out again; a right-hand split whose first line is still too
  long gets a second opinion that keeps the optional parentheses.

Black mutates its leaves as it goes (parentheses made visible, a split line's first leaf
losing its space, leaves replaced in its tree by a second opinion); these mutations are
observable in its output, so they are reproduced here.
"""

from __future__ import annotations

from generator.render.layout.lines import LINE_LENGTH, CannotSplit, Line, inside_matching_brackets, is_short
from generator.render.layout.splits import (
    delimiter_split,
    left_hand_split,
    right_hand_split_with_omits,
)
from generator.render.layout.tokens import COLON, RARROW, STRING, Leaf
from generator.render.layout.widths import str_width

# -- transform_line -------------------------------------------------------------------------


def transform_line(line: Line, force_optional_parens: bool = False) -> list[Line]:
    """Black's transform_line: ``line`` as the lines black writes for it."""
    if not line.should_split_rhs and not line.magic and line.width() <= LINE_LENGTH:
        return [line]
    line_str = line.render()
    transformers: tuple[object, ...]
    if line.is_def and not _should_split_funcdef_with_rhs(line):
        transformers = (left_hand_split,)
    elif line.inside:
        transformers = (delimiter_split, right_hand_split_with_omits)
    else:
        transformers = (right_hand_split_with_omits,)
    for transform in transformers:
        try:
            return _run_transformer(line, transform, force_optional_parens, line_str)
        except CannotSplit:
            continue
    return [line]


def _run_transformer(line: Line, transform: object, force: bool, line_str: str) -> list[Line]:
    optional_parens = [bracket for bracket in line.invisible if bracket.depth == 0]
    width = str_width(line_str)
    if transform is left_hand_split:
        produced = left_hand_split(line)
    elif transform is delimiter_split:
        produced = delimiter_split(line)
    else:
        produced = right_hand_split_with_omits(line, force)
    result: list[Line] = []
    for transformed in produced:
        if transformed.width() == width and transformed.render() == line_str:
            raise CannotSplit("unchanged")
        result.extend(transform_line(transformed, force))
    if (
        force
        or transform is not right_hand_split_with_omits
        or not line.invisible
        or any(bracket.value for bracket in optional_parens)
        or is_short(result[0])
        or any(not leaf.parent for leaf in line.leaves)
    ):
        return result
    # Second opinion: the same line with its optional parentheses kept.
    copy = Line(line.depth, line.inside)
    copy.should_split_rhs = line.should_split_rhs
    copy.magic = line.magic
    for leaf in line.leaves:
        new = leaf.copy()
        leaf.parent = False  # replaced in black's tree by the copy
        new.prefix = ""
        copy.append(new)
    second = _run_transformer(copy, right_hand_split_with_omits, True, line_str)
    if all(is_short(produced_line) for produced_line in second):
        return second
    return result


def _should_split_funcdef_with_rhs(line: Line) -> bool:
    """A def whose return annotation has a magic trailing comma is split like other lines."""
    leaves: list[Leaf] = []
    in_return = False
    for leaf in line.leaves:
        if leaf.kind == COLON:
            in_return = False
        if in_return:
            leaves.append(leaf)
        if leaf.kind == RARROW:
            in_return = True
    result = Line(line.depth)
    tracked = inside_matching_brackets(leaves)
    for leaf in leaves:
        result.append(leaf, preformatted=True, track=leaf in tracked)
    first_visible = next((leaf for leaf in leaves if leaf.value), None)
    return result.magic is not None or (
        first_visible is not None and first_visible.kind == STRING and not is_short(result)
    )
