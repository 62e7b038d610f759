"""Models: ``to_dict()`` / ``to_json()`` as the official SDK has them, and building doubles without validation."""

from __future__ import annotations

import json
from typing import Any

from tests.client.conftest import batch, ok, settle, vector_file


def test_every_model_has_the_package_base(package: Any) -> None:
    assert issubclass(package.models.VectorStoreFileBatch, package.BaseModel)
    assert issubclass(package.models.FileCounts, package.BaseModel)


def test_to_dict_and_to_json_use_wire_names_and_only_what_was_set(harness: Any) -> None:
    h = harness(ok(batch(extra_member={"kept": True})))

    async def body() -> None:
        result = await settle(h.batches.retrieve("vsfb_1", vector_store_id="vs_1"))
        expected = batch(extra_member={"kept": True})  # what was sent comes back, unknown members included
        assert result.to_dict() == expected
        assert json.loads(result.to_json()) == expected
        assert result.to_json().startswith('{\n  "')  # indented by 2 by default
        assert "\n" not in result.to_json(indent=None)
        assert result.file_counts.to_dict() == expected["file_counts"]

    h.run(body)


def test_to_dict_leaves_out_what_was_not_set_unless_asked(package: Any) -> None:
    file = package.models.VectorStoreFile.model_validate(vector_file("f1"))  # no `attributes`, `last_error` null
    assert "attributes" not in file.to_dict()
    assert file.to_dict(exclude_unset=False)["attributes"] is None
    assert "last_error" in file.to_dict() and "last_error" not in file.to_dict(exclude_none=True)


def test_to_dict_options(package: Any) -> None:
    model = package.models.LastError.model_validate({"code": "server_error", "message": "m"})
    assert model.to_dict() == {"code": "server_error", "message": "m"}
    assert model.to_dict(mode="json") == {"code": "server_error", "message": "m"}
    counts = package.models.FileCounts.model_validate(
        {"in_progress": 0, "completed": 1, "failed": 0, "cancelled": 0, "total": 1}
    )
    assert counts.to_dict(exclude_defaults=True) == counts.to_dict()  # no field of FileCounts has a default


def test_construct_type_unchecked_builds_nested_models_without_validation(package: Any) -> None:
    from openai_file_batches._models import construct_type_unchecked

    value = {"id": "b", "file_counts": {"in_progress": 3}, "status": "not-a-status", "new_member": 1}
    built = construct_type_unchecked(value=value, type_=package.models.VectorStoreFileBatch)
    assert type(built).__name__ == "VectorStoreFileBatch"
    assert type(built.file_counts).__name__ == "FileCounts" and built.file_counts.in_progress == 3
    assert built.status == "not-a-status"  # not validated
    items = construct_type_unchecked(value=[{"id": "f"}], type_=list[package.models.VectorStoreFile])
    assert type(items[0]).__name__ == "VectorStoreFile"
    assert construct_type_unchecked(value="x", type_=package.models.VectorStoreFile) == "x"  # kept as it is


def _chain_of_models(base: str, length: int) -> Any:
    """A module of ``length`` deferred models, each with an optional member of the next one's type."""
    import sys
    import types

    name = f"deep_chain_{base.replace('.', '_')}"
    lines = ["from __future__ import annotations", "import pydantic", f"from {base.rsplit('.', 1)[0]} import *"]
    base_class = base.rsplit(".", 1)[1]
    for index in range(length):
        lines += [
            f"class M{index}({base_class}):",
            "    model_config = pydantic.ConfigDict(defer_build=True)",
            f"    next: M{index + 1} | None = None" if index + 1 < length else "    leaf: int = 0",
        ]
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile("\n".join(lines), name, "exec"), module.__dict__)  # the source written above
    return module


def test_a_graph_of_models_deeper_than_the_recursion_limit_builds(package: Any) -> None:
    import sys

    import pytest

    limit = sys.getrecursionlimit()
    plain = _chain_of_models("pydantic.BaseModel", 400)
    with pytest.raises(RecursionError):  # what pydantic alone does at this depth
        plain.M0.model_validate({"next": {"next": {}}})
    assert sys.getrecursionlimit() == limit
    ours = _chain_of_models("openai_file_batches._models.BaseModel", 400)
    model = ours.M0.model_validate({"next": {"next": {}}})
    assert model.next.next.next is None
    assert sys.getrecursionlimit() == limit
    assert ours.M399.model_validate({"leaf": 3}).leaf == 3
