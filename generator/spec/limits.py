"""Bounds that keep hostile input from exhausting time or memory."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile input from exhausting time or memory."""

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 256
    max_nodes: int = 5_000_000
    max_alias_nodes: int = 100_000
    max_schema_depth: int = 64  # inline schemas inside schemas, for generation


DEFAULT_LIMITS = Limits()
