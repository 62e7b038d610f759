"""Two loaded specs -> the sorted list of classified changes."""

from __future__ import annotations

from generator.diff.components import compare_unreached, reached
from generator.diff.endpoint import compare_operation
from generator.diff.model import Change, sort_changes
from generator.diff.operations import list_operations, match_operations
from generator.diff.recorder import Recorder
from generator.diff.toplevel import compare_document
from generator.diff.view import Version
from generator.spec.load import Spec


def diff_specs(old: Spec, new: Spec) -> list[Change]:
    """Every change from ``old`` to ``new``, classified and in report order."""
    before = Version(old, "old")
    after = Version(new, "new")
    old_ops, new_ops = list_operations(before), list_operations(after)
    pairs, removed, added = match_operations(old_ops, new_ops)
    changes: list[Change] = []
    for operation in removed:
        rec = Recorder(operation.name)
        rec.add("operation-removed", operation.pointer, f"{operation.title} removed", side="old")
        changes.extend(rec.changes)
    for operation in added:
        rec = Recorder(operation.name)
        rec.add("operation-added", operation.pointer, f"{operation.title} added")
        changes.extend(rec.changes)
    for old_op, new_op in pairs:
        changes.extend(compare_operation(before, after, old_op, new_op))
    document = Recorder()
    compare_document(document, before, after, pairs)
    compare_unreached(document, before, after, reached(before, old_ops), reached(after, new_ops))
    changes.extend(document.changes)
    return sort_changes(changes)
