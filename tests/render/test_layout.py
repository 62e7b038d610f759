"""The layout engine against black itself: random trees, real generated code, docstrings.

- ``test_random_statements_match_black``: hypothesis draws statements of the layout grammar
  (names of 1 to 60 characters, literals including wide characters, nesting up to depth 5,
  magic trailing commas, indents 0, 4 and 8), and each must be laid out exactly as
  ``black.format_str`` formats its one-line form. Derandomized; ``SPECGEN_LAYOUT_EXAMPLES``
  sets the number of examples (default 600).
- ``test_generated_code_matches_black``: every statement the grammar covers in the repository's
  generated client (black's output) is laid out as black wrote it.
- ``test_corpus_matches_black``: the same for ``tests/data/layout/corpus.jsonl``, statements of
  the whole upstream OpenAI spec's generated ``models.py`` (every distinct statement black
  splits, the distinct ones close to the line length, a sample of the others and of the
  docstrings; see ``tests/render/layout_ast.py`` to refresh it).
- ``test_random_docstrings_match_black``: docstrings in the generator's form, with tabs,
  trailing whitespace, blank lines, quotes, backslashes and long lines.
"""

from __future__ import annotations

import json
import keyword
import os
from pathlib import Path

import black
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.render.layout import (
    AnnAssign,
    Assign,
    Attribute,
    BinOp,
    Call,
    ClassDef,
    Decorator,
    DictExpr,
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
    docstring_lines,
    format_statement,
    render_expression,
    render_statement,
)
from generator.render.layout.widths import WIDE_RANGES, str_width
from tests.render.layout_ast import Sample, from_record, statements

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "layout" / "corpus.jsonl"
GENERATED = ROOT / "generated" / "openai_file_batches"
MODE = black.Mode(line_length=120, target_versions={black.TargetVersion.PY311})
EXAMPLES = int(os.environ.get("SPECGEN_LAYOUT_EXAMPLES", "600"))

# -- black as the oracle --------------------------------------------------------------------

SENTINEL = "sentinel_statement = 1"


def black_lines(statement: Statement, indent: int) -> list[str]:
    """What black writes for ``statement`` (its one-line form) at ``indent``, scaffolding removed."""
    pad = " " * indent
    text = render_statement(statement)
    suffix: list[str] = []
    if isinstance(statement, FunctionDef | ClassDef) and not statement.body:
        suffix = [pad + "    pass"]
    elif isinstance(statement, Decorator):
        suffix = [pad + "def decorated():", pad + "    pass"]
    scaffold = ["class Scaffold:", "    def method(self):"][: indent // 4]
    source = "\n".join([*scaffold, pad + SENTINEL, pad + text, *suffix]) + "\n"
    lines = black.format_str(source, mode=MODE).split("\n")
    assert lines[-1] == ""
    start = lines.index(pad + SENTINEL) + 1
    while not lines[start]:
        start += 1
    return lines[start : len(lines) - 1 - len(suffix)]


# -- random trees ---------------------------------------------------------------------------

IDENTIFIER_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
IDENTIFIER_CHARS = IDENTIFIER_START + "0123456789"


@st.composite
def identifiers(draw: st.DrawFn, max_size: int = 60) -> str:
    size = draw(st.one_of(st.integers(1, 8), st.integers(1, max_size)))
    first = draw(st.sampled_from(IDENTIFIER_START))
    rest = draw(st.text(IDENTIFIER_CHARS, min_size=size - 1, max_size=size - 1))
    name = first + rest
    return name + "_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


names = st.one_of(
    st.builds(Name, identifiers()),
    st.builds(lambda a, b: Name(f"{a}.{b}"), identifiers(20), identifiers(20)),
    st.lists(identifiers(), min_size=2, max_size=4).map(lambda parts: Name(".".join(parts))),  # long heads
)
STRING_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters='"\\')
strings = st.builds(
    lambda text: Literal(f'"{text}"'),
    st.text(STRING_CHARS, max_size=60) | st.text(STRING_CHARS, min_size=100, max_size=130),
) | st.sampled_from(
    [Literal('"中文字符串"'), Literal('"🎉 wide"'), Literal("'quote \" inside'"), Literal('""'), Literal('"a\\nb"')]
)
numbers = st.sampled_from(["0", "1", "42", "1.5", "1000000", "0.25", "3e-05"]).map(Literal)
constants = st.sampled_from(["None", "True", "False", "..."]).map(Literal)
leaves = names | strings | numbers | constants
OPERATORS = ("|", "+", "-", "*", "==", "!=", "<=", "<", ">=", ">", "and", "or")


def expressions(max_depth: int = 5) -> st.SearchStrategy[Expr]:
    return st.recursive(leaves, _compound, max_leaves=40).filter(lambda e: _depth(e) <= max_depth)


def _method_chain(head: Expr, calls: list[tuple[str, list[Expr]]]) -> Expr:
    for attr, args in calls:
        head = Call(Attribute(head, attr), tuple(args))
    return head


def _compound(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    primary = children.filter(lambda e: not (isinstance(e, Literal) and e.text[:1].isdigit()))
    argument = children | st.builds(Starred, children, st.sampled_from(["*", "**"]))
    items = st.lists(children, min_size=1, max_size=4).map(tuple)
    calls = st.lists(st.tuples(identifiers(20), st.lists(children, max_size=2)), min_size=2, max_size=4)
    return st.one_of(
        st.builds(_method_chain, primary, calls),
        st.builds(
            Call,
            primary,
            st.lists(argument, max_size=3).map(tuple),
            st.lists(st.tuples(identifiers(20), children), max_size=3).map(tuple),
            st.booleans(),
        ),
        st.builds(Subscript, primary, items, st.booleans()),
        st.builds(Attribute, primary, identifiers(30)),
        st.builds(BinOp, st.sampled_from(OPERATORS), st.lists(children, min_size=2, max_size=4).map(tuple)),
        st.builds(UnaryOp, st.sampled_from(["-", "not", "await"]), children),
        st.builds(ListExpr, st.lists(children | st.builds(Starred, children), max_size=4).map(tuple), st.booleans()),
        st.builds(TupleExpr, st.lists(children, max_size=4).map(tuple), st.booleans()),
        st.builds(DictExpr, st.lists(st.tuples(children, children), max_size=3).map(tuple), st.booleans()),
    )


def _depth(expr: Expr) -> int:
    if isinstance(expr, Name | Literal):
        return 0
    if isinstance(expr, Call):
        inner = [expr.func, *expr.args, *(value for _, value in expr.kwargs)]
    elif isinstance(expr, Subscript):
        inner = [expr.value, *expr.items]
    elif isinstance(expr, Attribute):
        inner = [expr.value]
    elif isinstance(expr, BinOp):
        inner = list(expr.operands)
    elif isinstance(expr, UnaryOp):
        inner = [expr.operand]
    elif isinstance(expr, Starred):
        inner = [expr.value]
    elif isinstance(expr, ListExpr | TupleExpr):
        inner = list(expr.items)
    else:
        inner = [part for pair in expr.pairs for part in pair]
    return 1 + max((_depth(e) for e in inner), default=0)


def _no_starred_values(expr: Expr) -> bool:
    return not isinstance(expr, Starred)


values = expressions().filter(_no_starred_values)
params = st.builds(
    Param,
    identifiers(30),
    st.none() | values,
    st.none() | values,
)


@st.composite
def parameter_lists(draw: st.DrawFn) -> tuple[Param, ...]:
    drawn = draw(st.lists(params, max_size=4))
    result: list[Param] = []
    seen_default = False
    for param in drawn:  # no parameter without a default after one with a default
        if param.default is None and seen_default:
            param = Param(param.name, param.annotation, Literal("None"))
        seen_default = seen_default or param.default is not None
        result.append(param)
    extra = draw(st.sampled_from(["", "*args", "**kwargs", "*", "self"]))
    if extra == "self":
        result.insert(0, Param("self"))
    elif extra == "*":
        if result:
            result.insert(len(result) - 1, Param("*"))  # a bare `*` needs a parameter after it
    elif extra:
        result.append(Param(extra, draw(st.none() | values)))
    unique: dict[str, Param] = {}
    for param in result:
        unique.setdefault(param.name, param)
    return tuple(unique.values())


simple_statements = st.one_of(
    st.builds(AnnAssign, identifiers(), values, st.none() | values),
    st.builds(Assign, identifiers(), values),
    st.builds(ExprStatement, values),
    st.builds(Decorator, values),
)
headers = st.one_of(
    st.builds(
        FunctionDef,
        identifiers(),
        parameter_lists(),
        st.none() | values,
        st.just(()),
        st.just(()),
        st.booleans(),
        st.booleans(),
    ),
    st.builds(
        ClassDef, identifiers(), st.lists(values, max_size=3).map(tuple), st.just(()), st.just(()), st.booleans()
    ),
)


@st.composite
def placed_statements(draw: st.DrawFn) -> tuple[Statement, int]:
    indent = draw(st.sampled_from([0, 4, 8]))
    if indent and draw(st.integers(0, 5)) == 0:
        return Return(draw(st.none() | values)), indent
    return draw(simple_statements | headers), indent


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(placed_statements())
def test_random_statements_match_black(placed: tuple[Statement, int]) -> None:
    statement, indent = placed
    expected = black_lines(statement, indent)
    event(f"{type(statement).__name__}: {'split' if len(expected) > 1 else 'one line'}")
    assert format_statement(statement, indent) == expected


# -- edge cases -----------------------------------------------------------------------------

LONG = "x" * 100
EDGE_CASES = [
    f"def {LONG}_function_name_that_does_not_fit():",  # nothing to split: left as is
    f"def {LONG}(self) -> None:",  # a lone parameter gets a trailing comma
    f"def {LONG}() -> dict[str, int]:",
    f'x = "{LONG} a string that cannot be split at all"',
    f'description: str = Field(description="{LONG} a long description", max_length=10)',
    f'value = "{LONG}".format(first_argument, second_argument)',
    f"value = first_operand_{LONG} + second_operand()",
    f"value = first_operand_{LONG} + second_operand(argument)",
    f"value: Annotated[int, Field(ge=0, le=10)] | None = some_default_value_factory_{LONG}()",
    f"class Model{LONG}(FirstBaseClassName, SecondBaseClassName):",
    f'@field_validator("first_field", "second_field", "third_field", "fourth_field", mode="{LONG}")',
    f"return (first_element_of_the_tuple, second_element_of_the_tuple, third_{LONG})",
    f"return first_value_{LONG} == second_value and third_value != fourth_value",
    f'kind: Literal["first_value", "second_value", "third_value", "fourth_value", "{LONG}"] = "first_value"',
    f"result = client.resource.method(first_argument).other_method(second_argument).third_{LONG}()",
    f"self.attribute_with_a_long_name = SomeClass.some_method(argument_one, argument_two_{LONG})",
    f"first_part_{LONG} + second_part - third_part",
    f"x = [first_item_{LONG}]",
    f'x = {{"key": value_{LONG}, "other": 1}}',
    "x = (a,)",
    # black formats its own output again: the trailing commas it added are then magic
    f"def f(a, b) -> [(), first_{LONG}.attribute]:",
    f"def g() -> module.Type(first=None, second=value, third=long_{LONG}.attribute):",
    'a: a["", "0".a00(a0.a0000000, "中文字符串").a0000000000000000(a000000.a0000000), '
    '""(a0.a000000, a000000000000000000=a)] = a | a',
    f'check_value(value, {{"anyOf": [{{"type": "string", "maxLength": 512}}, {{"type": "{LONG}"}}]}})',
]


@pytest.mark.parametrize("source", EDGE_CASES)
@pytest.mark.parametrize("indent", [0, 4, 8])
def test_edge_cases_match_black(source: str, indent: int) -> None:
    if source.startswith(("def ", "class ")):
        source += "\n    pass"
    elif source.startswith("@"):
        source += "\ndef decorated():\n    pass"
    elif source.startswith("return"):
        source = "def f():\n    " + source
    sample = next(s for s in statements(source + "\n") if isinstance(s, Sample))
    assert format_statement(sample.statement, indent) == black_lines(sample.statement, indent)


# -- real code ------------------------------------------------------------------------------


def _check(samples: list[Sample]) -> tuple[int, list[str]]:
    failures = []
    for sample in samples:
        laid_out = format_statement(sample.statement, sample.indent)
        if tuple(laid_out) != sample.lines:
            failures.append("\n".join(["black:", *sample.lines, "ours:", *laid_out]))
    return len(samples), failures


def test_generated_code_matches_black() -> None:
    samples: list[Sample] = []
    for path in sorted(GENERATED.rglob("*.py")):
        samples.extend(s for s in statements(path.read_text(encoding="utf-8")) if isinstance(s, Sample))
    count, failures = _check(samples)
    assert count > 300
    assert not failures, f"{len(failures)} of {count} statements differ:\n" + "\n\n".join(failures[:5])


def test_corpus_matches_black() -> None:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    samples = [from_record(record) for record in records]
    count, failures = _check(samples)
    assert count == len(records) > 800
    assert sum(len(sample.lines) > 1 for sample in samples) > 400
    assert not failures, f"{len(failures)} of {count} statements differ:\n" + "\n\n".join(failures[:5])


# -- docstrings -----------------------------------------------------------------------------

DOCSTRING_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), include_characters="\t")
docstring_lines_text = st.one_of(
    st.text(DOCSTRING_CHARS, max_size=150),
    st.sampled_from(
        ["", "  ", "\t", "  indented", "\tx", 'ends with "', "ends with \\", "ends \\  ", "\\\\", "x" * 130]
    ),
)


def black_docstring(text: str, indent: int, first_line: bool = False) -> list[str]:
    pad = " " * indent
    lines = text.split("\n")
    body = "\n".join([lines[0] if first_line else pad + lines[0], *(pad + line for line in lines[1:])])
    scaffold = ["class Scaffold:", "    def method(self):"][: indent // 4 - 1] if indent else []
    opener = "class Documented:" if indent == 4 else (pad[:-4] + "def documented():" if indent else "")
    opening = [f'{pad}"""' + body] if first_line else [f'{pad}"""', body]
    source = "\n".join([*scaffold, opener, *opening, f'{pad}"""', pad + SENTINEL]) + "\n"
    if not indent:
        source = source.lstrip("\n")
    lines = black.format_str(source, mode=MODE).split("\n")
    start = 0 if not indent else next(i for i, line in enumerate(lines) if line.startswith(pad + '"""'))
    end = lines.index(pad + SENTINEL)
    while not lines[end - 1]:
        end -= 1
    return lines[start:end]


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None)
@given(st.lists(docstring_lines_text, min_size=1, max_size=6).map("\n".join), st.sampled_from([0, 4, 8]))
def test_random_docstrings_match_black(text: str, indent: int) -> None:
    if '"""' in text or text.endswith('"'):
        text = text.replace('"""', '"" "')
    assert docstring_lines(text, indent) == black_docstring(text, indent)


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None)
@given(st.lists(docstring_lines_text, min_size=1, max_size=6).map("\n".join), st.sampled_from([0, 4, 8]))
def test_random_docstrings_with_a_first_line_match_black(text: str, indent: int) -> None:
    text = text.replace('"""', '"" "')
    first = text.split("\n")[0]
    if first.rstrip().endswith(('"', "\\")) or first.lstrip().startswith('""'):
        text = "x" + text
    if first.strip() == "" and "\n" not in text:
        text = "x"
    assert docstring_lines(text, indent, first_line=True) == black_docstring(text, indent, first_line=True)


def black_inline_docstring(text: str, indent: int) -> list[str]:
    pad = " " * indent
    opener = ["class Documented:"] if indent == 4 else ["class Scaffold:", "    def documented(self):"]
    source = "\n".join([*opener, f'{pad}"""{text}"""', pad + SENTINEL]) + "\n"
    lines = black.format_str(source, mode=MODE).split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(pad + '"""'))
    end = lines.index(pad + SENTINEL)
    while not lines[end - 1]:
        end -= 1
    return lines[start:end]


ONE_LINE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\\"),
    min_size=1,
    max_size=200,
).filter(str.strip)


@settings(max_examples=EXAMPLES // 3, derandomize=True, deadline=None, database=None)
@given(ONE_LINE_TEXT, st.sampled_from([4, 8]))
def test_random_inline_docstrings_match_black(text: str, indent: int) -> None:
    text = text.replace('"""', '"" "')
    if text.strip().endswith('"') or text.strip().startswith('"'):
        text = text.strip().strip('"') + "x"
    assert docstring_lines(text, indent, inline=True) == black_inline_docstring(text, indent)


# -- pieces ---------------------------------------------------------------------------------


def test_parenthesized_long_union() -> None:
    statement = AnnAssign(
        "chunking_strategy",
        BinOp(
            "|",
            (
                Name("StaticChunkingStrategyResponseParam"),
                Name("OtherChunkingStrategyResponseParam"),
                Name("UnknownChunkingStrategy"),
                Literal("None"),
            ),
        ),
        Literal("None"),
    )
    union = "StaticChunkingStrategyResponseParam | OtherChunkingStrategyResponseParam | UnknownChunkingStrategy | None"
    assert format_statement(statement, 4) == ["    chunking_strategy: (", f"        {union}", "    ) = None"]


def test_one_line_spacing() -> None:
    expr = Call(
        Attribute(BinOp("|", (Name("a"), Name("b"))), "c"),
        (UnaryOp("-", Literal("1")), Starred(Name("args")), UnaryOp("not", BinOp("and", (Name("x"), Name("y"))))),
        (("key", DictExpr(((Literal('"a"'), Literal("1")),))), ("one", TupleExpr((Name("x"),)))),
    )
    assert render_expression(expr) == '(a | b).c(-1, *args, not (x and y), key={"a": 1}, one=(x,))'


def test_width_table_is_blacks() -> None:
    from black._width_table import WIDTH_TABLE

    assert [(start, end) for start, end, _ in WIDTH_TABLE] == list(WIDE_RANGES)
    assert str_width("中文") == 4
    assert str_width("abc") == 3


@pytest.mark.parametrize("indent", [2, -4])
def test_indent_must_be_a_multiple_of_four(indent: int) -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        format_statement(Assign("x", Name("y")), indent)
