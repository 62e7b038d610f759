"""Constraints stated only in prose: limits, ranges, cross-field rules, mutual exclusion.

A number in a limit phrase ("between 1 and 100", "maximum length of 64", "up to 16",
"at least 1") counts as stated by the schema when any numeric keyword of the described
schema (or what it refers to, or its item/key/value schemas) has that value. A rule
relating two properties ("must not exceed half of `max_chunk_size_tokens`") needs an
``x-specgen-invariants`` entry on the object naming both. Defaults are not limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.lint.context import LintContext
from generator.lint.rules.descriptions import parameters
from generator.spec import pointer as jp
from generator.spec.walk import SchemaSite

_N = r"`?(-?\d(?:[\d,]*\d)?(?:\.\d+)?)(?!\w)`?"
_UNIT = r"(?:\s+([A-Za-z%]+))?"
_RANGE = re.compile(r"\bbetween\s+" + _N + r"\s+and\s+" + _N + _UNIT, re.IGNORECASE)
_UPPER = re.compile(
    r"\b(?:maximum(?:\s+(?:[\w-]+\s+){0,3}?(?:is|of))|max(?:imum)?(?:\s+of)?|at\s+most|up\s+to|no\s+more\s+than|"
    r"(?:must\s+not|cannot|can't|may\s+not|should\s+not)\s+exceed|not\s+exceeding|"
    r"less\s+than\s+or\s+equal\s+to|limited\s+to|(?<!no\s)(?:less|fewer)\s+than)\s+" + _N + _UNIT,
    re.IGNORECASE,
)
_LOWER = re.compile(
    r"\b(?:minimum(?:\s+(?:[\w-]+\s+){0,3}?(?:is|of))|min(?:imum)?(?:\s+of)?|at\s+least|no\s+(?:fewer|less)\s+than|"
    r"greater\s+than\s+or\s+equal\s+to|(?<!no\s)(?:greater|more)\s+than)\s+" + _N + _UNIT,
    re.IGNORECASE,
)
_CROSS = re.compile(
    r"\b(?:must\s+not|cannot|can't|may\s+not|should\s+not)\s+(?:exceed|be\s+(?:greater|more|less|smaller)\s+than)"
    r"\s+(?:(?:half|twice|double|a\s+quarter)\s+(?:of\s+)?)?(?:the\s+(?:value\s+of\s+)?)?`(\w+)`",
    re.IGNORECASE,
)
_DEFAULT = re.compile(r"\bdefaults?\b(?:\s+(?:value|is|to|of|at))*\s+`?-?\d[\d,.]*`?", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_EXCLUSIVE = re.compile(r"mutually\s+exclusive", re.IGNORECASE)
_TICKED = re.compile(r"`(\w+)`")
_SENTENCE = re.compile(r"[^.!?]*(?:\.(?=\S)[^.!?]*)*[.!?]?")
_NOT_SCHEMA_UNITS = {
    "tokens",
    "token",
    "bytes",
    "kb",
    "mb",
    "gb",
    "tb",
    "kib",
    "mib",
    "gib",
    "pixels",
    "px",
    "%",
    "percent",
    "words",
}
_OTHER_SUBJECT = re.compile(r"`[\w.]+`\s+(?:is|are|was|were)\s+$")
_TIME_UNITS = {"seconds", "second", "minutes", "minute", "hours", "hour", "days", "day", "ms", "milliseconds"}
_KEYWORDS = {
    "integer": "minimum/maximum",
    "number": "minimum/maximum",
    "string": "minLength/maxLength",
    "array": "minItems/maxItems",
    "object": "minProperties/maxProperties, propertyNames",
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
                limits(ctx, jp.child(site.pointer, "description"), text, site.schema)
                cross_field(ctx, site, text)
        for pointer, parameter in parameters(ctx):
            text = parameter.get("description")
            if isinstance(text, str) and isinstance(parameter.get("schema"), dict):
                limits(ctx, jp.child(pointer, "description"), text, parameter["schema"])
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


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _claims(text: str, numeric: bool) -> Iterator[tuple[str, list[float], bool]]:
    """``(phrase, numbers, strict)`` for each limit phrase of ``text`` (defaults removed)."""
    if not _DIGIT.search(text):
        return
    prose = _DEFAULT.sub(" ", text)
    for pattern, strict_words in ((_RANGE, ()), (_UPPER, ("less than", "fewer than")), (_LOWER, ("greater", "more"))):
        for match in pattern.finditer(prose):
            if pattern is _RANGE:
                numbers, unit = [_number(match.group(1)), _number(match.group(2))], match.group(3)
            else:
                numbers, unit = [_number(match.group(1))], match.group(2)
            unit = (unit or "").lower()
            if unit in _NOT_SCHEMA_UNITS or (unit in _TIME_UNITS and not numeric):
                continue
            if any(n is None for n in numbers) or _OTHER_SUBJECT.search(
                prose[max(0, match.start() - 40) : match.start()]
            ):
                continue  # "if `n` is greater than 1": a condition on another field
            last = match.end(2 if pattern is _RANGE else 1)
            phrase = " ".join(prose[match.start() : last + (prose[last : last + 1] == "`")].split())
            strict = any(word in phrase.lower() for word in strict_words) and "equal" not in phrase.lower()
            yield phrase, [n for n in numbers if n is not None], strict


def limits(ctx: LintContext, pointer: str, text: str, schema: dict[str, Any]) -> None:
    """Report each limit phrase of ``text`` whose numbers no bound keyword of ``schema`` has."""
    target = ctx.deref(schema)[0]
    kind = target.get("type") if isinstance(target, dict) else None
    numeric = bool(_names(kind if isinstance(kind, list) else [kind]) & {"integer", "number"})
    claims = list(_claims(text, numeric))
    if not claims:
        return
    stated = stated_numbers(ctx, schema)
    keywords = _KEYWORDS.get(kind if isinstance(kind, str) else "", "bound keyword")
    for phrase, numbers, strict in claims:
        missing = [n for n in numbers if not _is_stated(n, stated, strict)]
        if missing:
            shown = " or ".join(_show(n) for n in missing)
            ctx.report(
                "prose-constraint",
                pointer,
                f"the description states “{phrase}” but no {keywords} of the schema says {shown}",
            )


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
    for first, second, owner in dict.fromkeys(pairs):
        if _kept_apart(site.schema, first, second):
            continue
        any_of = "anyOf" in site.schema
        pointer = jp.child(site.pointer, "anyOf") if any_of else site.pointer
        if not any_of and owner:
            pointer = jp.child(jp.child(jp.child(site.pointer, "properties"), owner), "description")
        how = "its `anyOf` accepts both together" if any_of else "nothing in the schema forbids both together"
        ctx.report(
            "prose-exclusive-anyof",
            pointer,
            f"`{first}` and `{second}` are described as mutually exclusive, but {how}; "
            f"use `oneOf` with one `required` branch each (or `not: {{required: [{first}, {second}]}}`)",
        )


def _kept_apart(schema: dict[str, Any], first: str, second: str) -> bool:
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
