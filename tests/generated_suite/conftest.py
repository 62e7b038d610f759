"""Fixtures for the tests of the generated suite (helpers in :mod:`tests.generated_suite.suite`)."""

from __future__ import annotations

import pytest

from generator.ir import ClientIR, build_ir
from generator.spec.load import load_spec
from tests.generated_suite.suite import PACKAGE, SPEC, write_report


@pytest.fixture(scope="session")
def shipped_ir() -> ClientIR:
    """The IR (with its test plan) of the shipped spec."""
    return build_ir(load_spec(SPEC), PACKAGE)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Repeat the summary lines of the generated suites that ran."""
    write_report(terminalreporter)
