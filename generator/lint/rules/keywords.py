"""Schema keywords that mean nothing where they are: unknown or misspelled keywords, keywords of
another type, ``nullable`` without ``type``, and formats (unregistered, misspelled, misplaced).

OpenAPI allows custom formats, so an unregistered format is a note (``format-unknown``); a
format that is a registered one misspelled, a JSON type name, or one that cannot apply to the
schema's type is a mistake (``format-misused``).
"""

from __future__ import annotations

import re
from typing import Any

from generator.lint.context import LintContext
from generator.spec import pointer as jp
from generator.spec.facts import declared_types
from generator.spec.walk import SchemaSite

# The OpenAPI Format Registry (spec.openapis.org/registry/format), which includes the
# JSON Schema formats.
KNOWN_FORMATS = frozenset(
    [
        "base64url", "binary", "byte", "char", "commonmark", "date", "date-time", "decimal", "decimal128",
        "double", "duration", "email", "float", "hostname", "html", "http-date", "idn-email", "idn-hostname",
        "int8", "int16", "int32", "int64", "ipv4", "ipv6", "iri", "iri-reference", "json-pointer", "media-range",
        "password", "regex", "relative-json-pointer", "sf-binary", "sf-boolean", "sf-decimal", "sf-integer",
        "sf-string", "sf-token", "time", "uint8", "uint16", "uint32", "uint64", "uri", "uri-reference",
        "uri-template", "uuid",
    ]
)  # fmt: skip
# Unregistered spellings of registered formats (case-only differences are found separately).
_MISSPELLED_FORMATS = {
    "url": "uri",
    "uri-ref": "uri-reference",
    "url-reference": "uri-reference",
    "uuid4": "uuid",
    "guid": "uuid",
    "datetime": "date-time",
    "date_time": "date-time",
    "e-mail": "email",
    "host-name": "hostname",
    "ip-v4": "ipv4",
    "ip-v6": "ipv6",
}
_TYPE_NAMES = frozenset({"integer", "number", "string", "boolean", "object", "array"})
# Registered formats that describe strings: on a number, boolean, array or object they do nothing.
_STRING_FORMATS = frozenset(
    [
        "base64url", "binary", "byte", "char", "commonmark", "date", "date-time", "duration", "email", "hostname",
        "html", "http-date", "idn-email", "idn-hostname", "ipv4", "ipv6", "iri", "iri-reference", "json-pointer",
        "media-range", "password", "regex", "relative-json-pointer", "time", "uri", "uri-reference",
        "uri-template", "uuid",
    ]
)  # fmt: skip

# Keywords of a Schema Object: JSON Schema 2020-12 (and the draft-04..2019-09 spellings that
# OpenAPI 3.0 documents carry) plus OpenAPI's own.
SCHEMA_KEYWORDS = frozenset(
    [
        "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment", "$defs",
        "$recursiveRef", "$recursiveAnchor", "definitions", "dependencies", "additionalItems",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items",
        "contains", "properties", "patternProperties", "additionalProperties", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "type", "enum", "const", "multipleOf", "maximum",
        "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
        "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required",
        "dependentRequired", "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
        "format", "contentEncoding", "contentMediaType", "contentSchema",
        "discriminator", "xml", "externalDocs", "example", "nullable",
    ]
)  # fmt: skip
_FOLDED = {keyword.replace("_", "").replace("-", "").lower(): keyword for keyword in SCHEMA_KEYWORDS}
_FOLDED.update({"minlenght": "minLength", "maxlenght": "maxLength", "additionalproperty": "additionalProperties"})
# Keywords that constrain only values of one JSON type. ``uniqueItems`` is left out: Swagger 2
# converters put ``uniqueItems: true`` on every scalar parameter (all of Kubernetes' query
# parameters), where it states no limit anyone could rely on.
_FOR_TYPE = {
    "string": ("minLength", "maxLength", "pattern"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "array": ("items", "prefixItems", "minItems", "maxItems", "contains", "minContains", "maxContains"),
    "object": (
        "properties", "required", "additionalProperties", "patternProperties", "propertyNames", "minProperties",
        "maxProperties", "dependentRequired",
    ),
}  # fmt: skip
_KEYWORD_TYPE = {keyword: kind for kind, keywords in _FOR_TYPE.items() for keyword in keywords}
_WHAT = {"string": "a string", "number": "a number", "array": "an array", "object": "an object"}


def check(ctx: LintContext) -> None:
    """Run the keyword and format rules over every schema object."""
    is_31 = ctx.spec.is_31
    for site in ctx.schemas:
        schema = site.schema
        fmt = schema.get("format")
        if isinstance(fmt, str):
            formats(ctx, site, fmt)
        if is_31 and ctx.wants("schema-keyword-unknown"):
            unknown_keywords(ctx, site)
        if ctx.wants("schema-keyword-inapplicable"):
            inapplicable(ctx, site)
        if not is_31 and schema.get("nullable") is True and "type" not in schema:
            nullable_without_type(ctx, site)


def formats(ctx: LintContext, site: SchemaSite, fmt: str) -> None:
    """``format-unknown`` and ``format-misused``."""
    pointer = jp.child(site.pointer, "format")
    kinds = set(declared_types(site.schema)) - {"null"}
    problem = _format_problem(fmt, kinds, _relative_example(site.schema))
    if problem:
        ctx.report("format-misused", pointer, problem)
    elif fmt not in KNOWN_FORMATS:
        ctx.report(
            "format-unknown",
            pointer,
            f"format `{_short(fmt)}` is not in the OpenAPI format registry: OpenAPI allows it, but tools that do "
            "not know it treat the value as a plain "
            f"{'/'.join(sorted(kinds)) or 'value'} (say in `description` what it means)",
        )


def _relative_example(schema: dict[str, Any]) -> bool:
    """Whether the schema's example is a relative URL (``/v4/linode/instances/123``)."""
    example = schema.get("example")
    return isinstance(example, str) and bool(example) and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", example)


def _format_problem(fmt: str, kinds: set[str], relative: bool = False) -> str:
    if fmt in _TYPE_NAMES:
        if kinds and fmt not in kinds:
            shown = "/".join(sorted(kinds))
            return (
                f"`format: {fmt}` names a JSON type, not a format, and no validator reads it: this `{shown}` "
                f"schema accepts values that are not {fmt}s (write `type: {fmt}`)"
            )
        return f"`format: {fmt}` names a JSON type, not a format; remove it (the `type` says it)"
    if fmt not in KNOWN_FORMATS:
        meant = _MISSPELLED_FORMATS.get(fmt) or next((k for k in KNOWN_FORMATS if k.lower() == fmt.lower()), None)
        if meant == "uri" and relative:
            meant = "uri-reference"  # the example is a path: `uri` would refuse it
        if meant:
            return (
                f"format `{fmt}` is not a registered format; `{meant}` is, and tools that know `{meant}` "
                f"ignore `{fmt}` (write `format: {meant}`)"
            )
        return ""
    if kinds and kinds <= {"array", "object"}:
        where = "`items`" if "array" in kinds else "the properties it describes"
        return (
            f"`format: {fmt}` on an {'/'.join(sorted(kinds))} schema checks nothing (formats apply to strings "
            f"and numbers); move it to {where}"
        )
    if fmt in _STRING_FORMATS and kinds and "string" not in kinds:
        return (
            f"`format: {fmt}` describes strings, but the schema's type is {'/'.join(sorted(kinds))}: validators "
            "ignore it there and generators that map it to a string type mis-parse the value"
        )
    return ""


def unknown_keywords(ctx: LintContext, site: SchemaSite) -> None:
    """``schema-keyword-unknown`` (OpenAPI 3.1, where the OpenAPI schema lets any key through)."""
    for key in site.schema:
        if not isinstance(key, str) or key in SCHEMA_KEYWORDS or key.startswith("x-"):
            continue
        meant = _FOLDED.get(key.replace("_", "").replace("-", "").lower())
        hint = f"; did you mean `{meant}`?" if meant else " (prefix vendor extensions with `x-`)"
        ctx.report(
            "schema-keyword-unknown",
            jp.child(site.pointer, key),
            f"`{_short(key)}` is not a JSON Schema or OpenAPI keyword, so validators and generators ignore "
            f"it{hint}",
        )
    properties = site.schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, value in properties.items():
        if isinstance(value, bool) and name in _KEYWORD_TYPE and _KEYWORD_TYPE[name] == "object":
            ctx.report(
                "schema-keyword-unknown",
                jp.child(jp.child(site.pointer, "properties"), name),
                f"`{name}: {str(value).lower()}` is inside `properties`, where it declares a property named "
                f"`{name}` {'that may hold anything' if value else 'that must be absent'}; move it up one level "
                "to make it the keyword",
            )


def inapplicable(ctx: LintContext, site: SchemaSite) -> None:
    """``schema-keyword-inapplicable``: a keyword of another type than every type the schema declares."""
    kinds = {("number" if kind == "integer" else kind) for kind in declared_types(site.schema)} - {"null"}
    if not kinds or not kinds <= set(_FOR_TYPE) | {"boolean"}:
        return
    declared = "/".join(t for t in declared_types(site.schema) if t != "null")
    for key in site.schema:
        owner = _KEYWORD_TYPE.get(key) if isinstance(key, str) else None
        if owner is None or owner in kinds:
            continue
        if key == "required" and kinds == {"array"}:
            fix = "it belongs on the items' object schema"
        elif owner == "string" and kinds == {"number"}:
            fix = "bound a number with `minimum`/`maximum`"
        else:
            fix = f"it only constrains {_WHAT[owner]}: fix the `type` or remove the keyword"
        ctx.report(
            "schema-keyword-inapplicable",
            jp.child(site.pointer, key),
            f"`{key}` on a schema of type {declared} checks nothing; {fix}",
        )


def nullable_without_type(ctx: LintContext, site: SchemaSite) -> None:
    """``nullable-type-sibling``: OpenAPI 3.0.3 gives ``nullable`` effect only beside ``type``."""
    beside = next((key for key in ("$ref", "allOf", "oneOf", "anyOf") if key in site.schema), None)
    if beside is None and site.keyword in ("anyOf", "oneOf"):
        ctx.report(
            "nullable-type-sibling",
            jp.child(site.pointer, "nullable"),
            f"an `{site.keyword}` member with `nullable: true` and no `type`: OpenAPI 3.0.3 gives `nullable` effect "
            "only beside `type`, so this member allows any value and the union accepts anything; declare "
            "`nullable: true` with the `type` on the schema that holds the union instead",
        )
        return
    if beside is None:
        lead, fix = "`nullable: true` without `type`", "add the `type`"
    else:
        lead = f"`nullable: true` beside `{beside}` without `type`"
        fix = "add `type` beside it"
        if beside == "$ref":
            fix += " (siblings of `$ref` are ignored: wrap the reference in `allOf`)"
    ctx.report(
        "nullable-type-sibling",
        jp.child(site.pointer, "nullable"),
        f"{lead}: OpenAPI 3.0.3 gives `nullable` effect only when `type` is in the same schema, so tools "
        f"disagree on whether null is allowed here; {fix}",
    )


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
