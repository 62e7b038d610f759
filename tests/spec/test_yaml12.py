"""Plain scalars resolve by the YAML 1.2 core schema, as OpenAPI 3.1 asks (PyYAML's default is 1.1)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from generator.diagnostics import SpecInputError
from generator.spec.load import load_spec
from generator.spec.shape import check_shape
from generator.spec.yaml12 import parse_yaml


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18:00", "18:00"),  # YAML 1.1: the sexagesimal integer 1080
        ("1:30:00", "1:30:00"),
        ("NO", "NO"),  # YAML 1.1: false
        ("no", "no"),
        ("on", "on"),  # YAML 1.1: true
        ("off", "off"),
        ("yes", "yes"),
        ("Y", "Y"),
        ("2019-11-14T18:10:38Z", "2019-11-14T18:10:38Z"),  # timestamps stay text, as in JSON
        ("2019-11-14", "2019-11-14"),
        ("1_000", "1_000"),  # YAML 1.1: 1000
        ("0b101", "0b101"),  # YAML 1.1: 5
        ("010", 10),  # YAML 1.1: octal 8
        ("0o17", 15),
        ("0x1F", 31),
        ("1e-08", 1e-08),  # YAML 1.1: the string "1e-08"
        ("1e+09", 1e09),
        ("-2.5E3", -2500.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("42", 42),
        ("-7", -7),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("~", None),
        ("null", None),
        ("Null", None),
        ("", None),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("'18:00'", "18:00"),
        ('"NO"', "NO"),
        ("'1e-08'", "1e-08"),
        ("!!str 42", "42"),
        ("!!int 0x10", 16),
        ("!!float 1", 1.0),
    ],
)
def test_plain_scalars_resolve_by_the_core_schema(text: str, value: object) -> None:
    assert parse_yaml(f"v: {text}\n", "t.yaml") == {"v": value}


def test_nan_is_a_float() -> None:
    found = parse_yaml("v: .NaN\n", "t.yaml")["v"]
    assert isinstance(found, float) and math.isnan(found)


def test_keys_stay_text() -> None:
    assert parse_yaml("200: a\nNO: b\non: c\n1e3: d\n", "t.yaml") == {"200": "a", "NO": "b", "on": "c", "1e3": "d"}


def test_a_wrong_explicit_tag_names_its_place() -> None:
    with pytest.raises(SpecInputError) as caught:
        parse_yaml("a: 1\nv: !!int twelve\n", "t.yaml")
    assert caught.value.message == "cannot read 'twelve' as int"
    assert (caught.value.line, caught.value.column) == (2, 4)


def test_a_spec_reads_as_its_author_meant(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Country: {type: string, enum: [SE, NO, DK]}\n"
        "    Switch: {type: string, enum: [on, off]}\n"
        "    Time: {type: string, example: 18:00}\n"
        "    Rate: {type: number, minimum: 1e-08, exclusiveMaximum: 1e+09}\n",
        encoding="utf-8",
    )
    spec = load_spec(path)
    check_shape(spec)  # `minimum: 1e-08` is a number, not the string YAML 1.1 makes of it
    schemas = spec.data["components"]["schemas"]
    assert schemas["Country"]["enum"] == ["SE", "NO", "DK"]
    assert schemas["Switch"]["enum"] == ["on", "off"]
    assert schemas["Time"]["example"] == "18:00"
    assert schemas["Rate"]["minimum"] == 1e-08
    assert schemas["Rate"]["exclusiveMaximum"] == 1e09
