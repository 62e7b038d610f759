"""Diagnostics: the one value every pipeline stage uses to report a problem."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How bad a finding is. ``ERROR`` stops generation; ``WARNING`` fails with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; used for ``--fail-on`` comparisons."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True)
class Diagnostic:
    """A finding at a place in a spec: rule id, severity, message, JSON pointer, line:col."""

    rule: str
    severity: Severity
    message: str
    file: str = ""
    pointer: str = ""
    line: int = 0
    column: int = 0
    related: tuple[str, ...] = field(default=())

    @property
    def place(self) -> str:
        """``file:line:col`` (line and column omitted when unknown)."""
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Stable order: by file, position, pointer, rule and message."""
        return (self.file, self.line, self.column, self.pointer, self.rule, self.message)

    def __str__(self) -> str:
        where = f" ({self.pointer})" if self.pointer else ""
        return f"{self.place}: {self.severity.value} {self.rule}: {self.message}{where}"


class SpecInputError(Exception):
    """Input that cannot be read at all: the CLI prints it as one line and exits 2."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int = 0,
        column: int = 0,
        pointer: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer

    def __str__(self) -> str:
        place = self.file or "<input>"
        if self.line:
            place = f"{place}:{self.line}:{self.column}"
        where = f" (at {self.pointer})" if self.pointer else ""
        return f"{place}: {self.message}{where}"


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)
