"""Schema objects: discriminators, object types, enums, required names, array items."""

from __future__ import annotations

import json
from typing import Any

from generator.lint.context import LintContext
from generator.spec import pointer as jp
from generator.spec.facts import constant as constant_of
from generator.spec.facts import declared_types, object_parts
from generator.spec.refs import local_ref, local_target
from generator.spec.walk import SchemaSite

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def check(ctx: LintContext) -> None:
    """Run every schema rule over every schema object."""
    for site in ctx.schemas:
        schema = site.schema
        if "discriminator" in schema:
            discriminator_mapping(ctx, site)
        elif ctx.wants("discriminator-missing"):
            discriminator_missing(ctx, site)
        if "properties" in schema and "type" not in schema and site.keyword not in ("allOf", "anyOf", "oneOf"):
            object_type_missing(ctx, site)
        required_undefined(ctx, site)
        enum_checks(ctx, site)
        if not ctx.spec.is_31 and _types(schema) == {"array"} and "items" not in schema:
            # OpenAPI 3.0 requires `items` on an array; 3.1 (JSON Schema) allows any items, which a
            # GeoJSON `coordinates` array of varying depth means
            ctx.report(
                "array-items",
                site.pointer,
                "an array schema without `items`, which OpenAPI 3.0 requires: its elements are untyped",
            )


def object_type_missing(ctx: LintContext, site: SchemaSite) -> None:
    """A schema with ``properties`` that nothing makes an object: no ``type``, no ``allOf`` member
    that says ``type: object``, and no ``anyOf``/``oneOf`` whose members all do (references followed)."""
    members = site.schema.get("allOf")
    for member in members if isinstance(members, list) else []:
        if "object" in declared_types(ctx.spec.resolve(member)):
            return
    for keyword in ("anyOf", "oneOf"):
        members = site.schema.get(keyword)
        if (
            isinstance(members, list)
            and members
            and all(declared_types(ctx.spec.resolve(member)) == ["object"] for member in members)
        ):
            return
    ctx.report(
        "object-type-missing",
        site.pointer,
        "the schema has `properties` but no `type: object`, so it also accepts strings, numbers and "
        "arrays, and generators cannot be sure it is an object",
    )


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def _branches(site: SchemaSite) -> tuple[str, list[Any]] | None:
    for keyword in ("oneOf", "anyOf"):
        value = site.schema.get(keyword)
        if isinstance(value, list) and value:
            return keyword, value
    return None


def _branch_constant(ctx: LintContext, branch: Any, name: str, depth: int = 0) -> tuple[Any] | None:
    """The single value a branch gives property ``name`` (through refs and ``allOf``)."""
    node = ctx.deref(branch)[0]
    if not isinstance(node, dict) or depth > 8:
        return None
    properties = node.get("properties")
    if isinstance(properties, dict) and name in properties:
        found = constant_of(ctx.deref(properties[name])[0])
        if found is not None:
            return found
    for part in node.get("allOf") or []:
        found = _branch_constant(ctx, part, name, depth + 1)
        if found is not None:
            return found
    return None


def discriminator_mapping(ctx: LintContext, site: SchemaSite) -> None:
    """A discriminator whose implicit values (schema names) are not the values the branches declare."""
    discriminator = site.schema["discriminator"]
    if not isinstance(discriminator, dict) or not isinstance(discriminator.get("propertyName"), str):
        return
    name = discriminator["propertyName"]
    found = discriminator.get("mapping")
    mapping: dict[str, Any] = found if isinstance(found, dict) else {}
    union = _branches(site)
    if union is None:
        return
    keyword, branches = union
    mapped_targets = {jp.from_fragment(str(v)[1:]) if str(v).startswith("#") else str(v) for v in mapping.values()}
    wrong: list[str] = []
    inline = 0
    for index, branch in enumerate(branches):
        target = local_ref(branch)
        constant = _branch_constant(ctx, branch, name)
        if target is None:
            if not any(t.endswith(f"/{keyword}/{index}") for t in mapped_targets):
                inline += 1  # an inline branch the mapping does not point at (`#/oneOf/0`)
            continue
        if target in mapped_targets or constant is None:
            continue
        component = target.rsplit("/", 1)[-1]
        if constant[0] != component:
            wrong.append(f"`{component}` declares `{name}: {constant[0]}`")
    if inline:
        wrong.append(f"{inline} `{keyword}` branch{'es are' if inline > 1 else ' is'} inline and has no name at all")
    if wrong:
        suggestion = _suggested_mapping(ctx, branches, name)
        lead = (
            f"discriminator `{name}` has no `mapping`, so the values it expects are the schema names"
            if not mapping
            else f"the `mapping` of discriminator `{name}` leaves out branches, whose values are then their names"
        )
        ctx.report(
            "discriminator-mapping",
            jp.child(site.pointer, "discriminator"),
            f"{lead}, but {'; '.join(wrong)}; "
            + (f"add `mapping: {suggestion}`" if not inline else "move the inline branches to components and map them"),
        )


def _suggested_mapping(ctx: LintContext, branches: list[Any], name: str) -> str:
    pairs = []
    for branch in branches:
        target = local_ref(branch)
        constant = _branch_constant(ctx, branch, name)
        if target and constant is not None:
            pairs.append(f"{constant[0]}: '#{target}'")
    return "{" + ", ".join(pairs) + "}"


def discriminator_missing(ctx: LintContext, site: SchemaSite) -> None:
    """A union of object schemas that each fix the same property to a different value."""
    union = _branches(site)
    if union is None or len(union[1]) < 2:
        return
    keyword, branches = union
    nodes = [ctx.deref(b)[0] for b in branches]
    if not all(isinstance(n, dict) and ("properties" in n or "allOf" in n) for n in nodes):
        return
    common = None
    for node in nodes:
        names = set((node.get("properties") or {}).keys()) if isinstance(node.get("properties"), dict) else set()
        common = names if common is None else common & names
    for name in sorted(common or ()):
        values = [_branch_constant(ctx, b, name) for b in branches]
        if all(v is not None for v in values) and len({json.dumps(v) for v in values}) == len(values):
            shown = ", ".join(str(v[0]) for v in values if v is not None)
            ctx.report(
                "discriminator-missing",
                jp.child(site.pointer, keyword),
                f"the `{keyword}` branches are objects told apart by `{name}` ({shown}) but there is no "
                f"`discriminator`; add `discriminator: {{propertyName: {name}, mapping: ...}}` so clients "
                "can pick the branch without trying each",
            )
            return


def required_undefined(ctx: LintContext, site: SchemaSite) -> None:
    """``required`` names that neither the schema nor the schemas it is composed with define.

    Defined are: the properties of the schema and of the schemas it is composed with, through
    ``allOf``, ``anyOf`` and ``oneOf`` at any depth (a name may come from every branch of a union
    member); of an ``allOf`` member's siblings (``allOf: [Base, {required: [id]}]``); and, for a
    component used as an ``allOf`` member (a mixin that requires what its users define), of the
    siblings at any place that uses it.
    """
    required = site.schema.get("required")
    if not isinstance(required, list) or not isinstance(site.schema.get("properties"), dict):
        return
    if site.schema.get("additionalProperties") not in (None, False):
        return
    whole = site.parent if site.keyword == "allOf" and site.parent is not None else site
    defined = _defined_names(ctx, whole.schema) | _defined_names(ctx, site.schema)
    missing = [(index, name) for index, name in enumerate(required) if isinstance(name, str) and name not in defined]
    if missing and site.parent is None:
        for user in _allof_users(ctx, site.pointer):
            defined |= _defined_names(ctx, user)
        missing = [(index, name) for index, name in missing if name not in defined]
    for index, name in missing:
        ctx.report(
            "required-property-undefined",
            jp.child(jp.child(site.pointer, "required"), index),
            f"`{name}` is required but the schema defines no such property",
        )


def _defined_names(ctx: LintContext, schema: Any, depth: int = 0) -> set[str]:
    """Property names of ``schema`` and of every schema it is composed with (references followed)."""
    schema = ctx.spec.resolve(schema)
    if not isinstance(schema, dict) or depth > 12:
        return set()
    names = set(object_parts(ctx.spec, schema, "").properties)
    for keyword in ("allOf", "anyOf", "oneOf"):
        members = schema.get(keyword)
        for member in members if isinstance(members, list) else []:
            names |= _defined_names(ctx, member, depth + 1)
    return names


def _allof_users(ctx: LintContext, pointer: str) -> list[dict[str, Any]]:
    """The schemas that hold the component at ``pointer`` as an ``allOf`` member."""
    users = []
    for reference in ctx.spec.index.refs:
        if local_target(reference.ref) != pointer:
            continue
        holder = reference.holder.rsplit("/", 2)
        if len(holder) == 3 and holder[1] == "allOf":
            user = ctx.spec.get(holder[0])
            if isinstance(user, dict):
                users.append(user)
    return users


def enum_checks(ctx: LintContext, site: SchemaSite) -> None:
    """``typed-enum`` and ``duplicated-entry-in-enum``."""
    enum = site.schema.get("enum")
    if not isinstance(enum, list):
        return
    base = jp.child(site.pointer, "enum")
    seen: set[str] = set()
    for index, value in enumerate(enum):
        key = json.dumps(value, sort_keys=True)
        if key in seen:
            ctx.report("duplicated-entry-in-enum", jp.child(base, index), f"{key} appears more than once in the enum")
        seen.add(key)
    types = _types(site.schema)
    if not types:
        return
    nullable = "null" in types or site.schema.get("nullable") is True
    for index, value in enumerate(enum):
        if value is None and nullable:
            continue
        if not _has_type(value, types):
            ctx.report(
                "typed-enum",
                jp.child(base, index),
                f"enum value {json.dumps(value)} is not of the schema's type {' or '.join(sorted(types))}",
            )


def _has_type(value: Any, types: set[str]) -> bool:
    for name in types:
        expected = _PYTHON_TYPES.get(name)
        if expected is None:
            continue
        if isinstance(value, bool) and name != "boolean":
            continue
        if name == "integer" and isinstance(value, float) and value.is_integer():
            return True
        if isinstance(value, expected):
            return True
    return False
