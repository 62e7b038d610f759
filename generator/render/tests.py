"""Render the generated project's test suite (``tests/``) from the IR's test plan.

The plan (:mod:`generator.ir.testplan`) holds every value as plain data; the templates
``tests_*.py.jinja`` loop over it and write each value through ``pyrepr``. This module only
decides which files exist and which model classes each one imports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.ir.model import ClientIR
from generator.ir.testplan import TestPlan

#: Emitted test files and the template each one comes from.
TEST_FILES = {
    "tests/__init__.py": "tests_init.py.jinja",
    "tests/_support.py": "tests_support.py.jinja",
    "tests/conftest.py": "tests_conftest.py.jinja",
    "tests/test_models.py": "tests_models.py.jinja",
    "tests/test_operations.py": "tests_operations.py.jinja",
    "tests/test_live.py": "tests_live.py.jinja",
}


def render_tests(ir: ClientIR, render: Callable[..., str]) -> dict[str, str]:
    """The files of ``tests/`` for ``ir`` (none when the IR has no test plan)."""
    plan = ir.tests
    if plan is None:
        return {}
    context: dict[str, Any] = {"plan": plan, "package": ir.package, "imports": _imports(plan)}
    return {path: render(template, **context) for path, template in TEST_FILES.items()}


def _imports(plan: TestPlan) -> dict[str, list[str]]:
    """Model classes each test module names, sorted."""
    replies = [case.reply for case in plan.operations] + [case.reply for case in plan.arguments]
    models = {case.model for case in plan.examples} | {case.model for case in plan.constraints}
    return {
        "models": sorted(models),
        "operations": sorted({n for reply in replies for n in (reply.model, reply.item_model) if n}),
        "live": sorted({case.reply.model for case in plan.operations if case.reply.model}),
    }
