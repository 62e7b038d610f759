"""What the generated client does not do exactly as the spec says: each construct one notice.

Warnings (``--strict`` fails on them) name schema keywords the models do not check, values
checked only by type and parameter serializations sent another way; information notices name
what has no client code by design (callbacks). Nothing is dropped silently. (Success responses
read as one: :mod:`generator.ir.statuses`; schemes the client cannot send: :mod:`generator.ir.build`.)
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.ir.notices import notice
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.walk import SchemaSite, parameters

# Schema keywords the generated models do not check.
UNCHECKED = {
    "not": "is not checked by the generated models",
    "if": "(a conditional schema) is not checked by the generated models",
    "contains": "is not checked by the generated models",
    "minContains": "is not checked by the generated models",
    "maxContains": "is not checked by the generated models",
    "dependentSchemas": "is not checked by the generated models",
    "dependentRequired": "is not checked by the generated models",
    "dependencies": "is not checked by the generated models",
    "unevaluatedProperties": "is not checked by the generated models",
    "unevaluatedItems": "is not checked by the generated models",
    "prefixItems": "is approximated: each item may have the type of any position",
    "additionalItems": "is not checked by the generated models",
}
# Where a false schema is understood: no more members or items (or `not: false`, no constraint).
_FALSE_SUPPORTED = frozenset({"additionalProperties", "items", "unevaluatedProperties", "unevaluatedItems", "not"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas"})
_STYLES = {
    "query": {None, "form", "deepObject", "spaceDelimited", "pipeDelimited"},
    "header": {None, "simple"},
    "path": {None, "simple"},
}


def approximations(spec: Spec) -> list[Diagnostic]:
    """Every notice of ``spec``, sorted."""
    found = _Notices(spec)
    found.schemas()
    found.operations()
    return sorted(found.notes, key=Diagnostic.sort_key)


class _Notices:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.notes: list[Diagnostic] = []
        self.seen: set[tuple[str, str, str]] = set()

    def warn(self, pointer: str, rule: str, message: str) -> None:
        """Something generated approximately (fails --strict)."""
        self._add(pointer, rule, message, Severity.WARNING)

    def note(self, pointer: str, rule: str, message: str) -> None:
        """Something the client leaves out by design (does not fail --strict)."""
        self._add(pointer, rule, message, Severity.INFO)

    def _add(self, pointer: str, rule: str, message: str, severity: Severity) -> None:
        if (pointer, rule, message) not in self.seen:  # a path-item parameter is seen from each operation
            self.seen.add((pointer, rule, message))
            self.notes.append(notice(self.spec, rule, severity, message, pointer))

    def schemas(self) -> None:
        """Keywords the models do not check, values checked only by type, false schemas."""
        for site in self.spec.index.schemas:
            self.schema(site.schema, site.pointer, _complements_a_sibling(site))
        for pointer in self.spec.index.false_schemas:
            parts = jp.split(pointer)
            keyword = len(parts) >= 2 and parts[-2] not in _SCHEMA_MAPS and not parts[-1].isdigit()
            union_member = len(parts) >= 2 and parts[-2] in ("oneOf", "anyOf") and parts[-1].isdigit()
            if (keyword and parts[-1] in _FALSE_SUPPORTED) or union_member:
                continue
            what = "makes allOf match nothing; generated without it" if "allOf" in parts[-2:-1] else "accepts any value"
            self.warn(pointer, "schema-approximated", f"a false schema (no value is valid) {what}")

    def schema(self, schema: dict[str, Any], pointer: str, complement: bool = False) -> None:
        """``complement``: the schema's ``not`` excludes exactly a sibling union member (nothing lost)."""
        for key, what in UNCHECKED.items():
            value = schema.get(key)
            required_only = key == "not" and isinstance(value, dict) and set(value) == {"required"}
            exact = required_only or (key == "not" and complement)
            if key in schema and not (key in ("uniqueItems", "not") and schema[key] is False) and not exact:
                self.warn(jp.child(pointer, key), "schema-approximated", f"{key!r} {what}")
        for key in ("enum", "const"):
            found = schema.get(key) if key == "enum" else [schema.get(key)] if key in schema else []
            values: list[Any] = found if isinstance(found, list) else []
            inexact = [
                v for v in values if isinstance(v, (dict, list)) or (isinstance(v, float) and not v.is_integer())
            ]
            if inexact:
                shown = ", ".join(sorted({_describe(v) for v in inexact}))
                self.warn(
                    jp.child(pointer, key),
                    "enum-approximated",
                    f"{key} values of type {shown} are checked only by type, not by value",
                )
        members = schema.get("allOf")
        if isinstance(members, list):
            types = {str(m["type"]) for m in members if isinstance(m, dict) and isinstance(m.get("type"), str)}
            if len(types) > 1:
                self.warn(
                    jp.child(pointer, "allOf"),
                    "schema-approximated",
                    f"allOf members of different types ({', '.join(sorted(types))}): no value can be valid; "
                    "generated from one of them",
                )

    def operations(self) -> None:
        """Callbacks (information), several success bodies, parameter serializations."""
        for operation in self.spec.operations:
            if operation.section == "callbacks":
                continue
            callbacks = operation.node.get("callbacks")
            if operation.is_call and isinstance(callbacks, dict) and callbacks:
                self.note(
                    jp.child(operation.pointer, "callbacks"),
                    "callbacks-ignored",
                    "callbacks are requests the API sends: no client code",
                )
            for parameter in parameters(self.spec, operation):
                self.parameter(parameter.node, parameter.declared)

    def parameter(self, parameter: dict[str, Any], pointer: str) -> None:
        name, where = parameter.get("name"), parameter.get("in")
        content = parameter.get("content")
        if isinstance(content, dict) and content:
            media_type = str(next(iter(content)))
            base = media_type.split(";", maxsplit=1)[0].strip().lower()
            if not (base == "application/json" or base.endswith("+json")):
                self.warn(
                    jp.child(pointer, "content"),
                    "parameter-approximated",
                    f"parameter {name!r}: serialized as {media_type}, which the client sends as plain text",
                )
            return
        schema = self.spec.resolve(parameter.get("schema"))
        kind = schema.get("type") if isinstance(schema, dict) else None
        kinds = set(kind) if isinstance(kind, list) else {kind}
        if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
            kinds.add("object")
        style = parameter.get("style")
        if ("object" in kinds or "array" in kinds) and style not in _STYLES.get(str(where), {None}):
            self.warn(
                pointer,
                "parameter-approximated",
                f"{where} parameter {name!r}: style {style!r} is not supported; "
                "the value is sent with the default style",
            )


def _complements_a_sibling(site: SchemaSite) -> bool:
    """``oneOf: [X, {type: T, not: X}]`` (opensearch's ScriptLanguage: the built-in names, or any other
    string): the union is all of T whatever ``not`` excludes, so not checking ``not`` loses nothing."""
    parent = site.parent.schema if site.parent is not None else None
    excluded = site.schema.get("not")
    if site.keyword not in ("oneOf", "anyOf") or not isinstance(parent, dict) or not isinstance(excluded, dict):
        return False
    siblings = parent.get(site.keyword)
    others = [member for member in siblings if member is not site.schema] if isinstance(siblings, list) else []
    return _bare(excluded) in [_bare(o) for o in others] and set(site.schema) <= {"not", "type", *_NOTES}


_NOTES = frozenset({"title", "description", "$comment"})


def _bare(schema: Any) -> Any:
    """A schema without its annotations."""
    return {k: v for k, v in schema.items() if k not in _NOTES} if isinstance(schema, dict) else schema


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    return "mapping"
