"""Constraints stated only in prose: limits, ranges, cross-field rules, mutual exclusion.

A limit phrase said of the value ("between 1 and 100", "at most 64 characters", "Max length:
12"; see :mod:`generator.lint.limits_in_prose` for what is not) counts as stated by the schema
when any numeric keyword of the described schema (or what it refers to, or its item/key/value
schemas) has that value, or the schema bounds that side already. A rule
relating two properties ("must not exceed half of `max_chunk_size_tokens`") needs an
``x-specgen-invariants`` entry on the object naming both. Defaults are not limits.
"""

from __future__ import annotations

import re
from typing import Any

from generator.lint.context import LintContext
from generator.lint.limits_in_prose import claims
from generator.lint.rules.descriptions import parameters
from generator.spec import pointer as jp
from generator.spec.facts import single_member, types
from generator.spec.walk import SchemaSite

_CROSS = re.compile(
    r"\b(?:must\s+not|cannot|can't|may\s+not|should\s+not)\s+(?:exceed|be\s+(?:greater|more|less|smaller)\s+than)"
    r"\s+(?:(?:half|twice|double|a\s+quarter)\s+(?:of\s+)?)?(?:the\s+(?:value\s+of\s+)?)?`(\w+)`",
    re.IGNORECASE,
)
_EXCLUSIVE = re.compile(r"mutually\s+exclusive", re.IGNORECASE)
_TICKED = re.compile(r"`(\w+)`")
_SENTENCE = re.compile(r"[^.!?]*(?:\.(?=\S)[^.!?]*)*[.!?]?")
# The nouns that name what a limit counts, for each type: "at most 64 characters", "up to 100
# items". Any other noun after the number ("10 VLANs", "2 decimal places", "255 total addresses",
# "32 days") is about something else, or in a unit the schema's bound may not use. A bare number
# is a length of a string only in a phrase about length ("max length = 50"), and never a count
# of an array's items ("the minimum value is 1" of an array of integers is about the items).
_UNITS = {
    "string": frozenset({"characters", "character", "chars", "char"}),
    "number": frozenset({""}),
    "array": frozenset({"items", "item", "elements", "element", "entries", "entry"}),
    "object": frozenset({"keys", "key", "pairs", "pair", "key-value", "properties", "entries", "fields"}),
}
_LENGTH = re.compile(r"\b(?:length|long)\b", re.IGNORECASE)
_KEYWORDS = {
    "number": ("minimum/maximum", ("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")),
    "string": ("minLength/maxLength", ("minLength",), ("maxLength",)),
    "array": ("minItems/maxItems", ("minItems",), ("maxItems",)),
    "object": ("minProperties/maxProperties", ("minProperties",), ("maxProperties",)),
}
_BOUNDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
)


def check(ctx: LintContext) -> None:
    """Report ``prose-constraint`` and ``prose-exclusive-anyof`` findings."""
    if ctx.wants("prose-constraint"):
        for site in ctx.schemas:
            text = site.schema.get("description")
            if isinstance(text, str):
                limits(ctx, jp.child(site.pointer, "description"), text, site.schema, site.name)
                cross_field(ctx, site, text)
        for pointer, parameter in parameters(ctx):
            text = parameter.get("description")
            if isinstance(text, str) and isinstance(parameter.get("schema"), dict):
                limits(ctx, jp.child(pointer, "description"), text, parameter["schema"], str(parameter.get("name")))
    if ctx.wants("prose-exclusive-anyof"):
        for site in ctx.schemas:
            exclusive(ctx, site)


def stated_numbers(ctx: LintContext, schema: Any) -> set[float]:
    """Values of the bound keywords of ``schema``, what it refers to, and its non-property subschemas."""
    found: set[float] = set()
    stack: list[tuple[Any, int]] = [(schema, 0)]
    while stack:
        node, depth = stack.pop()
        node = ctx.deref(node)[0]
        if not isinstance(node, dict) or depth > 6:
            continue
        for key in _BOUNDS:
            value = node.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                found.add(float(value))
        for key, value in node.items():
            if key in ("properties", "patternProperties", "example", "examples", "default", "enum", "const"):
                continue
            if isinstance(value, dict):
                stack.append((value, depth + 1))
            elif isinstance(value, list):
                stack.extend((item, depth + 1) for item in value if isinstance(item, dict))
    return found


def limits(ctx: LintContext, pointer: str, text: str, schema: dict[str, Any], name: str = "") -> None:
    """One finding for ``text`` when it states limits of the value that no bound of ``schema`` has.

    Only claims about the value itself count (:mod:`generator.lint.limits_in_prose`), counted in
    what the schema's type counts (characters, items...), on a side the schema leaves unbounded
    (a different number where the schema has a bound often limits a part: "Domain labels can be
    up to 62 characters" beside ``maxLength: 128``)."""
    kind, target = _kind(ctx, schema)
    if kind is None:
        return
    units = _UNITS[kind] | ({name.lower(), name.lower().rstrip("s")} if kind == "array" and name else set())
    found = [
        claim
        for claim in claims(text)
        if claim.unit in units or (kind == "string" and not claim.unit and _LENGTH.search(claim.phrase))
    ]
    if not found:
        return
    stated = stated_numbers(ctx, schema)
    shown, low_keys, high_keys = _KEYWORDS[kind]
    has_low = any(key in target for key in low_keys)
    has_high = any(key in target for key in high_keys)
    phrases: list[str] = []
    missing: list[float] = []
    for claim in found:
        sides = (
            [(claim.numbers[0], has_low), (claim.numbers[1], has_high)]
            if claim.side == "range"
            else [(claim.numbers[0], has_high if claim.side == "upper" else has_low)]
        )
        absent = [n for n, bounded in sides if not bounded and not _is_stated(n, stated, claim.strict)]
        if absent:
            phrases.append(f"“{claim.phrase}”")
            missing += [n for n in absent if n not in missing]
    if phrases:
        ctx.report(
            "prose-constraint",
            pointer,
            f"the description states {', '.join(phrases)} but no {shown} of the schema says "
            f"{' or '.join(_show(n) for n in missing)}",
        )


def _kind(ctx: LintContext, schema: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The one type the schema (references and single-member wrappers followed) has, as the key of
    :data:`_UNITS`, and the schema that says it; None when it has none or several."""
    target = ctx.spec.resolve(schema)
    for _ in range(8):
        if not isinstance(target, dict):
            return None, {}
        inner = single_member(ctx.spec, target, "")
        if inner is None or types(target):
            break
        target = ctx.spec.resolve(inner[0])
    if not isinstance(target, dict):
        return None, {}
    kinds = {"number" if kind == "integer" else kind for kind in types(target)}
    if len(kinds) != 1 or not kinds <= set(_UNITS):
        return None, target
    return kinds.pop(), target


def _is_stated(number: float, stated: set[float], strict: bool) -> bool:
    if number in stated:
        return True
    return strict and (number - 1 in stated or number + 1 in stated)


def _show(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def cross_field(ctx: LintContext, site: SchemaSite, text: str) -> None:
    """A property's description relating it to a sibling, without an invariant naming both."""
    parent = site.parent
    if not site.is_property or parent is None:
        return
    siblings = parent.schema.get("properties")
    if not isinstance(siblings, dict):
        return
    for match in _CROSS.finditer(text):
        other = match.group(1)
        if other == site.name or other not in siblings:
            continue
        if _invariant_names(parent.schema, {site.name, other}):
            continue
        ctx.report(
            "prose-constraint",
            jp.child(site.pointer, "description"),
            f"the description states “{match.group(0).strip()}”, a rule between `{site.name}` and `{other}` "
            "that no JSON Schema keyword can express; declare it in `x-specgen-invariants` on the object",
        )


def _invariant_names(schema: dict[str, Any], names: set[str]) -> bool:
    entries = schema.get("x-specgen-invariants")
    if not isinstance(entries, list):
        return False
    for entry in entries:
        expression = entry.get("expression") if isinstance(entry, dict) else None
        if isinstance(expression, str) and names <= set(re.findall(r"[A-Za-z_]\w*", expression)):
            return True
    return False


def exclusive(ctx: LintContext, site: SchemaSite) -> None:
    """Properties described as mutually exclusive that the schema does not keep apart."""
    properties = site.schema.get("properties")
    if not isinstance(properties, dict):
        return
    pairs: list[tuple[str, str, str]] = []
    texts = [("", site.schema.get("description"))]
    texts += [(name, prop.get("description")) for name, prop in properties.items() if isinstance(prop, dict)]
    for owner, text in texts:
        if not isinstance(text, str):
            continue
        for sentence in _SENTENCE.findall(text):
            if not _EXCLUSIVE.search(sentence):
                continue
            named = [n for n in _TICKED.findall(sentence) if n in properties]
            group = sorted({*named, owner} - {""})
            pairs += [(a, b, owner) for i, a in enumerate(group) for b in group[i + 1 :]]
    reported: set[tuple[str, str]] = set()
    for first, second, owner in pairs:
        if (first, second) in reported or _kept_apart(site.schema, first, second):
            continue
        if _same_kind_of_list(ctx, properties.get(first), properties.get(second)):
            continue  # "`a` is mutually exclusive with `b`" of two lists of the same values: no overlap
        reported.add((first, second))
        any_of = "anyOf" in site.schema
        pointer = jp.child(site.pointer, "anyOf") if any_of else site.pointer
        if not any_of and owner:
            pointer = jp.child(jp.child(jp.child(site.pointer, "properties"), owner), "description")
        if any_of:  # one of them is required: exactly one
            how, fix = "its `anyOf` accepts both together", "use `oneOf` with one `required` branch each"
        else:  # both optional: at most one (a `oneOf` of required branches would demand one)
            how, fix = "nothing in the schema forbids both together", f"add `not: {{required: [{first}, {second}]}}`"
        ctx.report(
            "prose-exclusive-anyof",
            pointer,
            f"`{first}` and `{second}` are described as mutually exclusive, but {how}; {fix}",
        )


def _same_kind_of_list(ctx: LintContext, first: Any, second: Any) -> bool:
    """Two array schemas whose items are the same schema (``billed_products`` and
    ``optional_products``, both lists of ``Products``)."""
    first, second = ctx.spec.resolve(first), ctx.spec.resolve(second)
    if not (isinstance(first, dict) and isinstance(second, dict)):
        return False
    if "array" not in types(first) or "array" not in types(second):
        return False
    return first.get("items") is not None and first.get("items") == second.get("items")


def _kept_apart(schema: dict[str, Any], first: str, second: str) -> bool:
    max_properties = schema.get("maxProperties")
    if isinstance(max_properties, int) and not isinstance(max_properties, bool) and max_properties <= 1:
        return True  # one property at most: never both
    one_of = schema.get("oneOf")
    if isinstance(one_of, list) and one_of:
        holders = [_names(b.get("required")) if isinstance(b, dict) else set() for b in one_of]
        if any(first in h for h in holders) and any(second in h for h in holders):
            return not any(first in h and second in h for h in holders)
    for part in [schema, *(schema.get("allOf") or [])]:
        negated = part.get("not") if isinstance(part, dict) else None
        if isinstance(negated, dict) and {first, second} <= _names(negated.get("required")):
            return True
    return False


def _names(value: Any) -> set[str]:
    return {item for item in value if isinstance(item, str)} if isinstance(value, list) else set()
