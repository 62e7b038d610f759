"""Docstrings as black writes them, for the form the generator emits.

The generator writes a docstring as three double quotes, a newline, the text's lines, a
newline and three double quotes, each line at the block's indentation. Black normalizes a string in docstring
position (the first statement of a module, class or function body; an attribute's string
after it is not a docstring to black, which leaves it alone) like this:

- leading tabs of each line are expanded to 4 columns; the text is dedented by the smallest
  indentation of its non-blank lines and re-indented at the block's indentation;
- trailing whitespace is removed from every line; blank lines become empty;
- a docstring with nothing but whitespace becomes three quotes, a space and three quotes;
- a docstring with a backslash followed by whitespace up to a line end (a line continuation,
  which would change the string's value) is left exactly as written.

The closing quotes stay on their own line (the last line is only the indentation, so
black's rules for a last line ending in a quote or a backslash, or too long for the quotes,
do not apply).

A string in the same form after an attribute (``attribute=True``) is not a docstring to
black: it is written as is (blank lines empty, other lines at the indentation). In both,
black writes the hex digits of hex and unicode escapes (backslash ``x``, ``u``, ``U``) in lowercase
and the names in named escapes (backslash ``N{...}``) in uppercase.
"""

from __future__ import annotations

import re

_CONTINUATION = re.compile(r"\\\s*\n")
_ESCAPE = re.compile(r"(\\+)(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|N\{[a-zA-Z0-9 \-]{2,}\})?")


def _normalize_escape(match: re.Match[str]) -> str:
    backslashes, body = match.group(1), match.group(2)
    if body is None or len(backslashes) % 2 == 0:
        return match.group(0)
    if body[0] == "N":
        return backslashes + "N{" + body[2:-1].upper() + "}"
    return backslashes + body[0] + body[1:].lower()


def docstring_lines(
    text: str, indent: int, attribute: bool = False, inline: bool = False, first_line: bool = False
) -> list[str]:
    """The lines black writes for a docstring whose text is ``text``, at ``indent`` spaces.

    ``text`` is the docstring's source between the opening quotes' line and the closing
    quotes' line, lines separated by ``\\n``, not indented (any indentation it has is relative).
    It must not contain three double quotes in a row, carriage returns or control characters other than tabs
    (escape them). The first line returned is the opening quotes' line.

    ``inline``: a text of one line, not blank, is written between the quotes on one line (black strips it, and
    pads a quote at either end with a space; it leaves a one-line docstring of any length alone).
    ``first_line``: the text's first line follows the opening quotes on their line (black strips it,
    and pads a leading quote with a space); the closing quotes still have their own line.
    """
    prefix = " " * indent
    if "\\" in text:
        text = _ESCAPE.sub(_normalize_escape, text)
    if inline and "\n" not in text and text.strip() and not attribute:
        body = text.strip()
        body = (" " if body.startswith('"') else "") + body + (" " if body.endswith('"') else "")
        return [f'{prefix}"""{body}"""']
    if attribute:
        return [prefix + '"""', *(prefix + line if line else "" for line in text.split("\n")), prefix + '"""']
    lines = text.split("\n")
    if first_line:
        body = lines[0] + "\n" + "".join(prefix + line + "\n" for line in lines[1:]) + prefix
    else:
        body = "\n" + "\n".join(prefix + line for line in lines) + "\n" + prefix
    if _CONTINUATION.search(body):
        value = '"""' + body + '"""'
    else:
        docstring = _fix_indentation(body, prefix)
        if not docstring:
            docstring = " "
        else:  # black pads a quote at either end (the end: when the closing quotes follow the text)
            docstring = (" " if docstring[0] == '"' else "") + docstring + (" " if docstring[-1] == '"' else "")
        value = '"""' + docstring + '"""'
    return (prefix + value).split("\n")


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip()
    if not stripped or stripped == line:
        return line
    width = len(line) - len(stripped)
    return line[:width].expandtabs(4) + stripped


def _fix_indentation(docstring: str, prefix: str) -> str:
    """PEP 257 indentation handling, black's way (the first line is empty in our form)."""
    lines = [_expand_leading_tabs(line) for line in docstring.split("\n")]
    smallest: int | None = None
    for line in lines[1:]:
        stripped = line.lstrip()
        if stripped:
            width = len(line) - len(stripped)
            smallest = width if smallest is None else min(smallest, width)
    trimmed = [lines[0].strip()]
    if smallest is not None:
        last = len(lines) - 2
        for index, line in enumerate(lines[1:]):
            stripped_line = line[smallest:].rstrip()
            trimmed.append(prefix + stripped_line if stripped_line or index == last else "")
    return "\n".join(trimmed)
