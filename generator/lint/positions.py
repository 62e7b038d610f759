"""Where a line of a string value is in its file (YAML block scalars keep a string's lines)."""

from __future__ import annotations

from functools import lru_cache

from generator.spec.load import Spec


def text_position(spec: Spec, pointer: str, text: str, line: int, column: int = 1) -> tuple[int, int] | None:
    """File position of ``line``:``column`` (1-based) inside the string at ``pointer``.

    Only for YAML block scalars, whose lines are the string's lines; the file line is checked to
    hold the string's line, else None (the caller falls back to the pointer's position).
    """
    place = spec.place(pointer)
    document = next((d for d in spec.documents or (spec.document,) if d.name == place.file), None)
    wanted = _lines_of(text)
    if document is None or document.format != "yaml" or not 1 <= line <= len(wanted):
        return None
    lines = _lines_of(document.text)
    file_line = place.line + line
    if file_line > len(lines):
        return None
    source = lines[file_line - 1]
    expected = wanted[line - 1]
    if not expected.strip():
        return (file_line, 1) if not source.strip() else None
    indent = source.find(expected)
    if indent < 0 or source[:indent].strip():
        return None
    return file_line, indent + column


@lru_cache(maxsize=64)
def _lines_of(text: str) -> list[str]:
    return text.splitlines()
