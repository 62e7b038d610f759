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
from generator.testplan.calls import OperationPlanner
from generator.testplan.document import schema_document
from generator.testplan.model import (
    ArgumentCase,
    ConstraintCase,
    Omission,
    OperationCase,
    TestPlan,
)
from generator.testplan.planner import API_KEY, PLANNING_ERRORS, Planner, unique_labels
from generator.testplan.webhooks import webhook_cases


def build_test_plan(spec: Spec, ir: ClientIR) -> TestPlan:
    """The test plan of ``spec`` for the client ``ir`` describes."""
    planner = Planner(spec, ir)
    # the test client has every credential; the tests expect each where the operation sends it
    planner.credentials = {
        c.name: API_KEY if c.name == "api_key" else f"specgen-test-{c.name}" for c in ir.security.credentials
    }
    planner.find_models()
    planner.collect_examples()
    planner.model_constraints()
    operations: list[OperationCase] = []
    arguments: list[ArgumentCase] = []
    omissions = list(planner.omissions)
    names = Counter(op.name for _, op in planner.operations())
    constraints_of: dict[str, list[ConstraintCase]] = {}
    for case in planner.constraints:
        constraints_of.setdefault(case.model, []).append(case)
    for resource, op in planner.operations():
        label = op.name if names[op.name] == 1 else ".".join((*resource.reach, op.name))
        op_planner = OperationPlanner(planner, resource, op, label)
        body_cases = constraints_of.get(op.body.model, []) if op.body and op.body.model else []
        try:
            operations.extend(op_planner.cases())
            found, missing = op_planner.argument_cases(body_cases)
        except PLANNING_ERRORS as exc:
            omissions.append(Omission(f"{label}: calls", f"no call could be planned: {exc}"))
            continue
        arguments.extend(found)
        omissions.extend([*op_planner.omissions, *missing])
    hooks, missing_hooks = webhook_cases(spec, ir, planner.check, planner.synth)
    omissions.extend(missing_hooks)
    return TestPlan(
        base_url=planner.base_url,
        credentials=dict(planner.credentials),
        examples=tuple(unique_labels(planner.examples)),
        bases=dict(planner.bases),
        constraints=tuple(unique_labels(planner.constraints)),
        omissions=tuple(unique_labels(omissions)),
        operations=tuple(unique_labels(operations)),
        arguments=tuple(unique_labels(arguments)),
        schema_document=schema_document(spec.data, operations),
        webhooks=tuple(unique_labels(hooks)),
    )


# ---------------------------------------------------------------- helpers
