"""Webhook tests from the spec: each webhook's parser reads its example bodies (raw and decoded) into
its class, and the result dumps back to the same JSON."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest

from ._support import PLAN, dump, model_named, same_json

WEBHOOKS = [
    pytest.param(case["function"], case["model"], case["data"], id=case["id"]) for case in PLAN.get("webhooks", [])
]


@pytest.mark.parametrize(("function", "model", "data"), WEBHOOKS)
def test_webhook_payload_parses(function: str, model: str | None, data: Any) -> None:
    parse = getattr(importlib.import_module(f"{PLAN['package']}.webhooks"), function)
    for payload in (json.dumps(data), json.dumps(data).encode(), data):
        parsed = parse(payload)
        if model is None:  # a payload that is not one class (a list, a union): it parses
            continue
        assert isinstance(parsed, model_named(model)), f"{function} returned {type(parsed).__name__}"
        assert same_json(dump(parsed), data), f"{function} read {dump(parsed)!r} from {data!r}"
