"""Layout trees from Python source (tests only): the statements of black-formatted code as trees.

``statements(source)`` walks every statement of a module (module level, class and function
bodies, nested blocks) and yields, for each one the layout grammar covers, its tree, its
indentation and the exact lines black wrote for it. A function's or class's header is
yielded without its body (its body's statements are yielded on their own).
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

from generator.render.layout import (
    AnnAssign,
    Assign,
    Attribute,
    BinOp,
    Call,
    ClassDef,
    Decorator,
    DictExpr,
    Docstring,
    Expr,
    ExprStatement,
    FunctionDef,
    ListExpr,
    Literal,
    Name,
    Param,
    Return,
    Starred,
    Statement,
    Subscript,
    TupleExpr,
    UnaryOp,
)


class Unsupported(Exception):
    """The node uses a construct the layout grammar does not have."""


BINARY = {ast.BitOr: "|", ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


@dataclass(frozen=True)
class Sample:
    """A statement, its indentation and black's lines for it."""

    kind: str
    statement: Statement
    indent: int
    lines: tuple[str, ...]


class Source:
    """A module's text, with offsets from ast positions (which count bytes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts: list[int] = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1

    def offset(self, lineno: int, col_bytes: int) -> int:
        line = self.lines[lineno - 1]
        return self.starts[lineno - 1] + len(line.encode("utf-8")[:col_bytes].decode("utf-8"))

    def segment(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def comma_between(self, start: int, end: int) -> bool:
        """Is the first significant character between the offsets a comma?"""
        text = self.text[start:end]
        for raw in text.split("\n"):
            line = raw.split("#", 1)[0].strip()
            if line:
                return line.startswith(",")
        return False


def expression(node: ast.expr, source: Source) -> Expr:
    """The layout tree of ``node`` (raises :class:`Unsupported`)."""
    if isinstance(node, ast.Name):
        return Name(node.id)
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return literal(node, source)
    if isinstance(node, ast.Attribute):
        return Attribute(expression(node.value, source), node.attr)
    if isinstance(node, ast.Call):
        return call(node, source)
    if isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Slice):
            raise Unsupported("slice")
        if isinstance(node.slice, ast.Tuple) and not parenthesized(node.slice, source):
            items = tuple(expression(item, source) for item in node.slice.elts)
            trailing = source.comma_between(source.end(node.slice.elts[-1]), source.end(node))
            return Subscript(expression(node.value, source), items, trailing)
        item = expression(node.slice, source)
        return Subscript(
            expression(node.value, source), (item,), source.comma_between(source.end(node.slice), source.end(node))
        )
    if isinstance(node, ast.BinOp):
        op = BINARY.get(type(node.op))
        if op is None:
            raise Unsupported(type(node.op).__name__)
        left = expression(node.left, source)
        right = expression(node.right, source)
        operands = left.operands if isinstance(left, BinOp) and left.op == op else (left,)
        return BinOp(op, (*operands, right))
    if isinstance(node, ast.BoolOp):
        return BinOp("and" if isinstance(node.op, ast.And) else "or", tuple(expression(v, source) for v in node.values))
    if isinstance(node, ast.Compare):
        ops = {COMPARE.get(type(op)) for op in node.ops}
        if len(ops) != 1 or None in ops:
            raise Unsupported("comparison")
        return BinOp(ops.pop(), tuple(expression(v, source) for v in (node.left, *node.comparators)))  # type: ignore[arg-type]
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.USub):
            return UnaryOp("-", expression(node.operand, source))
        if isinstance(node.op, ast.Not):
            return UnaryOp("not", expression(node.operand, source))
        raise Unsupported(type(node.op).__name__)
    if isinstance(node, ast.Await):
        return UnaryOp("await", expression(node.value, source))
    if isinstance(node, ast.Starred):
        return Starred(expression(node.value, source))
    if isinstance(node, ast.List):
        items = tuple(expression(item, source) for item in node.elts)
        return ListExpr(items, bool(items) and source.comma_between(source.end(node.elts[-1]), source.end(node)))
    if isinstance(node, ast.Tuple):
        if not parenthesized(node, source):
            raise Unsupported("tuple without parentheses")
        items = tuple(expression(item, source) for item in node.elts)
        trailing = len(items) > 1 and source.comma_between(source.end(node.elts[-1]), source.end(node))
        return TupleExpr(items, trailing)
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            raise Unsupported("dict unpacking")
        keys: list[ast.expr] = [key for key in node.keys if key is not None]
        pairs = tuple((expression(k, source), expression(v, source)) for k, v in zip(keys, node.values, strict=True))
        return DictExpr(pairs, bool(pairs) and source.comma_between(source.end(node.values[-1]), source.end(node)))
    raise Unsupported(type(node).__name__)


def parenthesized(node: ast.Tuple, source: Source) -> bool:
    text = source.segment(node)
    if not (text.startswith("(") and text.endswith(")")):
        return False
    try:
        inner = ast.parse(text[1:-1].strip() or "()", mode="eval").body
    except SyntaxError:
        return False
    return not node.elts or (isinstance(inner, ast.Tuple) and len(inner.elts) == len(node.elts))


def literal(node: ast.Constant | ast.JoinedStr, source: Source) -> Literal:
    text = source.segment(node)
    if "\n" in text:
        raise Unsupported("multi-line literal")
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(text).readline)
        if t.type not in (tokenize.NEWLINE, tokenize.ENDMARKER)
    ]
    if len(tokens) != 1 and not (len(tokens) == 3 and text == "..."):
        raise Unsupported("several tokens")
    return Literal(text)


def call(node: ast.Call, source: Source) -> Call:
    args: list[Expr] = [expression(arg, source) for arg in node.args]
    kwargs: list[tuple[str, Expr]] = []
    ends = [source.end(arg) for arg in node.args]
    first_keyword = min((source.start(k) for k in node.keywords), default=None)
    if first_keyword is not None and any(source.start(arg) > first_keyword for arg in node.args):
        raise Unsupported("positional argument after a keyword")
    for index, keyword in enumerate(node.keywords):
        if keyword.arg is None:
            if index != len(node.keywords) - 1 or kwargs:
                raise Unsupported("** before keywords")
            args.append(Starred(expression(keyword.value, source), "**"))
        else:
            kwargs.append((keyword.arg, expression(keyword.value, source)))
        ends.append(source.end(keyword))
    trailing = bool(ends) and source.comma_between(max(ends), source.end(node))
    return Call(expression(node.func, source), tuple(args), tuple(kwargs), trailing)


def target(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{target(node.value)}.{node.attr}"
    raise Unsupported("assignment target")


def simple_statement(node: ast.stmt, source: Source) -> Statement:
    if isinstance(node, ast.AnnAssign):
        if not node.simple:
            raise Unsupported("parenthesized target")
        value = None if node.value is None else expression(node.value, source)
        return AnnAssign(target(node.target), expression(node.annotation, source), value)
    if isinstance(node, ast.Assign):
        if len(node.targets) != 1:
            raise Unsupported("chained assignment")
        return Assign(target(node.targets[0]), expression(node.value, source))
    if isinstance(node, ast.Return):
        return Return(None if node.value is None else expression(node.value, source))
    if isinstance(node, ast.Expr):
        return ExprStatement(expression(node.value, source))
    raise Unsupported(type(node).__name__)


def params(node: ast.FunctionDef | ast.AsyncFunctionDef, source: Source) -> tuple[Param, ...]:
    arguments = node.args
    result: list[Param] = []
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
        result.append(param(arg.arg, arg.annotation, default, source))
        if arguments.posonlyargs and index == len(arguments.posonlyargs) - 1:
            result.append(Param("/"))
    if arguments.vararg is not None:
        result.append(param("*" + arguments.vararg.arg, arguments.vararg.annotation, None, source))
    elif arguments.kwonlyargs:
        result.append(Param("*"))
    for arg, kw_default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        result.append(param(arg.arg, arg.annotation, kw_default, source))
    if arguments.kwarg is not None:
        result.append(param("**" + arguments.kwarg.arg, arguments.kwarg.annotation, None, source))
    return tuple(result)


def param(name: str, annotation: ast.expr | None, default: ast.expr | None, source: Source) -> Param:
    return Param(
        name,
        None if annotation is None else expression(annotation, source),
        None if default is None else expression(default, source),
    )


def header_text(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, source: Source) -> tuple[str, list[str]]:
    """The header's source (``def`` or ``class`` to the colon) and its lines."""
    start = source.offset(node.lineno, node.col_offset)
    body_start = source.offset(node.body[0].lineno, node.body[0].col_offset)
    text = source.text[start:body_start]
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    depth = 0
    for token in tokens:
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        elif token.type == tokenize.OP and token.string == ":" and depth == 0:
            line, column = token.end
            lines = text.split("\n")
            header_lines = [*lines[: line - 1], lines[line - 1][:column]]
            return "\n".join(header_lines), header_lines
    raise Unsupported("header without colon")


def trailing_comma_in_header(text: str) -> bool:
    """Does the header's outermost parenthesized list end with a comma?"""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(text + "\n    pass\n").readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)
    ]
    depth = 0
    previous = None
    for token in tokens:
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                return previous is not None and previous.string == ","
        previous = token
    return False


def statements(text: str) -> Iterator[Sample | tuple[str, Unsupported]]:
    """Every statement of ``text`` (black-formatted), as a :class:`Sample` or why it is not covered."""
    source = Source(text)
    yield from _block(ast.parse(text).body, source, top=True)


def _lines(source: Source, first: int, last: int) -> tuple[str, ...]:
    lines = tuple(source.lines[first - 1 : last])
    _no_comments("\n".join(lines))
    return lines


def _no_comments(text: str) -> None:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text.strip() + "\n").readline))
    except (tokenize.TokenError, IndentationError):
        tokens = []
    if any(token.type == tokenize.COMMENT for token in tokens):
        raise Unsupported("comment")


def _block(body: list[ast.stmt], source: Source, top: bool = False) -> Iterator[Sample | tuple[str, Unsupported]]:
    for index, node in enumerate(body):
        kind = type(node).__name__
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                try:
                    statement: Statement = Decorator(expression(decorator, source))
                    lines = _lines(source, decorator.lineno, decorator.end_lineno or 0)
                except Unsupported as exc:
                    yield "Decorator", exc
                else:
                    yield Sample("Decorator", statement, node.col_offset, lines)
            try:
                yield _header(node, source)
            except Unsupported as exc:
                yield kind, exc
            if node.body[0].lineno != node.lineno:  # a stub's `...` is part of its header's line
                yield from _block(node.body, source)
        elif isinstance(node, ast.If | ast.For | ast.While | ast.With | ast.Try):
            yield kind, Unsupported("compound statement")
            for name in ("body", "orelse", "finalbody"):
                yield from _block(getattr(node, name, []), source)
            for handler in getattr(node, "handlers", []):
                yield from _block(handler.body, source)
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and not top
            and (index == 0 or source.segment(node).startswith('"""\n'))
        ):
            try:
                yield _docstring(node, source, attribute=index > 0)
            except Unsupported as exc:
                yield "Docstring", exc
        else:
            try:
                statement = simple_statement(node, source)
                lines = _lines(source, node.lineno, node.end_lineno or 0)
            except Unsupported as exc:
                yield kind, exc
            else:
                yield Sample(kind, statement, node.col_offset, lines)


def _header(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, source: Source) -> Sample:
    text, header_lines = header_text(node, source)
    _no_comments(text)
    header_lines[0] = " " * node.col_offset + header_lines[0]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        statement: Statement = FunctionDef(
            node.name,
            params(node, source),
            None if node.returns is None else expression(node.returns, source),
            trailing_comma=trailing_comma_in_header(text),
            is_async=isinstance(node, ast.AsyncFunctionDef),
        )
    else:
        if node.keywords:
            raise Unsupported("class keywords")
        bases = tuple(expression(base, source) for base in node.bases)
        statement = ClassDef(node.name, bases, trailing_comma=bool(bases) and trailing_comma_in_header(text))
    return Sample(
        "FunctionDef" if isinstance(node, ast.AsyncFunctionDef) else type(node).__name__,
        statement,
        node.col_offset,
        tuple(header_lines),
    )


def _docstring(node: ast.Expr, source: Source, attribute: bool) -> Sample:
    lines = _lines(source, node.lineno, node.end_lineno or 0)
    indent = " " * node.col_offset
    if len(lines) < 3 or lines[0] != indent + '"""' or lines[-1] != indent + '"""':
        raise Unsupported("docstring not in the generator's form")
    text = "\n".join(line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in lines[1:-1])
    kind = "AttributeDocstring" if attribute else "Docstring"
    return Sample(kind, Docstring(text, attribute), node.col_offset, lines)


def from_record(record: dict[str, object]) -> Sample:
    """The sample a corpus record (``{"kind", "indent", "lines"}``) stands for."""
    kind = str(record["kind"])
    indent = int(record["indent"])  # type: ignore[call-overload]
    lines = tuple(str(line) for line in record["lines"])  # type: ignore[attr-defined]
    body = [line[indent:] for line in lines]
    if kind in ("Docstring", "AttributeDocstring"):
        text = "\n".join(body[1:-1])
        return Sample(kind, Docstring(text, kind == "AttributeDocstring"), indent, lines)
    if kind in ("FunctionDef", "ClassDef"):
        source = "\n".join([*body, "    pass"])
    elif kind == "Decorator":
        source = "\n".join([*body, "def decorated():", "    pass"])
    elif kind == "Return":
        source = "\n".join(["def f():", *("    " + line if line else line for line in body)])
    else:
        source = "\n".join(body)
    for sample in statements(source + "\n"):
        if isinstance(sample, Sample) and sample.kind == kind:
            return Sample(kind, sample.statement, indent, lines)
    raise ValueError(f"no {kind} in record {lines[0]!r}")


def corpus_records(text: str, every: int = 20, docstrings: int = 100) -> list[dict[str, object]]:
    """A representative corpus from black-formatted ``text``: its distinct statements black splits,
    those within 20 columns of the line length, every ``every``-th other one and ``docstrings`` docstrings."""
    records: list[dict[str, object]] = []
    seen: set[tuple[str, int, tuple[str, ...]]] = set()
    others = 0
    docs = 0
    for sample in statements(text):
        if not isinstance(sample, Sample):
            continue
        key = (sample.kind, sample.indent, sample.lines)
        if key in seen:
            continue
        seen.add(key)
        if sample.kind in ("Docstring", "AttributeDocstring"):
            docs += 1
            keep = docs <= docstrings
        elif len(sample.lines) > 1 or len(sample.lines[0]) >= 100:
            keep = True
        else:
            others += 1
            keep = others % every == 0
        if keep:
            records.append({"kind": sample.kind, "indent": sample.indent, "lines": list(sample.lines)})
    return records


if __name__ == "__main__":  # refresh the corpus: python -m tests.render.layout_ast GENERATED_MODELS_PY
    import json
    import sys
    from pathlib import Path

    records = corpus_records(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(__file__).resolve().parents[1] / "data" / "layout" / "corpus.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"{len(records)} records, {out.stat().st_size} bytes -> {out}")
