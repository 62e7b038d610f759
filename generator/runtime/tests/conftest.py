"""Fixtures of the generated tests: the live server the live tests call (``SPECGEN_BASE_URL``)."""

from __future__ import annotations

import os

import pytest

LIVE_URL_ENV = "SPECGEN_BASE_URL"


def pytest_report_header(config: pytest.Config) -> str:
    """Say whether the live tests run, and against what."""
    url = os.environ.get(LIVE_URL_ENV, "")
    return f"live tests: against {url}" if url else f"live tests: skipped ({LIVE_URL_ENV} is not set)"


@pytest.fixture
def live_base_url() -> str:
    """The base URL of the server the live tests call; skips the test when none is set."""
    url = os.environ.get(LIVE_URL_ENV, "")
    if not url:
        pytest.skip(
            f"live test: set {LIVE_URL_ENV} to the base URL of a server implementing the API (e.g. a Prism mock)"
        )
    return url
