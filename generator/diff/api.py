"""Compare the public API of two generated packages: what code written against the old one meets in the new.

The surfaces come from :mod:`generator.diff.api_surface` (``ast``, no import). A removed name,
a parameter that became required or keyword-only, a changed annotation are **breaking**;
additions are **compatible**; docstring changes are **docs**. Parameter annotations that only
gain union members and return annotations that only lose some are compatible (callers and
readers keep type-checking). ``API_RULES`` lists every kind; ``docs/workflows.md`` shows it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import SpecInputError
from generator.diff.api_surface import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    Param,
    Signature,
    Symbol,
    open_enums_erased,
    public_surface,
    split_annotated,
    union_members,
)
from generator.diff.model import Severity
from generator.spec.limits import DEFAULT_LIMITS, Limits

B, C, D = Severity.BREAKING, Severity.COMPATIBLE, Severity.DOCS
_GONE = "code using it fails with ImportError or AttributeError"
_NEW = "a new name; existing code does not use it"

API_RULES: dict[str, tuple[Severity, str]] = {
    **{f"{kind}-added": (C, _NEW) for kind in ("module", "class", "function", "method", "property", "attribute")},
    **{f"{kind}-added": (C, _NEW) for kind in ("variable", "import")},
    "field-added": (C, "a new model field with a default; constructor calls without it still work"),
    "field-added-required": (B, "a new model field without a default: constructor calls without it fail"),
    **{
        f"{kind}-removed": (B, _GONE)
        for kind in ("module", "class", "function", "method", "property", "field", "attribute", "variable", "import")
    },
    "kind-changed": (B, "the name now stands for another kind of thing (e.g. a method became a property)"),
    "reexport-changed": (B, "the re-exported name now refers to another object"),
    "base-added": (C, "isinstance checks against the old bases still hold"),
    "base-removed": (B, "isinstance checks and inherited members of that base are gone"),
    "field-became-required": (B, "constructor calls without the field fail"),
    "field-became-optional": (C, "constructor calls with the field still work"),
    "field-annotation-changed": (B, "code typed against the old annotation may no longer type-check"),
    "open-enum-values-changed": (
        C,
        "an open enum (known strings in a Literal, or any string) accepts every string before and after",
    ),
    "field-constraints-changed": (
        C,
        "same Python type; only the validation metadata changes (the spec-level diff classifies each constraint)",
    ),
    "field-default-changed": (C, "values are accepted as before; only what an omitted field means changes"),
    "annotation-changed": (B, "code typed against the old annotation may no longer type-check"),
    "property-type-changed": (B, "code reading the property may get values of another type"),
    "property-type-narrowed": (C, "the property returns a subset of the types readers already handle"),
    "value-changed": (C, "the name still exists; only its value changes"),
    "async-changed": (B, "callers await (or stop awaiting) the result"),
    "binding-changed": (B, "instance/class/static method: how it is called changes"),
    "overloads-changed": (B, "the typed call forms change"),
    "return-annotation-changed": (B, "code using the result may no longer type-check"),
    "return-annotation-narrowed": (C, "the result is one of the types callers already handle"),
    "parameter-added": (C, "a new optional parameter"),
    "parameter-added-required": (B, "existing calls lack the new required argument"),
    "parameter-removed": (B, "callers passing it get a TypeError"),
    "parameter-became-required": (B, "calls omitting it now fail"),
    "parameter-became-optional": (C, "calls passing it still work"),
    "parameter-became-keyword-only": (B, "callers passing it by position get a TypeError"),
    "parameter-became-positional-only": (B, "callers passing it by keyword get a TypeError"),
    "parameter-kind-relaxed": (C, "it can now be passed by position and by keyword; existing calls still work"),
    "parameter-kind-changed": (B, "how it can be passed changes"),
    "parameter-moved": (B, "callers passing it by position pass another argument"),
    "parameter-annotation-changed": (B, "values callers pass may no longer type-check"),
    "parameter-annotation-widened": (C, "every value accepted before still is"),
    "parameter-default-changed": (C, "calls still work; only what an omitted argument means changes"),
    "docstring-changed": (D, "prose only"),
}


@dataclass(frozen=True)
class ApiChange:
    """One change of the generated package's public API."""

    kind: str
    severity: Severity
    symbol: str
    message: str

    def sort_key(self) -> tuple[int, str, str, str]:
        """Severity, then symbol, kind and message."""
        return (self.severity.rank, self.symbol, self.kind, self.message)

    def to_json(self) -> dict[str, str]:
        """The change as a JSON object."""
        return {"kind": self.kind, "severity": self.severity.value, "symbol": self.symbol, "message": self.message}


@dataclass(frozen=True)
class ApiComparison:
    """The API changes between two generated packages, or why they were not compared (``skipped``)."""

    package: str
    changes: tuple[ApiChange, ...] = ()
    skipped: str = ""

    @property
    def breaking(self) -> bool:
        """Whether any change is breaking."""
        return any(change.severity is Severity.BREAKING for change in self.changes)


def diff_api(old_files: Mapping[str, str], new_files: Mapping[str, str], package: str) -> list[ApiChange]:
    """Changes of ``package``'s public API from ``old_files`` to ``new_files`` (``Generated.files``-like dicts)."""
    return compare_surfaces(public_surface(old_files, package), public_surface(new_files, package))


def compare_generated(old_files: Mapping[str, str], new_files: Mapping[str, str], package: str) -> ApiComparison:
    """:func:`diff_api` as an :class:`ApiComparison`; unparsable code or a missing package is a skip reason."""
    for label, files in (("old", old_files), ("new", new_files)):
        if not any(path.startswith(f"{package}/") for path in files):
            return ApiComparison(package, skipped=f"the {label} side has no package {package!r}")
    try:
        return ApiComparison(package, tuple(diff_api(old_files, new_files, package)))
    except SyntaxError as exc:
        return ApiComparison(package, skipped=f"cannot parse {exc.filename}: {exc.msg} (line {exc.lineno})")


def compare_specs(
    old: Path, new: Path, package: str, limits: Limits = DEFAULT_LIMITS, root: Path | None = None
) -> ApiComparison:
    """Generate a client from each spec (in memory) and compare them; a failed generation is a skip reason."""
    from generator.pipeline import Options, generate

    sides: list[dict[str, str]] = []
    for label, path in (("old", old), ("new", new)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sides.append(
                    generate(path, Options(package=package, spec_name=path.name, spec_root=root), limits).files
                )
        except SpecInputError as exc:
            return ApiComparison(package, skipped=f"cannot generate a client from the {label} spec: {exc.message}")
        except RecursionError:
            return ApiComparison(package, skipped=f"cannot generate a client from the {label} spec: nested too deeply")
        except Exception as exc:  # generation of arbitrary specs may hit unsupported constructs
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            return ApiComparison(package, skipped=f"cannot generate a client from the {label} spec: {reason}")
    return compare_generated(sides[0], sides[1], package)


def compare_surfaces(old: Mapping[str, Symbol], new: Mapping[str, Symbol]) -> list[ApiChange]:
    """Every change from ``old`` to ``new`` surface, sorted; children of added/removed symbols are implied."""
    removed = set(old) - set(new)
    added = set(new) - set(old)
    changes: list[ApiChange] = []
    for path in sorted(removed):
        if not _implied(path, old, removed):
            changes.append(_change(f"{old[path].kind}-removed", path, f"{old[path].kind} removed"))
    for path in sorted(added):
        if not _implied(path, new, added):
            changes.extend(_added(new[path], _parent(path) in old))
    for path in sorted(set(old) & set(new)):
        changes.extend(_compare(old[path], new[path]))
    return sorted(changes, key=ApiChange.sort_key)


def _parent(path: str) -> str:
    return path.rpartition(".")[0]


def _implied(path: str, symbols: Mapping[str, Symbol], group: set[str]) -> bool:
    """A member of a class/module that is itself added or removed is not reported separately."""
    return symbols[path].kind != "module" and _parent(path) in group


def _change(kind: str, symbol: str, message: str) -> ApiChange:
    return ApiChange(kind, API_RULES[kind][0], symbol, message)


def _added(symbol: Symbol, in_existing_parent: bool) -> Iterator[ApiChange]:
    if symbol.kind == "field" and not symbol.has_default and in_existing_parent:
        yield _change("field-added-required", symbol.path, f"required field added: {symbol.annotation}")
        return
    detail = f": {symbol.annotation}" if symbol.kind == "field" and symbol.annotation else ""
    yield _change(f"{symbol.kind}-added", symbol.path, f"{symbol.kind} added{detail}")


def _compare(old: Symbol, new: Symbol) -> Iterator[ApiChange]:
    path = new.path
    if old.kind != new.kind:
        yield _change("kind-changed", path, f"{old.kind} -> {new.kind}")
        return
    if old.doc != new.doc:
        yield _change("docstring-changed", path, f"{new.kind} docstring changed")
    if new.kind == "class":
        for base in old.bases:
            if base not in new.bases:
                yield _change("base-removed", path, f"base {base} removed")
        for base in new.bases:
            if base not in old.bases:
                yield _change("base-added", path, f"base {base} added")
    elif new.kind in ("function", "method") and old.signature and new.signature:
        yield from _compare_signatures(path, old, new)
    elif new.kind == "property" and old.annotation != new.annotation:
        narrowed = union_members(new.annotation) <= union_members(old.annotation)
        kind = "property-type-narrowed" if narrowed else "property-type-changed"
        if open_enums_erased(old.annotation) == open_enums_erased(new.annotation):
            kind = "open-enum-values-changed"
        yield _change(kind, path, f"type {old.annotation} -> {new.annotation}")
    elif new.kind == "field":
        yield from _compare_field(path, old, new)
    elif new.kind in ("attribute", "variable"):
        if old.annotation != new.annotation:
            yield _change("annotation-changed", path, f"annotation {old.annotation} -> {new.annotation}")
        if old.value != new.value:
            yield _change("value-changed", path, f"value {_short(old.value)} -> {_short(new.value)}")
    elif new.kind == "import" and old.value != new.value:
        yield _change("reexport-changed", path, f"re-exports {old.value} -> {new.value}")


def _compare_field(path: str, old: Symbol, new: Symbol) -> Iterator[ApiChange]:
    (old_type, old_meta), (new_type, new_meta) = split_annotated(old.annotation), split_annotated(new.annotation)
    if old_type != new_type and open_enums_erased(old_type) == open_enums_erased(new_type):
        yield _change("open-enum-values-changed", path, f"type {old_type} -> {new_type}")
    elif old_type != new_type:
        yield _change("field-annotation-changed", path, f"type {old_type} -> {new_type}")
    if old_meta != new_meta:
        yield _change(
            "field-constraints-changed", path, f"constraints {old_meta or '(none)'} -> {new_meta or '(none)'}"
        )
    if old.has_default and not new.has_default:
        yield _change("field-became-required", path, f"default {_short(old.value)} removed")
    elif new.has_default and not old.has_default:
        yield _change("field-became-optional", path, f"default {_short(new.value)} added")
    elif old.value != new.value:
        yield _change("field-default-changed", path, f"default {_short(old.value)} -> {_short(new.value)}")


def _short(text: str | None, limit: int = 80) -> str:
    if text is None:
        return "(none)"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _compare_signatures(path: str, old_symbol: Symbol, new_symbol: Symbol) -> Iterator[ApiChange]:
    old, new = old_symbol.signature, new_symbol.signature
    assert old is not None and new is not None
    if old.is_async != new.is_async:
        yield _change("async-changed", path, "became async" if new.is_async else "no longer async")
    if old.binding != new.binding:
        yield _change("binding-changed", path, f"{old.binding} method -> {new.binding} method")
    if old_symbol.overloads != new_symbol.overloads:
        yield _change(
            "overloads-changed", path, f"{len(old_symbol.overloads)} -> {len(new_symbol.overloads)} overloads"
        )
    if old.returns != new.returns:
        narrowed = union_members(new.returns) <= union_members(old.returns)
        kind = "return-annotation-narrowed" if narrowed else "return-annotation-changed"
        if open_enums_erased(old.returns) == open_enums_erased(new.returns):
            kind = "open-enum-values-changed"
        yield _change(kind, path, f"returns {old.returns} -> {new.returns}")
    yield from _compare_params(path, old, new)


def _compare_params(path: str, old: Signature, new: Signature) -> Iterator[ApiChange]:
    old_params = {p.name: p for p in old.params}
    new_params = {p.name: p for p in new.params}
    for name in old_params:
        if name not in new_params:
            yield _change("parameter-removed", f"{path}({name})", f"parameter {name!r} removed")
    for name, param in new_params.items():
        if name not in old_params:
            kind = "parameter-added-required" if param.required else "parameter-added"
            yield _change(kind, f"{path}({name})", f"parameter {name!r} added: {_describe(param)}")
    for name in old_params.keys() & new_params.keys():
        yield from _compare_param(f"{path}({name})", old_params[name], new_params[name])
    old_positions = {p.name: i for i, p in enumerate(p for p in old.params if p.positional)}
    new_positions = {p.name: i for i, p in enumerate(p for p in new.params if p.positional)}
    for name, index in old_positions.items():
        if name in new_positions and new_positions[name] != index:
            where = f"position {index + 1} -> {new_positions[name] + 1}"
            yield _change("parameter-moved", f"{path}({name})", f"parameter {name!r} moved: {where}")


def _describe(param: Param) -> str:
    text = f"{param.kind} {param.annotation or '(no annotation)'}"
    return text + (f" = {param.default}" if param.default is not None else "")


_RELAXED = {(KEYWORD_ONLY, POSITIONAL_OR_KEYWORD), (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)}


def _compare_param(symbol: str, old: Param, new: Param) -> Iterator[ApiChange]:
    name = new.name
    if old.kind != new.kind:
        if (old.kind, new.kind) in _RELAXED:
            kind = "parameter-kind-relaxed"
        elif new.kind == KEYWORD_ONLY and old.kind == POSITIONAL_OR_KEYWORD:
            kind = "parameter-became-keyword-only"
        elif new.kind == POSITIONAL_ONLY and old.kind == POSITIONAL_OR_KEYWORD:
            kind = "parameter-became-positional-only"
        else:
            kind = "parameter-kind-changed"
        yield _change(kind, symbol, f"parameter {name!r}: {old.kind} -> {new.kind}")
    if old.required and not new.required:
        yield _change("parameter-became-optional", symbol, f"parameter {name!r}: default {new.default} added")
    elif new.required and not old.required:
        yield _change("parameter-became-required", symbol, f"parameter {name!r}: default {old.default} removed")
    elif old.default != new.default:
        yield _change(
            "parameter-default-changed", symbol, f"parameter {name!r}: default {old.default} -> {new.default}"
        )
    if old.annotation != new.annotation:
        widened = union_members(old.annotation) <= union_members(new.annotation)
        kind = "parameter-annotation-widened" if widened else "parameter-annotation-changed"
        if open_enums_erased(old.annotation) == open_enums_erased(new.annotation):
            kind = "open-enum-values-changed"
        yield _change(kind, symbol, f"parameter {name!r}: {old.annotation} -> {new.annotation}")
