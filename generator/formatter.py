"""Stage 7, format: black, in process, over every generated Python file."""

from __future__ import annotations

LINE_LENGTH = 120


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The same files with ``.py`` sources formatted by black (others unchanged)."""
    import black  # imported here: only generation needs it

    mode = black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY311})
    result = {}
    for path, text in files.items():
        if path.endswith(".py"):
            try:
                text = black.format_str(text, mode=mode)
            except black.InvalidInput as exc:  # a template bug, not bad input: say where
                raise ValueError(f"generated {path} is not valid Python: {exc}") from None
        result[path] = text
    return result
