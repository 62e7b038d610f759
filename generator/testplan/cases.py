"""The test plan of a spec: examples, constraint edges and calls the generated suite checks.

Inputs are the loaded spec (examples, constraints, parameters: what the API promises) and
the built IR (class, method and argument names: what the client offers). Values come from
the spec's examples first — schema ``example``/``examples``, media-type examples, JSON in
``x-oaiMeta`` — and are otherwise synthesized; every value is checked against the spec's
schemas (:mod:`generator.testplan.samples`) before a test relies on it.
"""

from __future__ import annotations

from collections import Counter

from generator.ir.model import ClientIR
from generator.spec.load import Spec
from generator.testplan.builder import API_KEY, PLANNING_ERRORS, PlanBuilder, unique_labels
from generator.testplan.calls import CallBuilder
from generator.testplan.document import schema_document
from generator.testplan.model import (
    ArgumentCase,
    ConstraintCase,
    Omission,
    OperationCase,
    TestPlan,
)
from generator.testplan.webhooks import webhook_cases


def build_test_plan(spec: Spec, ir: ClientIR) -> TestPlan:
    """The test plan of ``spec`` for the client ``ir`` describes."""
    builder = PlanBuilder(spec, ir)
    # the test client has every credential; the tests expect each where the operation sends it
    builder.credentials = {
        c.name: API_KEY if c.name == "api_key" else f"specgen-test-{c.name}" for c in ir.security.credentials
    }
    builder.find_models()
    builder.collect_examples()
    builder.model_constraints()
    operations: list[OperationCase] = []
    arguments: list[ArgumentCase] = []
    omissions = list(builder.omissions)
    names = Counter(op.name for _, op in builder.operations())
    constraints_of: dict[str, list[ConstraintCase]] = {}
    for case in builder.constraints:
        constraints_of.setdefault(case.model, []).append(case)
    for resource, op in builder.operations():
        label = op.name if names[op.name] == 1 else ".".join((*resource.reach, op.name))
        calls = CallBuilder(builder, resource, op, label)
        body_cases = constraints_of.get(op.body.model, []) if op.body and op.body.model else []
        try:
            operations.extend(calls.cases())
            found, missing = calls.argument_cases(body_cases)
        except PLANNING_ERRORS as exc:
            omissions.append(Omission(f"{label}: calls", f"no call could be planned: {exc}"))
            continue
        arguments.extend(found)
        omissions.extend([*calls.omissions, *missing])
    hooks, missing_hooks = webhook_cases(spec, ir, builder.check, builder.synth)
    omissions.extend(missing_hooks)
    return TestPlan(
        base_url=builder.base_url,
        credentials=dict(builder.credentials),
        examples=tuple(unique_labels(builder.examples)),
        bases=dict(builder.bases),
        constraints=tuple(unique_labels(builder.constraints)),
        omissions=tuple(unique_labels(omissions)),
        operations=tuple(unique_labels(operations)),
        arguments=tuple(unique_labels(arguments)),
        schema_document=schema_document(spec.data, operations),
        webhooks=tuple(unique_labels(hooks)),
    )


# ---------------------------------------------------------------- helpers
