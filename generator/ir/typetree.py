"""The types of the IR: a tree any target language can spell, and the model classes built from it.

Nothing here is Python syntax: ``UnionOf((ModelRef("A"), NullValue()))`` is "an A or null",
which the Python renderer spells ``A | None`` and another renderer may spell otherwise.
Constraints are JSON Schema's, by name; invariants are expression trees
(:class:`generator.spec.invariants.Invariant`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Literal

from generator.spec.invariants import Invariant

Number = int | float
JsonScalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Constraints:
    """JSON Schema validation keywords a value must meet (None: not constrained)."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: Number | None = None
    maximum: Number | None = None
    exclusive_minimum: Number | None = None
    exclusive_maximum: Number | None = None
    multiple_of: Number | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool | None = None
    min_properties: int | None = None
    max_properties: int | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    def items(self) -> list[tuple[str, Any]]:
        """The set constraints as (name, value), in declaration order."""
        return [(f.name, getattr(self, f.name)) for f in fields(self) if getattr(self, f.name) is not None]


NO_CONSTRAINTS = Constraints()
ScalarKind = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True, slots=True)
class Scalar:
    """A string, integer, number or boolean; ``format`` only where it changes the value's type
    (``date-time``, ``date``, ``time``, ``duration``)."""

    kind: ScalarKind
    format: str | None = None
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True, slots=True)
class AnyValue:
    """Any JSON value."""


@dataclass(frozen=True, slots=True)
class NullValue:
    """``null`` (a member of a union: "or null")."""


@dataclass(frozen=True, slots=True)
class BinaryValue:
    """Raw bytes (a body sent as it is)."""


@dataclass(frozen=True, slots=True)
class FileValue:
    """A file to upload (multipart): its bytes, an open file or a path."""


@dataclass(frozen=True, slots=True)
class ArrayOf:
    """A list of ``items``."""

    items: TypeNode
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True, slots=True)
class MapOf:
    """An object used as a map: any member names (``keys`` constrains them), values of one type."""

    values: TypeNode
    keys: Scalar = Scalar("string")
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True, slots=True)
class EnumOf:
    """One of ``values``; ``open`` also accepts any other value of their type (responses: a value
    added upstream later must not break a reader)."""

    values: tuple[JsonScalar, ...]
    open: bool = False


@dataclass(frozen=True, slots=True)
class ConstOf:
    """Exactly ``value``."""

    value: JsonScalar


@dataclass(frozen=True, slots=True)
class ModelRef:
    """An object of the model class ``name``."""

    name: str


@dataclass(frozen=True, slots=True)
class AliasRef:
    """A value of the named type alias ``name`` (a named type that is not an object: recursive
    unions, arrays and maps need one)."""

    name: str


@dataclass(frozen=True, slots=True)
class Discriminator:
    """How a union's object variants are told apart: the value of ``property``.

    ``mapping`` is tag -> model class; ``fallback`` is the class for tags the mapping does not
    know (None: an unknown tag is an error).
    """

    property: str
    mapping: tuple[tuple[str, str], ...]
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class UnionOf:
    """One of ``variants`` (a ``NullValue`` among them: or null); without a discriminator the
    variant is chosen by shape."""

    variants: tuple[TypeNode, ...]
    discriminator: Discriminator | None = None


TypeNode = (
    Scalar
    | AnyValue
    | NullValue
    | BinaryValue
    | FileValue
    | ArrayOf
    | MapOf
    | EnumOf
    | ConstOf
    | ModelRef
    | AliasRef
    | UnionOf
)


def nullable(node: TypeNode) -> TypeNode:
    """``node`` or null."""
    if isinstance(node, (NullValue, AnyValue)):
        return node
    if isinstance(node, UnionOf):
        if any(isinstance(v, NullValue) for v in node.variants):
            return node
        return UnionOf((*node.variants, NullValue()), node.discriminator)
    return UnionOf((node, NullValue()))


def allows_null(node: TypeNode) -> bool:
    """Whether ``null`` is a value of ``node``."""
    if isinstance(node, (NullValue, AnyValue)):
        return True
    if isinstance(node, UnionOf):
        return any(allows_null(v) for v in node.variants)
    if isinstance(node, EnumOf):
        return None in node.values
    return isinstance(node, ConstOf) and node.value is None


@dataclass(frozen=True)
class Default:
    """A member's default value (JSON data)."""

    value: Any


@dataclass(frozen=True)
class ModelField:
    """A member of a model class: its Python name, its name on the wire, its type."""

    name: str
    wire: str
    type: TypeNode
    required: bool
    default: Default | None = None
    description: str = ""


@dataclass(frozen=True)
class Group:
    """Names of members of which ``exactly`` one group, ``at_least`` one, or ``not_all`` of the one
    group must be given (a union of members that only list ``required`` names)."""

    mode: Literal["exactly", "at_least", "not_all"]
    members: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ConstantAliases:
    """Other spellings accepted for the constant of the member ``field`` (its wire name;
    ``x-specgen-aliases``)."""

    field: str
    pairs: tuple[tuple[str, str], ...]  # (alias, canonical)


@dataclass(frozen=True)
class ModelClass:
    """A class: named members, and what values of it must also meet.

    ``extra``: what unknown members do (``allow``: kept, typed by ``extra_type`` when set;
    ``forbid``: an error). ``lenient``: the class is read from responses (open enums, unknown
    union tags kept).
    """

    name: str
    pointer: str
    description: str
    fields: tuple[ModelField, ...]
    extra: Literal["allow", "forbid"] = "allow"
    extra_type: TypeNode | None = None
    lenient: bool = True
    invariants: tuple[Invariant, ...] = ()
    groups: tuple[Group, ...] = ()
    aliases: tuple[ConstantAliases, ...] = ()

    def field_named(self, wire: str) -> ModelField | None:
        """The member whose wire name is ``wire``."""
        return next((f for f in self.fields if f.wire == wire), None)


@dataclass(frozen=True)
class TypeAlias:
    """A named type that is not an object (needed where a type refers to itself)."""

    name: str
    pointer: str
    description: str
    type: TypeNode


@dataclass(frozen=True)
class ModelPlan:
    """Every class and alias of the client, and which class each schema pointer became."""

    classes: tuple[ModelClass, ...] = ()
    aliases: tuple[TypeAlias, ...] = ()
    class_for_pointer: dict[str, str] = field(default_factory=dict)
    types: dict[str, TypeNode] = field(default_factory=dict)  # schema pointer -> its type, for roots used
    unenforced: frozenset[str] = frozenset()  # pointers of discriminators the models do not use (by shape)

    def model(self, name: str) -> ModelClass | None:
        """The class called ``name``."""
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, ModelClass]:
        return {model.name: model for model in self.classes}

    @cached_property
    def names(self) -> frozenset[str]:
        """Every class and alias name."""
        return frozenset(c.name for c in self.classes) | frozenset(a.name for a in self.aliases)

    def field_name(self, model: str, wire: str) -> str:
        """The Python attribute of ``model`` that holds the member ``wire``."""
        found = self.model(model)
        member = found.field_named(wire) if found else None
        return member.name if member else wire
