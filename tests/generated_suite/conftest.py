"""Fixtures for the tests of the generated suite (helpers in :mod:`tests.generated_suite.suite`)."""

from __future__ import annotations

import pytest

from generator.ir import ClientIR, build_ir
from generator.spec.load import load_spec
from generator.testplan import TestPlan, build_test_plan
from tests.generated_suite.suite import PACKAGE, SPEC, write_report


@pytest.fixture(scope="session")
def shipped_ir() -> ClientIR:
    """The IR of the shipped spec."""
    return build_ir(load_spec(SPEC), PACKAGE)


@pytest.fixture(scope="session")
def shipped_plan(shipped_ir: ClientIR) -> TestPlan:
    """The test plan of the shipped spec."""
    return build_test_plan(load_spec(SPEC), shipped_ir)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Repeat the summary lines of the generated suites that ran."""
    write_report(terminalreporter)
