"""Plan the models: which schemas are classes, their names, members and checks.

Every object schema with properties is a class: each component, each inline request or
response body, each inline object inside them (hoisted, see :mod:`.names`). ``allOf`` members
are merged into one class (no inheritance). A class read from responses is lenient: its string
enums are open and its discriminated unions keep variants the client does not know, in an
``Unknown...`` class. What a type cannot say is a check on the class: cross-field invariants,
groups of members of which one must be given, accepted spellings of constants.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.ir.checks import checks
from generator.ir.models.convert import Context, Converter
from generator.ir.models.names import fallback_name, hoisted_name, name_level, name_roots
from generator.ir.models.rename import placeholder, rename_class, rename_node
from generator.ir.models.unions import UnionChooser
from generator.ir.notices import notice
from generator.ir.typetree import (
    AnyValue,
    ConstantAliases,
    Default,
    Discriminator,
    Group,
    ModelClass,
    ModelField,
    ModelPlan,
    Scalar,
    TypeNode,
)
from generator.naming import RESERVED_CLASS_NAMES, field_name, resolve_collisions
from generator.runtime.client._checks import CheckError, check
from generator.spec import facts
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.refs import local_target

_DESCRIPTION_CONTROL = frozenset(chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, 0x85, 0x2028, 0x2029))


@dataclass
class _Pending:
    """A class to build: its schema, where it is, whether it is read from responses."""

    pointer: str
    schema: dict[str, Any]
    lenient: bool
    owner: str = ""  # the class it was hoisted from
    wanted: str = ""


@dataclass
class ModelPlanner:
    """Collects the roots (bodies), then plans every class."""

    spec: Spec
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _roots: dict[str, tuple[Any, str, str]] = field(default_factory=dict)  # pointer -> (schema, name, direction)
    _names: dict[str, str] = field(default_factory=dict)  # pointer -> class name (placeholders while planning)
    _classes: dict[str, ModelClass] = field(default_factory=dict)
    _pending: list[_Pending] = field(default_factory=list)
    _taken: set[str] = field(default_factory=set)
    _responses: set[str] = field(default_factory=set)
    _requests: set[str] = field(default_factory=set)
    _cut: dict[str, str] = field(default_factory=dict)
    unenforced: set[str] = field(default_factory=set)  # discriminators the models do not use (by shape)
    _types: dict[str, TypeNode] = field(default_factory=dict)  # bodies that are no class

    def __post_init__(self) -> None:
        self.converter = Converter(self)
        self.unions = UnionChooser(self)

    # ---------------------------------------------------------------- reporting

    def warn(self, pointer: str, rule: str, message: str) -> None:
        """Something generated approximately (fails --strict)."""
        self.diagnostics.append(notice(self.spec, rule, Severity.WARNING, message, pointer))

    def note(self, pointer: str, rule: str, message: str) -> None:
        """A choice made where the spec is wrong or vague (does not fail --strict)."""
        self.diagnostics.append(notice(self.spec, rule, Severity.INFO, message, pointer))

    def note_once(self, pointer: str, rule: str, message: str) -> None:
        """A note at ``pointer`` unless one was given there already (a schema may be converted twice)."""
        if not any(d.rule == rule and d.pointer == pointer for d in self.diagnostics):
            self.note(pointer, rule, message)

    def recursive(self, target: str, owner: str) -> None:
        """A non-object component that refers to itself without an object in between."""
        self._cut.setdefault(target, owner)

    # ---------------------------------------------------------------- roots

    def add_root(self, pointer: str, schema: Any, name: str, direction: str) -> None:
        """An inline body schema (``direction``: request, response or stream) named after ``name``."""
        self._roots[pointer] = (schema, name, direction)

    def class_of(self, pointer: str) -> str | None:
        """The class of the schema at ``pointer``, when it is one."""
        return self._names.get(pointer)

    def is_object(self, schema: Any) -> bool:
        """An object with named properties (its own, or merged from ``allOf``): a class."""
        if not isinstance(schema, dict):
            return False
        if facts.declares_properties(schema):
            return True
        members = schema.get("allOf")
        if not isinstance(members, list) or not members:
            return False
        real = [m for m in members if not (isinstance(m, dict) and set(m) <= facts.ANNOTATIONS | {"nullable"})]
        if len(real) == 1 and not any(k in schema for k in ("properties", "required", "additionalProperties")):
            return False
        return bool(facts.object_parts(self.spec, schema, "").properties)

    # ---------------------------------------------------------------- planning

    def plan(self) -> ModelPlan:
        """Every class, named and built."""
        self._direction()
        wanted: dict[str, str] = {}
        found: dict[str, tuple[dict[str, Any], bool]] = {}
        components = self.spec.data.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        for key, schema in (schemas if isinstance(schemas, dict) else {}).items():
            pointer = jp.join(["components", "schemas", key])
            if self.is_object(schema):
                wanted[pointer] = self.spec.extensions.names.get(pointer, str(key))
                found[pointer] = (schema, self._lenient(pointer))
        for pointer, (schema, name, direction) in self._roots.items():
            if self.is_object(schema) and pointer not in found:
                wanted[pointer] = name
                found[pointer] = (schema, direction != "request")
        self._names.update(name_roots(wanted))
        self._taken.update(self._names.values())
        for pointer, (schema, _, direction) in sorted(self._roots.items()):
            if pointer not in found:  # a body that is no class: its type (inline objects in it are hoisted)
                context = Context(owner="", lenient=direction != "request")
                self._types[pointer] = self.converter.convert(schema, pointer, context)
        level = [_Pending(p, found[p][0], found[p][1]) for p in sorted(found, key=lambda p: self._names[p])]
        level.extend(self._name_hoisted())
        while level:
            for pending in level:
                self._build(pending)
            level = self._name_hoisted()
        return self._finish()

    def _direction(self) -> None:
        """Which components requests and responses reach (a class read from responses is lenient)."""
        found = sorted(
            (reference.holder, "/".join(target.split("/")[:4]))
            for reference in self.spec.index.refs
            if (target := local_target(reference.ref)) is not None
        )
        holders = [holder for holder, _ in found]
        for pointer, (_, _, direction) in self._roots.items():
            # the references held at the root or below it: one run of the sorted holders ("/" < "0")
            start, end = bisect_left(holders, pointer), bisect_left(holders, pointer + "0")
            targets = {t for holder, t in found[start:end] if holder == pointer or holder[len(pointer)] == "/"}
            if pointer.startswith("/components/"):
                targets.add(pointer)
            (self._requests if direction == "request" else self._responses).update(targets)
        self._requests = self.spec.graph.reachable(self._requests)
        self._responses = self.spec.graph.reachable(self._responses)

    def _lenient(self, pointer: str) -> bool:
        component = "/".join(pointer.split("/")[:4])
        return component in self._responses or component not in self._requests

    def is_lenient(self, pointer: str) -> bool:
        """Whether the class of the schema at ``pointer`` is read from responses (open enums)."""
        return self._lenient(pointer) if pointer.startswith("/components/") else True

    def hoist(self, pointer: str, schema: dict[str, Any], context: Context) -> str:
        """A class for the inline object at ``pointer`` (named when its level is done)."""
        name = placeholder(pointer)
        if pointer not in self._names:
            self._names[pointer] = name
            self._pending.append(_Pending(pointer, schema, context.lenient, context.owner, hoisted_name(pointer)))
        return self._names[pointer]

    def _name_hoisted(self) -> list[_Pending]:
        pending, self._pending = self._pending, []
        if not pending:
            return []
        wanted = {p.pointer: (p.wanted, p.owner + p.wanted) for p in pending}
        names = name_level(wanted, self._taken)
        self._names.update(names)
        return sorted(pending, key=lambda p: names[p.pointer])

    # ---------------------------------------------------------------- classes

    def _build(self, pending: _Pending) -> None:
        name = self._names[pending.pointer]
        schema, pointer = pending.schema, pending.pointer
        context = Context(owner=name, lenient=pending.lenient)
        parts = facts.object_parts(self.spec, schema, pointer)
        python = _field_names(list(parts.properties), self._taken)
        members = []
        for wire, (raw, where) in parts.properties.items():
            field_context = Context(owner=name, lenient=pending.lenient, field=wire)
            kind = self.converter.convert(raw, where, field_context)
            required = wire in parts.required
            members.append(
                ModelField(
                    name=python[wire],
                    wire=wire,
                    type=kind,
                    required=required,
                    default=self._default(raw, where, kind, required),
                    description=_doc(raw, self.spec, self._names),
                )
            )
        extra = schema.get("additionalProperties")
        extra_type = None
        forbid = extra is False and not pending.lenient
        if isinstance(extra, dict) and extra:
            extra_type = self.converter.convert(extra, jp.child(pointer, "additionalProperties"), context)
        self._classes[name] = ModelClass(
            name=name,
            pointer=pointer,
            description=_text(schema.get("description")),
            fields=tuple(members),
            extra="forbid" if forbid else "allow",
            extra_type=extra_type,
            lenient=pending.lenient,
            invariants=self.spec.extensions.invariants.get(pointer, ()),
            groups=_groups(self.spec, schema, parts),
            aliases=self._aliases(parts.properties),
        )

    def _default(self, raw: Any, where: str, kind: TypeNode, required: bool) -> Default | None:
        if not isinstance(raw, dict) or "default" not in raw or required:
            return None
        value = raw["default"]
        if value is None:
            return None
        if not _fits(self.spec, raw, value):
            self.note(
                jp.child(where, "default"), "default-ignored", f"default {value!r} does not fit the schema; not used"
            )
            return None
        return Default(value)

    def _aliases(self, properties: dict[str, tuple[Any, str]]) -> tuple[ConstantAliases, ...]:
        found = []
        for wire, (raw, where) in properties.items():
            aliases = self.spec.extensions.aliases.get(where)
            constant = facts.constant(self.spec.resolve(raw))
            if aliases and constant is not None and isinstance(constant[0], str):
                found.append(ConstantAliases(wire, tuple((alias, constant[0]) for alias in aliases)))
        return tuple(found)

    def argument_type(self, schema: Any, pointer: str) -> TypeNode:
        """The type of a value a client sends that is no model member (a parameter, a form field, a
        whole body): classes by reference, inline objects as maps (nothing is hoisted once planned)."""
        return self.converter.convert(schema, pointer, Context(owner="", lenient=False, hoist=False))

    def fallback(self, owner: str, field: str, tag: str) -> str:
        """The class of an open union's unknown variants: the tag, and every member kept."""
        name = fallback_name(owner, field, self._taken)
        member = ModelField(name=field_name(tag), wire=tag, type=Scalar("string"), required=True)
        description = "A variant this client does not know yet; every member it has is kept."
        self._classes[name] = ModelClass(name, "", description, (member,), "allow", None, True)
        self._names[f"#fallback/{name}"] = name
        return name

    def discriminator(
        self, schema: dict[str, Any], pointer: str, variants: list[Any], types: tuple[TypeNode, ...], context: Context
    ) -> Discriminator | None:
        """How the variants of a union are told apart (None: by shape)."""
        return self.unions.choose(schema, pointer, variants, types, context)

    # ---------------------------------------------------------------- the plan

    def _finish(self) -> ModelPlan:
        final = dict(self._names)
        renames = {placeholder(p): n for p, n in final.items()}
        taken = set(self._classes)
        classes = tuple(_unshadowed(rename_class(c, renames), taken) for _, c in sorted(self._classes.items()))
        for target, owner in sorted(self._cut.items()):
            self.warn(
                target,
                "model-approximated",
                f"{target.rsplit('/', 1)[-1]!r} refers to itself without an object in between: "
                f"its nested levels accept any value (in {renames.get(owner, owner)})",
            )
        types = {pointer: rename_node(node, renames) for pointer, node in self._types.items()}
        return ModelPlan(
            unenforced=frozenset(self.unenforced),
            classes=classes,
            class_for_pointer={p: n for p, n in final.items() if not p.startswith("#")},
            types=types,
        )


def _groups(spec: Spec, schema: dict[str, Any], parts: facts.ObjectParts) -> tuple[Group, ...]:
    groups = []
    if parts.alternatives:
        members = tuple(sorted(tuple(sorted(a)) for a in parts.alternatives))
        groups.append(Group("exactly" if parts.exclusive else "at_least", members))
    excluded = spec.resolve(schema.get("not"))
    if facts.lists_only_required(excluded):
        groups.append(Group("not_all", (tuple(str(n) for n in excluded["required"]),)))
    return tuple(groups)


# Names a class body or its annotations use: a member of that name would hide them (pydantic reads a
# member's annotation with the class's own names first).
_TAKEN_BY_ANNOTATIONS = RESERVED_CLASS_NAMES | {"str", "int", "float", "bool", "list", "dict", "bytes", "None"}


def _field_names(wires: list[str], classes: set[str]) -> dict[str, str]:
    """Member names: snake_case, unique in the class, hiding no name its annotations use."""
    avoid = _TAKEN_BY_ANNOTATIONS | classes
    wanted = {}
    for wire in wires:
        name = field_name(wire)
        wanted[wire] = f"{name}_" if name in avoid else name
    return resolve_collisions(wanted, {wire: f"{name}_" for wire, name in wanted.items()})


def _unshadowed(model: ModelClass, classes: set[str]) -> ModelClass:
    """``model`` with members renamed where they would hide a class named after them later."""
    if not any(member.name in classes for member in model.fields):
        return model
    names = _field_names([member.wire for member in model.fields], classes)
    return replace(model, fields=tuple(replace(m, name=names[m.wire]) for m in model.fields))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c not in _DESCRIPTION_CONTROL)


def _doc(raw: Any, spec: Spec, classes: dict[str, str]) -> str:
    """A member's description: its own (beside a reference too), else that of the non-object
    component it refers to (whose type it takes; a class has its own docstring)."""
    if not isinstance(raw, dict):
        return ""
    if isinstance(raw.get("description"), str):
        # An inline object's description is its class's docstring, not repeated on the member.
        return "" if facts.declares_properties(raw) else _text(raw["description"])
    target = local_target(raw.get("$ref"))
    if target is None or target in classes:
        return ""
    found = spec.get(target)
    return _text(found.get("description")) if isinstance(found, dict) else ""


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _fits(spec: Spec, schema: dict[str, Any], default: Any) -> bool:
    """Whether a schema's ``default`` has a type (and enum value) the schema allows."""
    kinds = facts.declared_types(spec.resolve(schema)) if "$ref" in schema else facts.declared_types(schema)
    if kinds:
        allowed = tuple(t for k in kinds for t in _JSON_TYPES.get(k, (object,)))
        if isinstance(default, bool) and "boolean" not in kinds:
            return False
        if not isinstance(default, allowed):
            return False
    values = schema.get("enum")
    if isinstance(values, list) and default not in values:
        return False
    if isinstance(default, dict):  # an object default lacking a required member (kubernetes' PodSpec {})
        resolved = spec.resolve(schema)
        required = facts.object_parts(spec, resolved, "").required if isinstance(resolved, dict) else set()
        if not set(required) <= set(default):
            return False
    try:  # its bounds, lengths, patterns, items (svix's featureFlags: default [] under minItems 1)
        check(default, checks(spec, schema))
    except CheckError:
        return False
    return True


__all__ = ["AnyValue", "ModelPlanner"]
