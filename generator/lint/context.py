"""What every rule family sees: the spec, shared indexes built once, and ``report``."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.lint.catalog import Example, collect
from generator.lint.embedded import Embedded, find_embedded
from generator.lint.positions import text_position
from generator.lint.registry import BY_ID
from generator.lint.validation import SchemaValidation
from generator.spec.load import Spec
from generator.spec.walk import Index, Operation, SchemaSite


class LintContext:
    """One lint run over one spec: collects the diagnostics that rules report."""

    def __init__(self, spec: Spec, enabled: frozenset[str], severities: dict[str, Severity] | None = None) -> None:
        self.spec = spec
        self.data: dict[str, Any] = spec.data
        self.enabled = enabled
        self.severities = severities or {}
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[tuple[str, str, str, str]] = set()

    def wants(self, *rules: str) -> bool:
        """Whether any of ``rules`` is enabled (lets a family skip expensive work)."""
        return any(rule in self.enabled for rule in rules)

    def report(self, rule: str, pointer: str, message: str, position: tuple[int, int] | None = None) -> None:
        """Record a finding of ``rule`` at ``pointer``; ``position`` overrides the pointer's line:col."""
        if rule not in self.enabled:
            return
        place = self.spec.place(pointer)
        # the same text reached twice (a file of a split spec that two operations refer to) is one finding
        key = (rule, place.file, place.pointer, message)
        if key in self._seen:
            return
        self._seen.add(key)
        line, column = position or (place.line, place.column)
        severity = self.severities.get(rule, BY_ID[rule].severity)
        self.diagnostics.append(Diagnostic(rule, severity, message, place.file, place.pointer, line, column))

    def deref(self, node: Any, pointer: str = "") -> tuple[Any, str]:
        """Follow local ``$ref`` chains: the value reached and its pointer."""
        return self.spec.follow(node, pointer)

    def resolve(self, pointer: str) -> Any:
        """The value at ``pointer``, or None when there is none."""
        return self.spec.get(pointer)

    @cached_property
    def operations(self) -> list[Operation]:
        """All operations (paths, webhooks, callbacks), in document order."""
        return self.spec.operations

    @cached_property
    def index(self) -> Index:
        """Schemas, extensions, descriptions and references, found in one walk."""
        return self.spec.index

    @cached_property
    def schemas(self) -> list[SchemaSite]:
        """All schema objects of the document."""
        return self.index.schemas

    @cached_property
    def schema_at(self) -> dict[str, SchemaSite]:
        """Schema sites by pointer."""
        return {site.pointer: site for site in self.schemas}

    @cached_property
    def validation(self) -> SchemaValidation:
        """Compiled JSON Schema validation against this document's schemas."""
        return SchemaValidation(self.data, self.spec.minor, self.schemas)

    @cached_property
    def embedded(self) -> list[Embedded]:
        """JSON and code strings found in vendor extensions."""
        return find_embedded(self.spec)

    @cached_property
    def examples(self) -> list[Example]:
        """Every example of the document with the schema it must satisfy."""
        return collect(self.spec, self.embedded)

    @cached_property
    def _lines(self) -> list[str]:
        return self.spec.document.text.splitlines()

    def text_position(self, pointer: str, text: str, line: int, column: int = 1) -> tuple[int, int] | None:
        """File position of ``line``:``column`` inside the string at ``pointer`` (see :mod:`.positions`)."""
        return text_position(self.spec, pointer, text, line, column)
