"""Plain data as the parsers return it (dicts, lists, scalars): copies and stable text."""

from __future__ import annotations

import json
from typing import Any


def copy_data(value: Any) -> Any:
    """Deep copy of plain data (dicts, lists, scalars); much faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: copy_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_data(v) for v in value]
    return value


def stable_text(value: Any) -> str:
    """A stable text of plain data, to compare values (keys sorted)."""
    return json.dumps(value, sort_keys=True, default=repr)
