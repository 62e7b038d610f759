"""The generated suite has teeth: a client generated with a deliberate bug fails it, naming the broken behaviour.

The shipped spec is generated into a temporary folder and its suite run in a subprocess:
once as is (it passes), then with a template override that drops every query parameter
from requests, with a template override under which invariants never fail, and with the
model plan losing one ``maximum`` (the test plan still comes from the spec, so the
generated test of that constraint must fail).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import generator.ir
from generator.ir import ClientIR, build_ir
from generator.ir.typetree import Scalar
from generator.render.runtime import RUNTIME
from generator.spec.load import Spec
from generator.testplan import TestPlan
from tests.generated_suite.suite import generate_project, report, run_suite

pytestmark = pytest.mark.slow

# Appended to a runtime module, a definition replaces the module's own (imports happen after it ran).
DROP_QUERY = """

def encode_query(endpoint, values):  # deliberate bug: query parameters never reach the request
    return []
"""
NO_INVARIANTS = """

def check_invariant(holds, message, info):  # deliberate bug: cross-field rules are never enforced
    return None
"""


def override(folder: Path, module: str, appended: str) -> Path:
    """A templates folder replacing the runtime ``module`` with a copy that has ``appended`` at its end
    (a user template ``<module>.jinja``, as docs/templates.md says)."""
    folder.mkdir()
    text = (RUNTIME / "client" / module).read_text(encoding="utf-8")
    (folder / f"{module}.jinja").write_text("{{ header }}\n" + text + appended, encoding="utf-8")
    return folder


def test_suite_of_a_correct_client_passes(tmp_path: Path, shipped_plan: TestPlan) -> None:
    out = tmp_path / "generated"
    generate_project(out)
    run = run_suite(out)
    report(f"fresh generation: {run.summary}")
    assert run.code == 0, run.output
    plan = shipped_plan
    assert run.counts["passed"] >= len(plan.constraints) + 2 * len(plan.operations)


def test_dropping_query_parameters_fails_the_request_tests(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    generate_project(out, override(tmp_path / "templates", "_request.py", DROP_QUERY))
    run = run_suite(out)
    report(f"query parameters dropped: {run.summary}")
    assert run.code == 1, run.output
    failed = run.failed_ids()
    assert "tests/test_operations.py::test_request_sync[list_files: every parameter, reply empty]" in failed, failed
    assert "tests/test_operations.py::test_request_async[list_files: every parameter, reply empty]" in failed, failed
    # Only list_files has query parameters: its calls, and its argument checks (done while encoding the query).
    assert all(f.startswith("tests/test_operations.py::") and "[list_files: " in f for f in failed), failed
    assert "query: sent [], expected [('after', 'after')" in run.output


def test_disabled_invariants_fail_the_invariant_tests(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    generate_project(out, override(tmp_path / "templates", "_validation.py", NO_INVARIANTS))
    run = run_suite(out)
    report(f"invariants disabled: {run.summary}")
    assert run.code == 1, run.output
    failed = run.failed_ids()
    for label in (
        "StaticChunkingStrategy invariant 2 * chunk_overlap_tokens <= max_chunk_size_tokens",
        "FileCounts invariant total == in_progress + completed + failed + cancelled",
        "CreateVectorStoreFileBatchRequest exactly one of file_ids / files: two given",
    ):
        assert f"tests/test_models.py::test_constraint[{label}]" in failed, failed


def test_a_constraint_lost_in_the_model_plan_fails_its_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def without_maximum(spec: Spec, package: str) -> ClientIR:
        ir = build_ir(spec, package)  # the test plan's edges come from the spec, not from the model plan
        classes = []
        for model in ir.models.classes:
            if model.name == "StaticChunkingStrategy":
                members = []
                for member in model.fields:
                    if member.wire == "max_chunk_size_tokens":
                        assert isinstance(member.type, Scalar)
                        loose = replace(member.type.constraints, maximum=None)
                        member = replace(member, type=replace(member.type, constraints=loose))
                    members.append(member)
                model = replace(model, fields=tuple(members))
            classes.append(model)
        return replace(ir, models=replace(ir.models, classes=tuple(classes)))

    monkeypatch.setattr(generator.ir, "build_ir", without_maximum)
    out = tmp_path / "generated"
    generate_project(out)
    models: Any = (out / "openai_file_batches" / "models.py").read_text(encoding="utf-8")
    assert "Field(ge=100)]" in models  # the bug is really in the model
    run = run_suite(out)
    report(f"maximum dropped from a model: {run.summary}")
    assert run.code == 1, run.output
    assert run.failed_ids() == [
        "tests/test_models.py::test_constraint[StaticChunkingStrategy.max_chunk_size_tokens maximum 4096]"
    ]
    assert "StaticChunkingStrategy accepted a value past the edge: max_chunk_size_tokens = 4097" in run.output
