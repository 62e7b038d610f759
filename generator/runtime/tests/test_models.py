"""Model tests from the spec: every example validates and survives model -> JSON -> model;
every constraint accepts a value at its edge and rejects the value just past it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from ._support import PLAN, Edit, edits_of, model_named, same_json

EXAMPLES = [pytest.param(model_named(case["model"]), case["data"], id=case["id"]) for case in PLAN["examples"]]

#: Valid instances the constraint cases edit.
BASES: dict[str, Any] = PLAN["bases"]

CONSTRAINTS = [
    pytest.param(
        model_named(case["model"]),
        BASES[case["base"]],
        edits_of(case["accepted"]),
        edits_of(case["rejected"]),
        id=case["id"],
    )
    for case in PLAN["constraints"]
]

#: Constraints no test can check, and why.
UNTESTABLE = [pytest.param(case["reason"], id=case["id"]) for case in PLAN["untestable"]]


@pytest.mark.parametrize(("model", "data"), EXAMPLES)
def test_example_validates(model: type[BaseModel], data: Any) -> None:
    model.model_validate(data)


@pytest.mark.parametrize(("model", "data"), EXAMPLES)
def test_example_round_trip(model: type[BaseModel], data: Any) -> None:
    instance = model.model_validate(data)
    dumped = instance.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert same_json(dumped, data), f"{model.__name__} dumped {dumped!r}, read from {data!r}"
    text = instance.model_dump_json(by_alias=True, exclude_unset=True)
    assert model.model_validate_json(text) == instance


@pytest.mark.parametrize(("model", "base", "accepted", "rejected"), CONSTRAINTS)
def test_constraint(model: type[BaseModel], base: Any, accepted: tuple[Edit, ...], rejected: tuple[Edit, ...]) -> None:
    model.model_validate(base)
    for edit in accepted:
        model.model_validate(edit.apply(base))
    for edit in rejected:
        try:
            model.model_validate(edit.apply(base))
        except ValidationError:
            continue
        pytest.fail(f"{model.__name__} accepted a value past the edge: {edit.describe()}")


@pytest.mark.parametrize("reason", UNTESTABLE)
def test_untestable_constraint(reason: str) -> None:
    pytest.skip(reason)
