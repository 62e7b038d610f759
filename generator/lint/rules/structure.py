"""Structural validity: the document against the OpenAPI 3.0/3.1 JSON Schema.

openapi-spec-validator ships the official OAS schemas; they are compiled here with
jsonschema-rs (about 30 ms for the 3 MB OpenAI spec, where the validator's own walk
takes about 10 s) and every error is mapped to the pointer of the offending node.
For 3.1 each Schema Object is also checked against the JSON Schema 2020-12 meta-schema,
as openapi-spec-validator does.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from generator.lint.context import LintContext
from generator.lint.validation import explain
from generator.spec import pointer as jp
from generator.spec.walk import SchemaSite

_MAX_ERRORS = 200
# The schema of a parameter or header: its value is a string on the wire, absent rather than null,
# so `nullable` there changes nothing either way (and `nullable: false` never does).
_PARAMETER_SCHEMA = re.compile(r"/(?:parameters|headers)/[^/]+/schema$")
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@cache
def oas_schema(minor: int) -> dict[str, Any]:
    """The official OpenAPI 3.``minor`` schema, as shipped by openapi-spec-validator."""
    found = importlib.util.find_spec("openapi_spec_validator")  # locates it without importing it (slow)
    if found is None or not found.submodule_search_locations:
        raise RuntimeError("openapi-spec-validator is not installed")
    path = Path(found.submodule_search_locations[0]) / "resources" / "schemas" / f"v3.{minor}" / "schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if minor == 1:
        # The published 3.1 schema leaves Schema Objects open ("type: object|boolean");
        # the schema-base variant checks them against the 2020-12 meta-schema.
        schema["$defs"]["schema"] = {"$dynamicAnchor": "meta", "$ref": _DIALECT}
    return schema


@cache
def _validator(minor: int) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(oas_schema(minor), validate_formats=False, offline=True)


def check(ctx: LintContext) -> None:
    """Report ``oas-schema`` and ``oas31-nullable`` findings."""
    if ctx.wants("oas-schema"):
        check_schema(ctx)
    if ctx.wants("oas31-nullable") and ctx.spec.minor == 1:
        for site in ctx.schemas:
            if site.schema.get("nullable") is True and not _PARAMETER_SCHEMA.search(_root(site).pointer):
                ctx.report(
                    "oas31-nullable",
                    jp.child(site.pointer, "nullable"),
                    "`nullable: true` means nothing in OpenAPI 3.1 (validators ignore it), so null is refused; "
                    "add 'null' to `type` instead (or a `{type: 'null'}` member to the union)",
                )


def _root(site: SchemaSite) -> SchemaSite:
    while site.parent is not None:
        site = site.parent
    return site


def check_schema(ctx: LintContext) -> None:
    """Validate the whole document against the OAS schema; one finding per leaf error."""
    validator = _validator(ctx.spec.minor)
    if validator.is_valid(ctx.data):
        return
    schema = oas_schema(ctx.spec.minor)
    count = 0
    for error in validator.iter_errors(ctx.data):
        key = _bad_key(error)
        for problem in explain(error, schema):
            pointer = jp.child(problem.pointer, key) if key is not None else problem.pointer
            where = pointer or "the document root"
            ctx.report("oas-schema", pointer, f"{where}: {problem.message}")
            count += 1
        if count >= _MAX_ERRORS:
            break


def _bad_key(error: jsonschema_rs.ValidationError) -> str | None:
    """The key a ``propertyNames`` error is about (a component name such as ``a@b``), so the
    finding points at that entry rather than at the whole map."""
    kind = error.kind
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.PropertyNames):
        inner = kind.error.instance
        return inner if isinstance(inner, str) else None
    return None
