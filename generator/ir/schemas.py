"""Plan the models: the schemas datamodel-code-generator gets, and what our templates add.

Every class name is decided here (not by datamodel-code-generator): components keep their
``x-specgen-name`` or key; inline object schemas are hoisted into named components, named
after their property and, when that clashes, qualified by their parent — stable by name.
The prepared schemas are OAS 3.1 JSON Schema without vendor extensions or examples, with:
response enums opened (``Literal[...] | str``), response objects open to unknown members,
response unions given a fallback variant, and constraints JSON Schema cannot express
(invariants, "exactly one of", constant aliases) moved to :class:`ModelExtras`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.ir.model import ModelExtras, ModelPlan
from generator.naming import class_name, field_name, resolve_collisions
from generator.spec import pointer as jp
from generator.spec.facts import is_model, lists_only_required
from generator.spec.load import Spec

_DROP_KEYS = frozenset({"example", "examples", "externalDocs", "xml", "title", "$schema", "$id", "$comment"})
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMA_KEYS = ("items", "additionalProperties", "not", "contains", "propertyNames")
# Formats the models keep (as datetime types); every other format is documentation and the value stays a str.
_KEPT_FORMATS = frozenset({"date-time", "date", "time", "duration"})


@dataclass
class _Root:
    pointer: str
    schema: Any
    name: str


@dataclass
class Planner:
    """Collects roots, then prepares every schema for datamodel-code-generator."""

    spec: Spec
    prepared: dict[str, dict[str, Any]] = field(default_factory=dict)
    class_for_pointer: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    refs: dict[str, set[str]] = field(default_factory=dict)
    _extras: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    _inline_roots: list[tuple[str, Any, str]] = field(default_factory=list)

    def warn(self, pointer: str, rule: str, message: str) -> None:
        """Record a warning about something approximated."""
        self.diagnostics.append(Diagnostic(rule, Severity.WARNING, message, self.spec.name, pointer))

    def note(self, pointer: str, rule: str, message: str) -> None:
        """Record a choice made about something the spec gets wrong (not an approximation)."""
        self.diagnostics.append(Diagnostic(rule, Severity.INFO, message, self.spec.name, pointer))

    def add_inline_root(self, pointer: str, schema: Any, wanted: str) -> str:
        """Register an inline operation schema (request or response body); returns its pointer."""
        self._inline_roots.append((pointer, schema, wanted))
        return pointer

    # ---------------------------------------------------------------- naming and hoisting

    def prepare(self) -> None:
        """Name every class and prepare its schema."""
        components = (self.spec.data.get("components") or {}).get("schemas") or {}
        wanted: dict[str, str] = {}
        roots: dict[str, Any] = {}
        for key, schema in components.items():
            pointer = jp.join(["components", "schemas", key])
            wanted[pointer] = class_name(self.spec.extensions.names.get(pointer, key))
            roots[pointer] = schema
        for pointer, schema, name in self._inline_roots:
            wanted[pointer] = class_name(name)
            roots[pointer] = schema
        names = resolve_collisions(wanted, {p: n + "Schema" for p, n in wanted.items()})
        self.class_for_pointer.update(names)
        level = [_Root(p, roots[p], names[p]) for p in sorted(roots, key=lambda p: names[p])]
        while level:
            pending: list[tuple[str, Any, str, str]] = []
            for root in level:
                self.prepared[root.name] = self._prepare_root(root, pending)
            level = self._name_hoisted(pending)

    def _name_hoisted(self, pending: list[tuple[str, Any, str, str]]) -> list[_Root]:
        wanted = {pointer: name for pointer, _, name, _ in pending}
        qualified = {pointer: qualified for pointer, _, _, qualified in pending}
        taken = set(self.prepared) | set(self.class_for_pointer.values())
        for pointer in list(wanted):
            if wanted[pointer] in taken:
                wanted[pointer] = qualified[pointer]
        names = resolve_collisions(wanted, qualified)
        for pointer in sorted(names):
            while names[pointer] in taken:
                names[pointer] += "Model"
            taken.add(names[pointer])
        self.class_for_pointer.update(names)
        schemas = {pointer: schema for pointer, schema, _, _ in pending}
        return [_Root(p, schemas[p], names[p]) for p in sorted(names, key=lambda p: names[p])]

    def _prepare_root(self, root: _Root, pending: list[tuple[str, Any, str, str]]) -> dict[str, Any]:
        self.refs[root.name] = set()
        if not isinstance(root.schema, dict):
            if root.schema is not True:
                self.warn(root.pointer, "schema-not-object", "schema is not a mapping; generated as any value")
            return {}
        prepared: dict[str, Any] = self._walk(root.schema, root.pointer, root.name, pending, top=True)
        return prepared

    def _walk(
        self, schema: Any, where: str, owner: str, pending: list[tuple[str, Any, str, str]], *, top: bool = False
    ) -> Any:
        """A prepared copy of ``schema``: refs renamed, inline objects hoisted, 3.0 -> 3.1."""
        if isinstance(schema, bool):
            return schema
        if not isinstance(schema, dict):
            self.warn(where, "schema-not-object", f"schema must be a mapping, found {type(schema).__name__}; ignored")
            return {}
        schema = _single_all_of(schema)
        if "$ref" in schema and isinstance(schema["$ref"], str):
            return self._ref(schema, where, owner, pending)
        if not top and is_model(schema):
            return self._hoist(schema, where, owner, pending)
        result: dict[str, Any] = {}
        for key, value in schema.items():
            if key in _DROP_KEYS or key.startswith("x-") or key in ("nullable",):
                continue
            if key == "properties" and isinstance(value, dict):
                result[key] = {
                    name: self._walk(sub, jp.child(jp.child(where, key), name), owner, pending)
                    for name, sub in value.items()
                }
            elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
                # allOf members stay inline: datamodel-code-generator merges them into the class
                # (hoisted, they would become base classes whose fields may conflict).
                keep = key == "allOf"
                result[key] = [
                    self._walk(sub, jp.child(jp.child(where, key), i), owner, pending, top=keep)
                    for i, sub in enumerate(value)
                    if not (sub is False and key != "prefixItems")  # matches nothing; the generator refuses it
                ]
            elif key in _SUBSCHEMA_KEYS and isinstance(value, dict):
                result[key] = self._walk(value, jp.child(where, key), owner, pending)
            elif key == "discriminator" and isinstance(value, dict):
                result[key] = self._discriminator(value, where)
            elif key == "default" and value is None:
                continue  # optional members are None when absent anyway; on unions it misleads the generator
            elif key == "default" and not _default_fits(schema, value):
                self.note(
                    jp.child(where, key), "default-ignored", f"default {value!r} does not fit the schema; not used"
                )
                continue
            elif key == "format" and value not in _KEPT_FORMATS:
                continue  # types such as AnyUrl or EmailStr would change values or need extra packages
            elif key == "description" and isinstance(value, str):
                result[key] = _doc_text(value)
            else:
                result[key] = value
        if isinstance(result.get("discriminator"), dict) and not self._discriminable(schema, where):
            del result["discriminator"]
        if isinstance(result.get("discriminator"), dict) and not result["discriminator"].get("mapping"):
            self._infer_mapping(schema, result, where)
        _to_31(schema, result)
        return result

    def _ref(self, schema: dict[str, Any], where: str, owner: str, pending: list[tuple[str, Any, str, str]]) -> Any:
        target = jp.from_fragment(schema["$ref"].partition("#")[2])
        name = self.class_for_pointer.get(target)
        if name is None:
            # A reference below a component: use a copy of the target (guarded against loops).
            try:
                value = jp.resolve(self.spec.data, target)
            except (KeyError, ValueError):
                self.warn(where, "ref-unresolved", f"reference {schema['$ref']!r} not found; generated as any value")
                return {}
            if where.count("/") > 64:
                return {}
            return self._walk(value, where, owner, pending)
        self.refs.setdefault(owner, set()).add(name)
        prepared: dict[str, Any] = {"$ref": f"#/components/schemas/{name}"}
        siblings = {k: _doc_text(v) for k, v in schema.items() if k == "description" and isinstance(v, str)}
        prepared.update(siblings)
        if schema.get("nullable") is True:
            return {"anyOf": [prepared, {"type": "null"}]}
        return prepared

    def _hoist(self, schema: dict[str, Any], where: str, owner: str, pending: list[tuple[str, Any, str, str]]) -> Any:
        base = _hoisted_name(where)
        pending.append((where, schema, class_name(base), owner + class_name(base)))
        # The class name is only known once the level is named: refer by pointer, fixed up later.
        self.refs.setdefault(owner, set()).add(f"pointer:{where}")
        prepared: dict[str, Any] = {"$ref": f"pointer:{where}"}
        if schema.get("nullable") is True:
            return {"anyOf": [prepared, {"type": "null"}]}
        return prepared

    def _infer_mapping(self, original: dict[str, Any], result: dict[str, Any], where: str) -> None:
        """A discriminator without a mapping: map each variant's constant tag values to it.

        OpenAPI would take the schema names as the tag values, which real payloads rarely use;
        the variants' own constants (``const`` or ``enum`` of the tag property) say what is sent.
        When a variant has none, the discriminator is dropped and the union is resolved by shape.
        """
        tag = result["discriminator"].get("propertyName")
        key = "oneOf" if isinstance(original.get("oneOf"), list) else "anyOf"
        found, made = original.get(key), result.get(key)
        variants: list[Any] = found if isinstance(found, list) else []
        prepared: list[Any] = made if isinstance(made, list) else []
        mapping: dict[str, str] = {}
        for variant, converted in zip(variants, prepared, strict=False):
            target = self._resolved(variant)
            values = _tag_values(target, tag) if isinstance(tag, str) else []
            ref = converted.get("$ref") if isinstance(converted, dict) else None
            shared = [value for value in values if mapping.get(value, ref) != ref]
            if not values or not isinstance(ref, str) or shared:
                del result["discriminator"]
                reason = "variants share a tag value" if shared else "a variant has no constant tag"
                self.note(
                    jp.child(where, "discriminator"),
                    "discriminator-by-shape",
                    f"no mapping and {reason}: the union is resolved by shape",
                )
                return
            for value in values:
                mapping[value] = ref
        result["discriminator"] = {**result["discriminator"], "mapping": mapping}

    def _discriminable(self, original: dict[str, Any], where: str) -> bool:
        """Whether every variant of the union, and every mapping target, is an object (a model).

        A discriminator is a property of objects: over strings or arrays the models could not be
        built, so such a union is resolved by shape, with a note.
        """
        variants = [v for key in ("oneOf", "anyOf") if isinstance(original.get(key), list) for v in original[key]]
        mapping = original["discriminator"].get("mapping")
        targets = [
            {"$ref": t if "#" in t else f"#/components/schemas/{t}"}
            for t in (mapping.values() if isinstance(mapping, dict) else [])
            if isinstance(t, str)
        ]
        if not variants:
            self.note(
                jp.child(where, "discriminator"),
                "discriminator-ignored",
                "a discriminator without oneOf or anyOf has nothing to choose between; ignored",
            )
            return False
        problem = ""
        for schema in variants + targets:
            target = self._resolved(schema)
            if schema is False or (target is None and schema in targets):
                continue  # dropped (matches nothing), or a missing mapping target (warned about)
            if not problem and not (isinstance(target, dict) and (_is_object(target) or "allOf" in target)):
                problem = "a variant or mapping target is not an object"
        if problem:
            self.note(
                jp.child(where, "discriminator"), "discriminator-by-shape", f"{problem}: the union is resolved by shape"
            )
        return not problem

    def _resolved(self, schema: Any, depth: int = 0) -> Any:
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and depth < 32:
            try:
                schema = jp.resolve(self.spec.data, jp.from_fragment(schema["$ref"].partition("#")[2]))
            except (KeyError, ValueError):
                return None
            depth += 1
        return schema

    def _discriminator(self, value: dict[str, Any], where: str) -> dict[str, Any]:
        result: dict[str, Any] = {"propertyName": value.get("propertyName")}
        mapping = value.get("mapping")
        if isinstance(mapping, dict):
            renamed = {}
            for tag, target in mapping.items():
                pointer = (
                    jp.from_fragment(target.partition("#")[2])
                    if "#" in str(target)
                    else f"/components/schemas/{target}"
                )
                name = self.class_for_pointer.get(pointer)
                if name is None:
                    self.warn(where, "discriminator-mapping", f"mapping {tag!r} -> {target!r} names no component")
                    continue
                renamed[str(tag)] = f"#/components/schemas/{name}"
            result["mapping"] = renamed
        return result

    # ---------------------------------------------------------------- finishing

    def finish(self, request_roots: set[str], response_roots: set[str]) -> ModelPlan:
        """Fix hoisted references, apply direction-dependent changes, collect extras."""
        for name, schema in self.prepared.items():
            self.prepared[name] = _fix_pointer_refs(schema, self.class_for_pointer)
            self.refs[name] = {
                self.class_for_pointer[r[len("pointer:") :]] if r.startswith("pointer:") else r
                for r in self.refs.get(name, set())
            }
        requests = self._closure(request_roots)
        responses = self._closure(response_roots)
        self._inline_root_like()
        self._drop_unused_aliases(request_roots | response_roots)
        extras: dict[str, ModelExtras] = {}
        originals = self._originals()
        for name in sorted(self.prepared):
            pointer, original = originals.get(name, ("", None))
            collected = _Collected()
            schema = self.prepared[name]
            in_response = name in responses or name not in requests
            if isinstance(original, dict):
                self._invariants(pointer, collected)
                self._aliases(pointer, original, collected)
            field = "" if is_model(schema) else "root"  # a RootModel's value is its field `root`
            finished = self._finish_schema(schema, name, in_response, collected, top=True, prop=field)
            self.prepared[name] = _move_union_constraints(finished, collected)
            if collected.any():
                extras[name] = collected.freeze()
        field_names = {name: _field_names(schema) for name, schema in self.prepared.items()}
        document = {
            "openapi": "3.1.0",
            "info": {"title": "models", "version": "0"},
            "paths": {},
            "components": {"schemas": dict(sorted(self.prepared.items()))},
        }
        return ModelPlan(
            document=document,
            extras=extras,
            class_for_pointer=dict(self.class_for_pointer),
            field_names={name: names for name, names in field_names.items() if names},
        )

    def _inline_root_like(self) -> None:
        """Replace references to non-object components (unions, arrays, maps, scalars) by copies.

        datamodel-code-generator turns such components into RootModel classes and, with
        collapse_root_models, drops the ones other models refer to. Inlining them here keeps
        every class the client names alive and lets direction-dependent changes (open enums
        and unions in responses) apply where each copy is used.
        """
        root_like = {name for name, schema in self.prepared.items() if _is_root_like(schema)}
        if not root_like:
            return
        cut: set[str] = set()
        for name in sorted(self.prepared):
            self.prepared[name] = _inline(self.prepared[name], self.prepared, root_like, (name,), cut)
        for name in sorted(cut):
            pointer = next((p for p, n in sorted(self.class_for_pointer.items()) if n == name), "")
            self.warn(
                pointer,
                "model-approximated",
                f"{name!r} refers to itself without an object in between (a recursive "
                f"{_kind(self.prepared[name])}): its nested levels accept any value",
            )

    def _drop_unused_aliases(self, used: set[str]) -> None:
        """Drop non-object components nothing refers to any more (each use now holds a copy).

        They would only be aliases, and datamodel-code-generator names classes it makes for
        inline unions after their property, which may take such a component's name.
        """
        referenced: set[str] = set()
        for schema in self.prepared.values():
            for node in iter_schemas(schema):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                    referenced.add(ref.rsplit("/", 1)[-1])
                mapping = node.get("mapping")
                if isinstance(mapping, dict):
                    referenced.update(str(t).rsplit("/", 1)[-1] for t in mapping.values())
        for name in sorted(self.prepared):
            if name not in used and name not in referenced and _is_root_like(self.prepared[name]):
                del self.prepared[name]

    def _closure(self, roots: set[str]) -> set[str]:
        seen: set[str] = set()
        stack = list(roots)
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack.extend(self.refs.get(name, ()))
        return seen

    def _originals(self) -> dict[str, tuple[str, Any]]:
        """Each class's schema as the spec has it, and its pointer."""
        result: dict[str, tuple[str, Any]] = {}
        for pointer, name in self.class_for_pointer.items():
            try:
                result[name] = (pointer, jp.resolve(self.spec.data, pointer))
            except (KeyError, ValueError):
                for inline_pointer, schema, _ in self._inline_roots:
                    if inline_pointer == pointer:
                        result[name] = (pointer, schema)
        return result

    def _invariants(self, pointer: str, collected: _Collected) -> None:
        for invariant in self.spec.extensions.invariants.get(pointer, ()):
            collected.invariants.append((invariant.python(lambda n: f"values[{n!r}]"), invariant.message))
            collected.invariant_names.append(invariant.names)

    def _aliases(self, pointer: str, original: dict[str, Any], collected: _Collected) -> None:
        properties = original.get("properties")
        for prop, sub in (properties if isinstance(properties, dict) else {}).items():
            aliases = self.spec.extensions.aliases.get(jp.child(jp.child(pointer, "properties"), prop))
            canonical = sub.get("const", (sub.get("enum") or [None])[0]) if isinstance(sub, dict) else None
            if aliases and isinstance(canonical, str):
                collected.aliases.append((str(prop), tuple((alias, canonical) for alias in aliases)))

    def _finish_schema(
        self, schema: Any, name: str, in_response: bool, collected: _Collected, *, top: bool = False, prop: str = ""
    ) -> Any:
        if not isinstance(schema, dict):
            return schema
        result = dict(schema)
        for key in ("oneOf", "anyOf"):
            members = result.get(key)
            if isinstance(members, list) and members and all(lists_only_required(m) for m in members):
                groups = tuple(tuple(m["required"]) for m in members)
                collected.exclusive.append((key, groups))
                del result[key]
        if lists_only_required(result.get("not")):
            collected.exclusive.append(("not", (tuple(result["not"]["required"]),)))
            del result["not"]
        if in_response and "discriminator" in result and prop:
            self._open_union(result, name, prop, collected)
        open_object = in_response and top and isinstance(result.get("properties"), dict)
        if open_object and result.get("additionalProperties", False) is False:
            result["additionalProperties"] = True  # unknown members of responses are kept
        if top and isinstance(result.get("properties"), dict):
            for prop_name, sub in result["properties"].items():
                bounds = self._member_count_bounds(sub)
                if bounds is not None:
                    collected.member_counts.append((str(prop_name), *bounds))
        if isinstance(result.get("properties"), dict):
            result["properties"] = {
                p: self._finish_schema(s, name, in_response, collected, prop=p) for p, s in result["properties"].items()
            }
        for key in ("allOf", "anyOf", "oneOf"):
            if isinstance(result.get(key), list):
                result[key] = [self._finish_schema(s, name, in_response, collected, prop=prop) for s in result[key]]
        for key in ("items", "additionalProperties"):
            if isinstance(result.get(key), dict):
                result[key] = self._finish_schema(result[key], name, in_response, collected, prop=prop)
        if in_response and _is_open_enum(result) and "anyOf" not in result:
            enum_schema = {k: result.pop(k) for k in ("enum", "type") if k in result}
            enum_schema["type"] = "string"
            values = [v for v in enum_schema["enum"] if v is not None]
            nullable = len(values) != len(enum_schema["enum"]) or _has_null_type(schema)
            enum_schema["enum"] = values
            result["anyOf"] = [enum_schema, {"type": "string"}, *([{"type": "null"}] if nullable else [])]
        return result

    def _member_count_bounds(self, schema: Any, depth: int = 0) -> tuple[int | None, int | None] | None:
        """minProperties/maxProperties of a map-typed property (through refs and nullable unions)."""
        if not isinstance(schema, dict) or depth > 4:
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            return self._member_count_bounds(self.prepared.get(ref.rsplit("/", 1)[-1]), depth + 1)
        low, high = schema.get("minProperties"), schema.get("maxProperties")
        if isinstance(low, int) or isinstance(high, int):
            return (low if isinstance(low, int) else None, high if isinstance(high, int) else None)
        for member in schema.get("anyOf") or schema.get("oneOf") or []:
            found = self._member_count_bounds(member, depth + 1)
            if found is not None:
                return found
        return None

    def _open_union(self, schema: dict[str, Any], owner: str, field_name: str, collected: _Collected) -> None:
        """Give a discriminated response union a fallback variant for tags this client does not know."""
        variants_key = "oneOf" if isinstance(schema.get("oneOf"), list) else "anyOf"
        variants = schema.get(variants_key)
        discriminator = schema.get("discriminator") or {}
        tag_property = discriminator.get("propertyName")
        if not isinstance(variants, list) or not isinstance(tag_property, str):
            return
        tags: dict[str, str] = {}
        for tag, target in (discriminator.get("mapping") or {}).items():
            tags[tag] = target.rsplit("/", 1)[-1]
        for variant in variants:
            ref = variant.get("$ref", "") if isinstance(variant, dict) else ""
            if not ref.startswith("#/components/schemas/"):
                return
            target = ref.rsplit("/", 1)[-1]
            if target in tags.values():
                continue
            tag = _constant_of(self.prepared.get(target, {}), tag_property)
            if tag is None:
                return
            tags[tag] = target
        if any(union[0] == field_name for union in collected.open_unions):
            return  # one open union per field: a second, nested one stays closed
        fallback = self._fallback_class(owner, field_name, tag_property)
        del schema["discriminator"]
        variants.append({"$ref": f"#/components/schemas/{fallback}"})
        collected.open_unions.append((field_name, tag_property, tuple(sorted(tags.items())), fallback))

    def _fallback_class(self, owner: str, field_name: str, tag_property: str) -> str:
        base = "Unknown" + (class_name(field_name) if field_name != "root" else owner)
        name = base if base not in self.prepared else f"Unknown{owner}{class_name(field_name)}"
        while name in self.prepared:
            name += "Model"
        self.prepared[name] = {
            "type": "object",
            "description": "A variant this client does not know yet; every member it has is kept.",
            "properties": {tag_property: {"type": "string"}},
            "required": [tag_property],
            "additionalProperties": True,
        }
        return name


@dataclass
class _Collected:
    invariants: list[tuple[str, str]] = field(default_factory=list)
    invariant_names: list[tuple[str, ...]] = field(default_factory=list)
    aliases: list[tuple[str, tuple[tuple[str, str], ...]]] = field(default_factory=list)
    exclusive: list[tuple[str, tuple[tuple[str, ...], ...]]] = field(default_factory=list)
    open_unions: list[tuple[str, str, tuple[tuple[str, str], ...], str]] = field(default_factory=list)
    member_counts: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    value_checks: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def any(self) -> bool:
        return bool(
            self.invariants
            or self.aliases
            or self.exclusive
            or self.open_unions
            or self.member_counts
            or self.value_checks
        )

    def freeze(self) -> ModelExtras:
        return ModelExtras(
            invariants=tuple(self.invariants),
            invariant_names=tuple(self.invariant_names),
            aliases=tuple(self.aliases),
            exactly_one_of=tuple(_group(groups) for mode, groups in self.exclusive if mode == "oneOf"),
            at_least_one_of=tuple(_group(groups) for mode, groups in self.exclusive if mode == "anyOf"),
            never_all_of=tuple(_group(groups) for mode, groups in self.exclusive if mode == "not"),
            open_unions=tuple(self.open_unions),
            member_counts=tuple(self.member_counts),
            value_checks=tuple(self.value_checks),
        )


def _field_names(schema: Any) -> dict[str, str]:
    """Python attribute names of an object schema's properties, unique within the class."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        return {}
    wanted = {str(wire): field_name(str(wire)) for wire in properties}
    return resolve_collisions(wanted, {wire: f"{name}_" for wire, name in wanted.items()})


_VALUE_CONSTRAINTS = frozenset(
    {"minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)
_ARRAY_CONSTRAINTS = frozenset({"minItems", "maxItems"})


def _move_union_constraints(schema: dict[str, Any], collected: _Collected) -> dict[str, Any]:
    """Constraints on scalar members of unions, moved from the types to run-time checks.

    datamodel-code-generator expresses a constrained scalar inside a union (or a map value)
    with a wrapper RootModel class, so a map of "strings of at most 512 characters, numbers or
    booleans" would hold wrapper objects instead of strings. The members become plain scalars
    and the property gets a validator checking the original constraints.
    """
    targets: dict[str, Any] = {}
    if isinstance(schema.get("properties"), dict):
        targets = schema["properties"]
    elif not is_model(schema):
        targets = {"root": schema}
    changed: dict[str, Any] = {}
    for name, sub in targets.items():
        stripped, found = _strip_union_scalars(sub, in_union=False)
        if found:
            collected.value_checks.append((str(name), _check_schema(sub)))
            changed[str(name)] = stripped
    if not changed:
        return schema
    if "root" in changed and not isinstance(schema.get("properties"), dict):
        return dict(changed["root"])
    return {**schema, "properties": {**schema["properties"], **changed}}


def _strip_union_scalars(schema: Any, *, in_union: bool) -> tuple[Any, bool]:
    if isinstance(schema, list):
        results = [_strip_union_scalars(item, in_union=in_union) for item in schema]
        return [r for r, _ in results], any(found for _, found in results)
    if not isinstance(schema, dict) or "$ref" in schema:
        return schema, False
    found = False
    result: dict[str, Any] = {}
    scalar = schema.get("type") in ("string", "integer", "number") and "enum" not in schema
    array = schema.get("type") == "array"
    for key, value in schema.items():
        if in_union and ((scalar and key in _VALUE_CONSTRAINTS) or (array and key in _ARRAY_CONSTRAINTS)):
            found = True
            continue
        if key in ("anyOf", "oneOf"):
            result[key], inner = _strip_union_scalars(value, in_union=True)
        elif key in ("items", "additionalProperties"):
            result[key], inner = _strip_union_scalars(value, in_union=in_union or key == "additionalProperties")
        else:
            result[key], inner = value, False
        found = found or inner
    return result, found


def _check_schema(schema: Any) -> Any:
    """``schema`` for the run-time checker: references (checked by the models) become "anything"."""
    if isinstance(schema, list):
        return [_check_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return {}
    return {k: _check_schema(v) for k, v in schema.items() if k not in ("description", "discriminator", "title")}


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _default_fits(schema: dict[str, Any], default: Any) -> bool:
    """Whether a schema's ``default`` has a type (and enum value) the schema allows."""
    kind = schema.get("type")
    kinds = (
        [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []
    )
    if schema.get("nullable") is True:
        kinds.append("null")
    if kinds:
        allowed = tuple(t for k in kinds for t in _JSON_TYPES.get(k, (object,)))
        if isinstance(default, bool) and "boolean" not in kinds:
            return False
        if not isinstance(default, allowed):
            return False
    elif default is None:
        members = [m for key in ("anyOf", "oneOf") for m in schema.get(key) or [] if isinstance(m, dict)]
        return any(m.get("type") == "null" or m.get("nullable") is True for m in members)
    values = schema.get("enum")
    return not (isinstance(values, list) and default not in values and default is not None)


_DOC_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def _doc_text(text: str) -> str:
    """A description as datamodel-code-generator may put it in a docstring: no control characters but \\n."""
    return _DOC_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_root_like(schema: Any) -> bool:
    """A schema datamodel-code-generator makes a RootModel: not an object with properties or allOf."""
    if not isinstance(schema, dict):
        return True
    return not (isinstance(schema.get("properties"), dict) and schema["properties"]) and "allOf" not in schema


_MAX_INLINE_DEPTH = 8
_NOT_SCHEMAS = frozenset({"discriminator", "enum", "const", "default", "examples", "example"})


def _inline(schema: Any, prepared: dict[str, Any], root_like: set[str], stack: tuple[str, ...], cut: set[str]) -> Any:
    """``schema`` with refs to ``root_like`` components replaced by copies.

    A root-like component that refers to itself through other root-like ones has no class to
    refer to (datamodel-code-generator collapses it), so the repeated level becomes "any value";
    its name goes into ``cut``.
    """
    if isinstance(schema, list):
        return [_inline(item, prepared, root_like, stack, cut) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        target = ref.rsplit("/", 1)[-1]
        if target not in root_like:
            return schema
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        if target in stack or len(stack) >= _MAX_INLINE_DEPTH:
            cut.add(target)
            return siblings
        copy = _inline(prepared[target], prepared, root_like, (*stack, target), cut)
        if not isinstance(copy, dict):
            return copy
        return {**copy, **siblings} if siblings else copy
    return {  # a discriminator's mapping and data (enum, default, ...) are no schemas, even with a "$ref" key
        key: value if key in _NOT_SCHEMAS else _inline(value, prepared, root_like, stack, cut)
        for key, value in schema.items()
    }


def _kind(schema: Any) -> str:
    if isinstance(schema, dict):
        if isinstance(schema.get("type"), str):
            return str(schema["type"])
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return "union"
    return "schema"


def _group(members: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Members of a required-only union, each the "+"-joined names one branch requires."""
    return tuple("+".join(names) for names in members)


def _is_object(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or isinstance(schema.get("properties"), dict)


def _has_null_type(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "null" or (isinstance(kind, list) and "null" in kind)


def _is_open_enum(schema: dict[str, Any]) -> bool:
    values = schema.get("enum")
    if not isinstance(values, list):
        return False
    strings = [v for v in values if v is not None]
    kind = schema.get("type")
    kinds = {kind} if isinstance(kind, str) else set(kind or [])
    return len(strings) >= 2 and all(isinstance(v, str) for v in strings) and kinds <= {"string", "null"}


_ANNOTATIONS = frozenset({"nullable", "description", "title", "default", "example", "examples", "deprecated"})


def _single_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    """``allOf: [X, {nullable: true}]`` (a common way to annotate a reference) as X, or X-or-null.

    An allOf with one real member is that member; kept as allOf, a union member would be merged
    into an object by the model generator.
    """
    members = schema.get("allOf")
    if not isinstance(members, list) or any(key in schema for key in ("properties", "oneOf", "anyOf", "$ref")):
        return schema
    real = [m for m in members if not (isinstance(m, dict) and set(m) <= _ANNOTATIONS)]
    if len(real) != 1 or not isinstance(real[0], dict):
        return schema
    nullable = schema.get("nullable") is True or any(isinstance(m, dict) and m.get("nullable") is True for m in members)
    rest = {k: v for k, v in schema.items() if k not in ("allOf", "nullable")}
    inner = real[0]
    if nullable:
        return {**rest, "anyOf": [inner, {"type": "null"}]}
    if "$ref" in inner:
        return (
            {**inner, **{k: v for k, v in rest.items() if k == "description"}}
            if rest.keys() <= {"description"}
            else {**rest, "anyOf": [inner]}
        )
    return {**inner, **rest}


def _tag_values(schema: Any, prop: str) -> list[str]:
    """Constant values a variant's tag property may take (``const`` or ``enum`` of strings)."""
    if not isinstance(schema, dict):
        return []
    sub = (schema.get("properties") or {}).get(prop)
    if not isinstance(sub, dict):
        for member in schema.get("allOf") or []:
            found = _tag_values(member, prop) if isinstance(member, dict) else []
            if found:
                return found
        return []
    if isinstance(sub.get("const"), str):
        return [str(sub["const"])]
    values = sub.get("enum")
    if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
        return [str(v) for v in values]
    return []


def _constant_of(schema: dict[str, Any], prop: str) -> str | None:
    sub = (schema.get("properties") or {}).get(prop)
    if not isinstance(sub, dict):
        return None
    if isinstance(sub.get("const"), str):
        return str(sub["const"])
    values = sub.get("enum")
    if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str):
        return values[0]
    return None


def _hoisted_name(where: str) -> str:
    parts = jp.split(where)
    words: list[str] = []
    for index, part in enumerate(parts):
        if index and parts[index - 1] == "properties":
            words = [part]
        elif part == "items":
            words.append("Item")
        elif part == "additionalProperties":
            words.append("Value")
        elif index and parts[index - 1] in _SUBSCHEMA_LISTS and part.isdigit():
            words.append(f"Option{int(part) + 1}")
    cleaned = [w for w in words if w]
    if cleaned and cleaned[-1].startswith("Option") and len(cleaned) >= 1:
        cleaned = cleaned[:-1] or cleaned
    return "".join(class_name(w) for w in cleaned) or "Inline"


def _to_31(original: dict[str, Any], result: dict[str, Any]) -> None:
    """OAS 3.0 constructs rewritten in 3.1 (JSON Schema 2020-12) form, in place."""
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        flag = original.get(exclusive)
        if isinstance(flag, bool):
            result.pop(exclusive, None)
            if flag and bound in result:
                result[exclusive] = result.pop(bound)
    if original.get("nullable") is True:
        kind = result.get("type")
        if isinstance(kind, str):
            result["type"] = [kind, "null"]
            if isinstance(result.get("enum"), list) and None not in result["enum"]:
                result["enum"] = [*result["enum"], None]
        elif isinstance(kind, list):
            if "null" not in kind:
                result["type"] = [*kind, "null"]
        elif any(k in result for k in ("allOf", "anyOf", "oneOf")):
            inner = {k: result.pop(k) for k in list(result) if k in ("allOf", "anyOf", "oneOf")}
            result["anyOf"] = [inner, {"type": "null"}]


def _fix_pointer_refs(schema: Any, names: dict[str, str]) -> Any:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("pointer:"):
            return {**schema, "$ref": f"#/components/schemas/{names[ref[len('pointer:'):]]}"}
        if isinstance(schema.get("mapping"), dict):  # a discriminator's mapping to hoisted variants
            return {
                **schema,
                "mapping": {
                    tag: f"#/components/schemas/{names[t[len('pointer:'):]]}" if str(t).startswith("pointer:") else t
                    for tag, t in schema["mapping"].items()
                },
            }
        return {k: _fix_pointer_refs(v, names) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_fix_pointer_refs(v, names) for v in schema]
    return schema


def iter_schemas(schema: Any) -> Iterator[dict[str, Any]]:
    """Every mapping below ``schema`` (itself included)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
