"""Run the enabled rule families over a spec and return sorted diagnostics."""

from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic, Severity, SpecInputError
from generator.lint.context import LintContext
from generator.lint.registry import BY_ID, FAMILIES, RULES
from generator.spec.load import Spec


@dataclass(frozen=True)
class LintOptions:
    """Which rules run and how severe their findings are.

    ``select`` and ``ignore`` hold rule ids or shell-style patterns (``sample-*``); an empty
    ``select`` means every rule. ``severity`` maps a rule id to error/warning/info/off.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)

    def resolve(self) -> tuple[frozenset[str], dict[str, Severity]]:
        """The enabled rule ids and the severity overrides; unknown ids are a usage error."""
        chosen = _expand(self.select, "select") if self.select else {rule.id for rule in RULES}
        chosen -= _expand(self.ignore, "ignore")
        overrides: dict[str, Severity] = {}
        for rule_id, level in self.severity.items():
            if rule_id not in BY_ID:
                raise SpecInputError(f"severity: unknown rule id {rule_id!r}", file="[tool.specgen.lint]")
            if level == "off":
                chosen.discard(rule_id)
            else:
                overrides[rule_id] = Severity(level)
        return frozenset(chosen), overrides

    def fingerprint(self) -> str:
        """A stable text naming the effective configuration (part of the cache key)."""
        enabled, overrides = self.resolve()
        levels = ",".join(f"{rule}={overrides[rule].value}" for rule in sorted(overrides))
        return f"{','.join(sorted(enabled))};{levels}"


def split_ids(values: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated rule ids from repeated options, blanks dropped."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _expand(patterns: Iterable[str], option: str) -> set[str]:
    result: set[str] = set()
    for pattern in patterns:
        matched = {rule.id for rule in RULES if fnmatch.fnmatchcase(rule.id, pattern)}
        if not matched:
            raise SpecInputError(
                f"unknown rule id {pattern!r} in {option} (see docs/rules/README.md)", file="lint options"
            )
        result |= matched
    return result


def lint_spec(spec: Spec, options: LintOptions | None = None) -> list[Diagnostic]:
    """All findings of the enabled rules on ``spec``, sorted by position."""
    enabled, overrides = (options or LintOptions()).resolve()
    ctx = LintContext(spec, enabled, overrides)
    for family in FAMILIES:
        if any(rule.family == family and rule.id in enabled for rule in RULES):
            module = importlib.import_module(f"generator.lint.rules.{family}")
            module.check(ctx)
    return sorted(ctx.diagnostics, key=Diagnostic.sort_key)
