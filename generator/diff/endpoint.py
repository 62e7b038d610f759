"""Compare one pair of operations: identity, documentation, extensions, security, then the parts."""

from __future__ import annotations

from typing import Any

from generator.diff.bodies import compare_request_bodies, compare_responses
from generator.diff.model import Change
from generator.diff.operations import Operation
from generator.diff.parameters import compare_parameters
from generator.diff.prose import compare_annotations
from generator.diff.recorder import Recorder
from generator.diff.schemas import SchemaComparer
from generator.diff.servers import compare_servers
from generator.diff.view import Version, shown
from generator.spec import pointer as jp

Requirement = frozenset[str]


def compare_operation(old: Version, new: Version, before: Operation, after: Operation) -> list[Change]:
    """Every change between two paired operations, named after the new one."""
    rec = Recorder(after.name)
    if before.method != after.method:
        rec.add("operation-method-changed", after.pointer, f"method {before.method.upper()} -> {after.method.upper()}")
    if before.shape != after.shape:
        rec.add("operation-path-changed", after.pointer, f"path {before.path} -> {after.path}")
    if before.operation_id != after.operation_id:
        message = f"operationId {before.operation_id or '(none)'} -> {after.operation_id or '(none)'}"
        if after.operation_id is not None:
            rec.add("operation-id-changed", jp.child(after.pointer, "operationId"), message)
        else:
            rec.add("operation-id-changed", jp.child(before.pointer, "operationId"), message, side="old")
    compare_annotations(rec, before.data, before.pointer, after.data, after.pointer, what=after.title)
    for key, kind in (
        ("tags", "tags-changed"),
        ("deprecated", "deprecated-changed"),
        ("callbacks", "callbacks-changed"),
    ):
        old_value, new_value = before.data.get(key), after.data.get(key)
        if old_value != new_value:
            message = f"{after.title}: {key} {shown(old_value)} -> {shown(new_value)}"
            rec.add(kind, jp.child(after.pointer, key) if key in after.data else after.pointer, message)
    _compare_security(rec, old, new, before, after)
    if "servers" in before.data or "servers" in after.data:
        compare_servers(rec, before.data, before.pointer, after.data, after.pointer)
    schemas = SchemaComparer(old, new, rec)
    compare_parameters(schemas, before, after)
    compare_request_bodies(schemas, before, after)
    compare_responses(schemas, before, after)
    return rec.changes


def effective_security(version: Version, operation: Operation) -> list[Requirement] | None:
    """The alternatives of security requirements in force (None: no security at all)."""
    if "security" in operation.data:
        raw: Any = operation.data["security"]
    else:
        raw = version.data.get("security")
    if not isinstance(raw, list):
        return None
    alternatives: list[Requirement] = []
    for requirement in raw:
        if not isinstance(requirement, dict):
            continue
        names: set[str] = set()
        for scheme, scopes in requirement.items():
            names.add(str(scheme))
            if isinstance(scopes, list):
                names.update(f"{scheme}:{scope}" for scope in scopes)
        alternatives.append(frozenset(names))
    return alternatives or None


def _compare_security(rec: Recorder, old: Version, new: Version, before: Operation, after: Operation) -> None:
    old_alts = effective_security(old, before) or [frozenset()]
    new_alts = effective_security(new, after) or [frozenset()]
    if set(old_alts) == set(new_alts):
        return
    # every credential set that satisfied an old alternative must satisfy a new one
    tightened = any(not any(alt <= held for alt in new_alts) for held in old_alts)
    kind = "security-requirement-tightened" if tightened else "security-requirement-relaxed"
    if "security" in after.data:
        pointer = jp.child(after.pointer, "security")
    elif "security" in new.data:
        pointer = "/security"
    else:
        pointer = after.pointer
    rec.add(kind, pointer, f"{after.title}: security {_text(old_alts)} -> {_text(new_alts)}")


def _text(alternatives: list[Requirement]) -> str:
    shown_alts = sorted(" + ".join(sorted(alt)) if alt else "none" for alt in alternatives)
    return " or ".join(shown_alts)
