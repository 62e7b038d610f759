"""Collects the changes reached from one operation, each one once."""

from __future__ import annotations

from generator.diff.model import Change, SideName
from generator.diff.rules import severity_of


class Recorder:
    """Collects the changes reached from one operation (or the document), each one once.

    A change is identified by its kind, side and pointer: a component reached twice from
    one operation yields one change. A change at a component names the operation in its
    message, since the same component change is reported for every operation reaching it.
    """

    def __init__(self, operation: str = "") -> None:
        self.operation = operation
        self._changes: dict[tuple[str, str, str], Change] = {}

    def add(self, kind: str, pointer: str, message: str, side: SideName = "new") -> None:
        """Record a change of ``kind`` (its severity comes from :data:`rules.RULES`)."""
        key = (kind, side, pointer)
        if key in self._changes:
            return
        if self.operation and pointer.startswith("/components/"):
            message = f"{message} (reached from {self.operation})"
        self._changes[key] = Change(kind, severity_of(kind), pointer, message, self.operation, side)

    @property
    def changes(self) -> list[Change]:
        """The recorded changes, in recording order."""
        return list(self._changes.values())
