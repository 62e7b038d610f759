"""Builtins a resource class hides: a method called ``list`` (or ``set``, ``type``, ``format``...) makes
``list[...]`` in a later annotation of that class name the method, not the type (Python and mypy
read annotations in the class's namespace). In such a module, every class-level annotation names the
hidden builtins as ``builtins.list``; the text is otherwise left as rendered.
"""

from __future__ import annotations

import ast
import builtins

_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_FUTURE = "from __future__ import annotations\n"


def qualify_hidden_builtins(text: str) -> str:
    """``text`` (a module) with builtins hidden by a class member qualified in that class's annotations."""
    tree = ast.parse(text)
    edits: list[tuple[int, int, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        members = {stmt.name for stmt in node.body if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))}
        hidden = members & _BUILTINS
        if not hidden:
            continue
        for function in node.body:
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            arguments = function.args
            annotations = [
                a.annotation
                for a in (
                    *arguments.posonlyargs,
                    *arguments.args,
                    *arguments.kwonlyargs,
                    arguments.vararg,
                    arguments.kwarg,
                )
                if a is not None and a.annotation is not None
            ]
            for annotation in [*annotations, *([function.returns] if function.returns is not None else [])]:
                for found in ast.walk(annotation):
                    if isinstance(found, ast.Name) and found.id in hidden:
                        edits.append((found.lineno, found.col_offset, found.id))
    if not edits:
        return text
    lines = text.splitlines(keepends=True)
    for line, column, name in sorted(edits, reverse=True):
        source = lines[line - 1].encode()
        lines[line - 1] = (source[:column] + f"builtins.{name}".encode() + source[column + len(name) :]).decode()
    qualified = "".join(lines)
    return qualified.replace(_FUTURE, _FUTURE + "\nimport builtins\n", 1)
