"""The test plan: what the generated test suite checks, as frozen data the templates loop over.

Values are plain JSON data (from the spec's examples or synthesized and checked against
the spec's schemas); names of models and methods come from the IR. Built by
:func:`generator.testplan.cases.build_test_plan`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Edit:
    """One change to a JSON instance: set ``path`` to ``value`` (``value * repeat`` when repeat > 0), or remove it.

    An empty path replaces the whole instance.
    """

    path: Path
    value: Any = None
    repeat: int = 0
    remove: bool = False

    @property
    def new_value(self) -> Any:
        """The value put at ``path`` (repetition expanded)."""
        return self.value * self.repeat if self.repeat else copy.deepcopy(self.value)

    def apply(self, instance: Any) -> Any:
        """A copy of ``instance`` with this edit made."""
        if not self.path:
            return self.new_value
        result = copy.deepcopy(instance)
        node = result
        for part in self.path[:-1]:
            node = node[part]
        if self.remove:
            del node[self.path[-1]]
        elif isinstance(node, list) and isinstance(self.path[-1], int) and self.path[-1] == len(node):
            node.append(self.new_value)
        else:
            node[self.path[-1]] = self.new_value
        return result


@dataclass(frozen=True)
class ExampleCase:
    """A JSON value that must validate in ``model`` and survive model -> JSON -> model."""

    model: str
    label: str
    data: Any
    synthesized: bool = False


@dataclass(frozen=True)
class WebhookCase:
    """A webhook body the parser ``function`` must turn into ``model`` (a value of its type when None)
    that dumps back to the same JSON."""

    label: str
    function: str
    model: str | None
    data: Any


@dataclass(frozen=True)
class ConstraintCase:
    """A constraint at its edge: every ``accepted`` edit of the base validates, every ``rejected`` one fails."""

    model: str
    label: str
    keyword: str
    pointer: str  # the schema holding the constraint, in the spec
    base: str  # key into TestPlan.bases
    accepted: tuple[Edit, ...]
    rejected: tuple[Edit, ...]


@dataclass(frozen=True)
class Omission:
    """A constraint the generated suite cannot test, and why."""

    label: str
    reason: str


@dataclass(frozen=True)
class Call:
    """How to call a generated method: ``client.<resource...>.<method>(*positional, **keywords)``."""

    resource: tuple[str, ...]
    method: str
    positional: tuple[str, ...]
    arguments: dict[str, Any]


@dataclass(frozen=True)
class ExpectedRequest:
    """What the client must put on the wire for a call."""

    method: str
    path: str  # URL path, base URL's path included, percent-encoded
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: Any = None
    has_body: bool = False
    form: tuple[str, ...] | None = None  # members of a multipart or form-encoded body (not compared as JSON)


@dataclass(frozen=True)
class Reply:
    """The response the mock transport answers with, and how the client must return it."""

    status: int
    body: Any
    model: str | None
    page_items: str | None = None  # member holding the items of a page (paginated operations)
    item_model: str | None = None
    kind: str = "json"  # json | binary | text | stream | none: what the method returns


@dataclass(frozen=True)
class OperationCase:
    """One call of a generated method: arguments, the expected request, the reply."""

    operation_id: str
    label: str
    call: Call
    request: ExpectedRequest
    reply: Reply
    response_schema: dict[str, Any] | None = None  # JSON Schema of the reply body, for live runs


@dataclass(frozen=True)
class ArgumentCase:
    """A constraint on a method's arguments: accepted edits are sent, rejected ones raise before any I/O."""

    operation_id: str
    label: str
    call: Call
    accepted: tuple[Edit, ...]
    rejected: tuple[Edit, ...]
    reply: Reply


@dataclass(frozen=True)
class TestPlan:
    """Everything the generated tests check, derived from the spec and the IR."""

    __test__ = False  # not a pytest test class

    base_url: str
    credentials: dict[str, str]  # the test client's credentials, by argument name
    examples: tuple[ExampleCase, ...] = ()
    bases: dict[str, Any] = field(default_factory=dict)
    constraints: tuple[ConstraintCase, ...] = ()
    omissions: tuple[Omission, ...] = ()
    operations: tuple[OperationCase, ...] = ()
    arguments: tuple[ArgumentCase, ...] = ()
    schema_document: dict[str, Any] = field(default_factory=dict)  # what response schemas refer to
    webhooks: tuple[WebhookCase, ...] = ()
