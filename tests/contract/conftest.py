"""Contract tests' hooks: repeat the generated suite's live run in the terminal summary."""

from __future__ import annotations

import pytest

from tests.generated_suite.suite import write_report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Repeat the summary lines of the generated suites that ran."""
    write_report(terminalreporter)
