"""The committed generated suite (generated/tests) runs and covers the plan: one test per constraint and per call."""

from __future__ import annotations

from generator.ir import ClientIR
from generator.testplan import TestPlan
from tests.generated_suite.suite import ROOT, report, run_suite

GENERATED = ROOT / "generated"


def test_generated_suite_passes_with_a_test_per_constraint_and_operation(shipped_plan: TestPlan) -> None:
    plan = shipped_plan
    run = run_suite(GENERATED)
    report(f"generated/tests: {run.summary}")
    assert run.code == 0, run.output
    # Each example twice (validates, round trip), each constraint once, each call and argument check
    # sync and async; skipped: constraints that cannot be tested, and the live tests (no server here).
    passed = 2 * len(plan.examples) + len(plan.constraints) + 2 * len(plan.operations) + 2 * len(plan.arguments)
    skipped = len(plan.omissions) + 2 * len(plan.operations)
    assert run.counts == {"passed": passed, "skipped": skipped}, run.summary


def test_plan_has_a_case_per_operation_and_per_constraint_kind(shipped_ir: ClientIR, shipped_plan: TestPlan) -> None:
    plan = shipped_plan
    operations = {op.operation_id for resource in shipped_ir.all_resources() for op in resource.operations}
    assert {case.operation_id for case in plan.operations} == operations
    keywords = {case.keyword for case in plan.constraints}
    assert {"minimum", "maximum", "minItems", "maxItems", "maxLength", "maxProperties", "enum", "const"} <= keywords
    assert {"required", "x-specgen-invariants", "oneOf", "discriminator", "additionalProperties"} <= keywords
