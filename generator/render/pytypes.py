"""Types of the IR's type tree spelled in Python: model annotations and method argument hints.

Models: ``str``, ``Annotated[str, Field(max_length=5)]``, ``Literal["a", "b"] | str`` (an open
enum), ``list[X]``, ``dict[str, X]``, ``A | B | None``, ``Annotated[A | B, Field(discriminator=
"type")]``. Arguments are what a caller may pass: a model or a plain mapping, any sequence for a
list, any mapping for a map. The names each spelling needs are collected for the imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.ir.typetree import (
    AliasRef,
    AnyValue,
    ArrayOf,
    BinaryValue,
    ConstOf,
    Constraints,
    EnumOf,
    FileValue,
    MapOf,
    ModelRef,
    NullValue,
    Scalar,
    TypeNode,
    UnionOf,
)
from generator.render.filters import python_literal
from generator.render.layout import BinOp, Call, Expr, Literal, Name, Subscript

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_FORMATS = {"date-time": "datetime", "date": "date", "time": "time", "duration": "timedelta"}
# JSON Schema constraint -> pydantic Field keyword.
_FIELD_KEYWORDS = {
    "min_length": "min_length",
    "max_length": "max_length",
    "pattern": "pattern",
    "minimum": "ge",
    "maximum": "le",
    "exclusive_minimum": "gt",
    "exclusive_maximum": "lt",
    "multiple_of": "multiple_of",
    "min_items": "min_length",
    "max_items": "max_length",
    "min_properties": "min_length",
    "max_properties": "max_length",
}


def import_order(name: str) -> tuple[int, tuple[tuple[int, int, str], ...], str]:
    """isort's (ruff's) order of imported names: CONSTANTS, then Classes, then functions; within
    each, natural order ignoring case (``Item2`` before ``Item10``, ``Chatkit`` before ``ChatSession``)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    parts = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in _DIGITS.split(name) if part
    )
    return (kind, parts, name)


_DIGITS = re.compile(r"(\d+)")


def from_import_lines(
    module: str, names: list[str], indent: int = 0, *, exploded: bool = False, comment: str = ""
) -> list[str]:
    """``from module import names`` as black writes it at ``indent``: one line when it fits (and
    ``exploded`` asks for no magic trailing comma), else one name a line; ``comment`` ends the first line."""
    pad = " " * indent
    line = f"{pad}from {module} import {', '.join(names)}{comment}"
    if not exploded and len(line) <= 120:
        return [line]
    return [f"{pad}from {module} import ({comment}", *(f"{pad}    {name}," for name in names), f"{pad})"]


@dataclass
class Imports:
    """Names a module needs, by module (``typing``, ``pydantic``, ``datetime``, ``collections.abc``...)."""

    names: dict[str, set[str]] = field(default_factory=dict)
    models: set[str] = field(default_factory=set)
    params: set[str] = field(default_factory=set)  # TypedDicts of request parameters

    def need(self, module: str, name: str) -> None:
        self.names.setdefault(module, set()).add(name)


class Speller:
    """Spells types for one module, recording what it imports."""

    def __init__(
        self, imports: Imports | None = None, *, constraints: bool = True, param_names: dict[str, str] | None = None
    ) -> None:
        self.imports = imports if imports is not None else Imports()
        self.param_names = param_names or {}  # model class -> its TypedDict (what a caller may pass instead)
        self.with_constraints = constraints  # False: what a value is, not what it must meet (responses)

    # ---------------------------------------------------------------- model annotations

    def annotation(self, node: TypeNode) -> Expr:
        """The annotation of a model member of type ``node``."""
        if isinstance(node, UnionOf):
            return self.union(node)
        return self.single(node)

    def single(self, node: TypeNode) -> Expr:
        if isinstance(node, Scalar):
            base = self.scalar(node)
            return self.constrained(base, node.constraints)
        if isinstance(node, AnyValue):
            self.imports.need("typing", "Any")
            return Name("Any")
        if isinstance(node, NullValue):
            return Name("None")
        if isinstance(node, BinaryValue):
            return Name("bytes")
        if isinstance(node, FileValue):
            self.imports.need("._files", "FileInput")
            return Name("FileInput")
        if isinstance(node, ArrayOf):
            base = Subscript(Name("list"), (self.annotation(node.items),))
            return self.constrained(base, node.constraints)
        if isinstance(node, MapOf):
            keys = self.scalar(node.keys)
            keys = self.constrained(keys, node.keys.constraints)
            base = Subscript(Name("dict"), (keys, self.annotation(node.values)))
            return self.constrained(base, node.constraints)
        if isinstance(node, EnumOf):
            return self.enum(node)
        if isinstance(node, ConstOf):
            if node.value is None:
                return Name("None")
            self.imports.need("typing", "Literal")
            return Subscript(Name("Literal"), (Literal(python_literal(node.value)),))
        if isinstance(node, (ModelRef, AliasRef)):
            self.imports.models.add(node.name)
            return Name(node.name)
        return self.union(node)

    def scalar(self, node: Scalar) -> Expr:
        if node.format in _FORMATS:
            name = _FORMATS[node.format]
            self.imports.need("datetime", name)
            return Name(name)
        return Name(_SCALARS[node.kind])

    def constrained(self, base: Expr, constraints: Constraints) -> Expr:
        """``Annotated[base, Field(...)]`` when ``constraints`` are set."""
        if not constraints or not self.with_constraints:
            return base
        self.imports.need("typing", "Annotated")
        found = [(key, value) for key, value in constraints.items() if key in _FIELD_KEYWORDS]
        metadata: list[Expr] = []
        if found:
            self.imports.need("pydantic", "Field")
            keywords = tuple((_FIELD_KEYWORDS[key], Literal(python_literal(value))) for key, value in found)
            metadata.append(Call(Name("Field"), (), keywords))
        if constraints.unique_items:  # no Field keyword: a validator (duplicates compared as JSON)
            self.imports.need("pydantic", "AfterValidator")
            self.imports.need("._validation", "unique_items")
            metadata.append(Call(Name("AfterValidator"), (Name("unique_items"),)))
        return Subscript(Name("Annotated"), (base, *metadata))

    def enum(self, node: EnumOf) -> Expr:
        values = [v for v in node.values if v is not None]
        self.imports.need("typing", "Literal")
        literal: Expr = Subscript(Name("Literal"), tuple(Literal(python_literal(v)) for v in values))
        members: list[Expr] = [literal]
        if node.open:
            members.append(Name("str"))
        if len(values) != len(node.values):
            members.append(Name("None"))
        return members[0] if len(members) == 1 else BinOp("|", tuple(members))

    def union(self, node: TypeNode) -> Expr:
        assert isinstance(node, UnionOf)
        null = any(isinstance(v, NullValue) for v in node.variants)
        variants = [v for v in node.variants if not isinstance(v, NullValue)]
        if node.discriminator is not None and node.discriminator.fallback is not None:
            variants.append(ModelRef(node.discriminator.fallback))  # unknown tags (see the member's validator)
        members = [self.single(v) for v in variants]
        spread: list[Expr] = []
        for member in members:
            spread.extend(member.operands if isinstance(member, BinOp) and member.op == "|" else (member,))
        core: Expr = spread[0] if len(spread) == 1 else BinOp("|", tuple(spread))
        found = node.discriminator
        if found is not None and found.fallback is None and len(spread) > 1:
            self.imports.need("typing", "Annotated")
            self.imports.need("pydantic", "Field")
            keyword = (("discriminator", Literal(python_literal(found.property))),)
            core = Subscript(Name("Annotated"), (core, Call(Name("Field"), (), keyword)))
        if not null:
            return core
        parts = core.operands if isinstance(core, BinOp) and core.op == "|" else (core,)
        return BinOp("|", (*parts, Name("None")))

    # ---------------------------------------------------------------- method arguments

    def argument(self, node: TypeNode) -> Expr:
        """What a caller may pass for a value of type ``node``."""
        members = self._argument_members(node)
        unique: list[Expr] = []
        for member in members:
            if member not in unique:
                unique.append(member)
        if Name("Any") in unique:
            return Name("Any")
        unique.sort(key=lambda m: m == Name("None"))
        return unique[0] if len(unique) == 1 else BinOp("|", tuple(unique))

    def _argument_members(self, node: TypeNode) -> list[Expr]:
        if isinstance(node, UnionOf):
            return [m for v in node.variants for m in self._argument_members(v)]
        if isinstance(node, ModelRef):
            self.imports.models.add(node.name)
            typed = self.param_names.get(node.name)
            if typed is None:
                return [Name(node.name), self._mapping(Name("Any"))]
            self.imports.params.add(typed)
            return [Name(node.name), Name(typed)]
        if isinstance(node, ArrayOf):
            self.imports.need("collections.abc", "Sequence")
            return [Subscript(Name("Sequence"), (self.argument(node.items),))]
        if isinstance(node, MapOf):
            return [self._mapping(self.argument(node.values))]
        if isinstance(node, EnumOf):
            values = [v for v in node.values if v is not None]
            self.imports.need("typing", "Literal")
            found: list[Expr] = [Subscript(Name("Literal"), tuple(Literal(python_literal(v)) for v in values))]
            if node.open:
                found.append(Name("str"))
            if len(values) != len(node.values):
                found.append(Name("None"))
            return found
        if isinstance(node, Scalar):
            return [Name(_SCALARS[node.kind])]  # dates are sent as the text a caller gives
        if isinstance(node, BinaryValue):
            return [Name("bytes")]
        if isinstance(node, FileValue):
            self.imports.need("._files", "FileInput")
            return [Name("FileInput")]
        return [self.single(node)]

    def _mapping(self, value: Expr) -> Expr:
        self.imports.need("collections.abc", "Mapping")
        if value == Name("Any"):
            self.imports.need("typing", "Any")
        return Subscript(Name("Mapping"), (Name("str"), value))
