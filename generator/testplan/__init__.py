"""Stage 5, the test plan: from the spec and the IR, the cases the generated suite runs.

``build_test_plan(spec, ir)`` gives a :class:`~generator.testplan.model.TestPlan`: model
examples and constraint edges (:mod:`.constraints`), calls with their expected requests and
replies (:mod:`.cases`), webhook payloads (:mod:`.webhooks`); every value is checked against the
spec's own schemas (:mod:`.samples`). What cannot be tested is an omission, never a silent skip.
"""

from generator.testplan.cases import build_test_plan
from generator.testplan.model import TestPlan

__all__ = ["TestPlan", "build_test_plan"]
