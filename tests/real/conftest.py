"""The gate's summary: how long each real spec took to generate and what its generated suite ran."""

from __future__ import annotations

import pytest

from tests.generated_suite.suite import write_report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Repeat the summary lines of the real specs' generations and generated suites."""
    write_report(terminalreporter)
