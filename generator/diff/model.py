"""The value ``specgen diff`` produces: one classified change, and the collector that builds them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

SideName = Literal["old", "new"]


class Severity(enum.Enum):
    """What a change does to a user of the generated client (wire and Python API)."""

    BREAKING = "breaking"
    COMPATIBLE = "compatible"
    DOCS = "docs"

    @property
    def rank(self) -> int:
        """Lower sorts first: breaking, then compatible, then docs."""
        return _RANK[self.value]


_RANK = {"breaking": 0, "compatible": 1, "docs": 2}


@dataclass(frozen=True)
class Change:
    """One change between two specs.

    ``pointer`` is an RFC 6901 pointer into the new document when the changed thing exists
    there, else into the old one (``side``). ``operation`` is the operationId (or
    ``METHOD /path``) the change was reached from; ``""`` for document-wide changes.
    """

    kind: str
    severity: Severity
    pointer: str
    message: str
    operation: str = ""
    side: SideName = "new"

    def sort_key(self) -> tuple[int, str, str, str, str]:
        """Deterministic order: severity, pointer, kind, then operation and message."""
        return (self.severity.rank, self.pointer, self.kind, self.operation, self.message)

    def to_json(self) -> dict[str, str]:
        """The change as a JSON object."""
        return {
            "kind": self.kind,
            "severity": self.severity.value,
            "pointer": self.pointer,
            "side": self.side,
            "operation": self.operation,
            "message": self.message,
        }


def sort_changes(changes: list[Change]) -> list[Change]:
    """Changes in the report order."""
    return sorted(changes, key=Change.sort_key)


def summarize(changes: list[Change]) -> dict[str, int]:
    """Count of changes per severity, every severity present."""
    counts = {severity.value: 0 for severity in Severity}
    for change in changes:
        counts[change.severity.value] += 1
    return counts
