"""The operations of a spec, and how the operations of two specs pair up.

Pairing, in order: same method and path; same method and path shape (``/a/{id}`` and
``/a/{a_id}``: only path parameter names differ); same operationId (the path or method
changed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.diff.view import Version
from generator.spec import pointer as jp

_TEMPLATE = re.compile(r"\{([^}/]*)\}")


@dataclass(frozen=True)
class Operation:
    """One operation: method, path, its object and its path item."""

    method: str
    path: str
    data: dict[str, Any]
    item: dict[str, Any]

    @property
    def pointer(self) -> str:
        """Pointer of the operation object."""
        return jp.join(["paths", self.path, self.method])

    @property
    def item_pointer(self) -> str:
        """Pointer of the path item."""
        return jp.join(["paths", self.path])

    @property
    def operation_id(self) -> str | None:
        """The operationId, if any."""
        value = self.data.get("operationId")
        return value if isinstance(value, str) and value else None

    @property
    def title(self) -> str:
        """``METHOD /path``."""
        return f"{self.method.upper()} {self.path}"

    @property
    def name(self) -> str:
        """How reports name the operation: operationId, else ``METHOD /path``."""
        return self.operation_id or self.title

    @property
    def shape(self) -> str:
        """The path with parameter names blanked: ``/a/{}``."""
        return _TEMPLATE.sub("{}", self.path)

    @property
    def path_params(self) -> list[str]:
        """Path parameter names in template order."""
        return _TEMPLATE.findall(self.path)


def list_operations(version: Version) -> list[Operation]:
    """Every operation under ``paths``, in document order."""
    return [Operation(op.method, op.key, op.node, op.path_item) for op in version.spec.operations if op.is_call]


def match_operations(
    old: list[Operation], new: list[Operation]
) -> tuple[list[tuple[Operation, Operation]], list[Operation], list[Operation]]:
    """(pairs, operations only in old, operations only in new)."""
    pairs: list[tuple[Operation, Operation]] = []
    old_left, new_left = list(old), list(new)

    def take(key: Callable[[Operation], object]) -> None:
        index: dict[object, Operation] = {}
        for operation in new_left:
            found = key(operation)
            if found is not None:
                index.setdefault(found, operation)
        for operation in list(old_left):
            found = key(operation)
            partner = index.pop(found, None) if found is not None else None
            if partner is not None and partner in new_left:
                pairs.append((operation, partner))
                old_left.remove(operation)
                new_left.remove(partner)

    take(lambda op: (op.method, op.path))
    take(lambda op: (op.method, op.shape))
    take(lambda op: op.operation_id)
    return pairs, old_left, new_left
