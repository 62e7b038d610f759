"""Resource methods: docstring prose wrapping, optional hints, links read as attributes."""

from __future__ import annotations

from generator.ir.model import LinkArgument
from generator.ir.typetree import ModelClass, ModelField, ModelPlan, ModelRef, NullValue, Scalar, UnionOf
from generator.render.filters import wrapped
from generator.render.layout import BinOp, Name, render_expression
from generator.render.methods import optional
from generator.render.polling import link_value

WORDS = " ".join(f"word{i}" for i in range(40))


def test_long_prose_lines_are_broken_at_spaces_and_never_joined() -> None:
    text = f"{WORDS}\nshort line\n\n{WORDS}"
    lines = wrapped(text, 60).split("\n")
    assert all(len(line) <= 60 for line in lines)
    assert "short line" in lines and "" in lines
    assert " ".join(line for line in lines if line) == f"{WORDS} short line {WORDS}"


def test_list_items_continue_under_their_text() -> None:
    lines = wrapped(f"- {WORDS}\n  1. {WORDS}", 50).split("\n")
    assert lines[0].startswith("- word0") and lines[1].startswith("  word")
    second = next(i for i, line in enumerate(lines) if line.startswith("  1. "))
    assert lines[second + 1].startswith("     word")


def test_code_tables_headings_and_long_words_are_left_alone() -> None:
    url = "https://example.com/" + "a" * 100
    text = f"```\n{WORDS}\n```\n    {WORDS}\n| {WORDS} |\n# {WORDS}\nsee {url} here"
    lines = wrapped(text, 60).split("\n")
    assert lines[:6] == ["```", WORDS, "```", f"    {WORDS}", f"| {WORDS} |", f"# {WORDS}"]
    assert lines[6:] == ["see", url, "here"]


def test_an_optional_argument_takes_omit_before_none() -> None:
    assert render_expression(optional(Name("str"))) == "str | Omit"
    assert (
        render_expression(optional(BinOp("|", (Name("str"), Name("int"), Name("None"))))) == "str | int | Omit | None"
    )
    assert render_expression(optional(Name("None"))) == "None | Omit"


PLAN = ModelPlan(
    classes=(
        ModelClass(
            "Batch",
            "#/components/schemas/Batch",
            "",
            (
                ModelField("id", "id", Scalar("string"), True),
                ModelField("maybe", "maybe", UnionOf((Scalar("string"), NullValue())), True),
                ModelField("later", "later", Scalar("string"), False),
                ModelField("owner", "owner-ref", ModelRef("Owner"), True),
            ),
        ),
        ModelClass("Owner", "#/components/schemas/Owner", "", (ModelField("id_", "id", Scalar("string"), True),)),
    )
)


def _value(pointer: str, wanted: object = Scalar("string")) -> str:
    argument = LinkArgument("batch_id", "response", pointer, positional=True)
    return render_expression(link_value(argument, Name("Batch"), wanted, PLAN))  # type: ignore[arg-type]


def test_a_link_reads_a_required_member_as_an_attribute() -> None:
    assert _value("/id") == "created.id"
    assert _value("/owner-ref/id") == "created.owner.id_"


def test_a_link_through_an_optional_or_differently_typed_member_reads_the_pointer() -> None:
    assert _value("/maybe") == 'pointer_value(created, "/maybe")'
    assert _value("/later") == 'pointer_value(created, "/later")'
    assert _value("/missing") == 'pointer_value(created, "/missing")'
    assert _value("/id", Scalar("integer")) == 'pointer_value(created, "/id")'


def test_a_link_from_an_argument_passes_it() -> None:
    argument = LinkArgument("vector_store_id", "argument", "vector_store_id")
    assert render_expression(link_value(argument, Name("Batch"), None, PLAN)) == "vector_store_id"
