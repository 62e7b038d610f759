"""The JSON Schema subset the runtime checks a parameter (or a form member) against before sending
(``_checks.check``): types, bounds, lengths, patterns, enums and constants, item and member schemas,
required members, unique items, and ``anyOf``/``oneOf``/``allOf`` of those, references followed, to a bounded depth."""

from __future__ import annotations

from typing import Any

from generator.spec.load import Spec

_PLAIN_KEYS = (
    "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
)  # fmt: skip
_MAX_DEPTH = 4


def checks(spec: Spec, schema: Any, depth: int = 0) -> dict[str, Any]:
    """The checkable subset of ``schema`` (``{}``: anything goes)."""
    schema = spec.resolve(schema)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return {}
    result: dict[str, Any] = {}
    for key in _PLAIN_KEYS:
        value = schema.get(key)
        if key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in schema:
                result[key] = schema[bound]
        elif isinstance(value, (str, int, float, bool, list)) and key in schema:
            result[key] = value
    for key in ("exclusiveMinimum", "exclusiveMaximum"):
        if schema.get(key) is True:  # 3.0: the bound is exclusive, not inclusive
            result.pop("minimum" if key == "exclusiveMinimum" else "maximum", None)
    if isinstance(schema.get("items"), dict):
        result["items"] = checks(spec, schema["items"], depth + 1)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        found = {str(name): checks(spec, member, depth + 1) for name, member in properties.items()}
        result["properties"] = {name: member for name, member in found.items() if member}
    required = schema.get("required")
    if isinstance(required, list) and required and all(isinstance(name, str) for name in required):
        result["required"] = list(required)
    if isinstance(schema.get("additionalProperties"), dict):
        result["additionalProperties"] = checks(spec, schema["additionalProperties"], depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        members = schema.get(key)
        if isinstance(members, list) and members:
            found_members = [checks(spec, member, depth + 1) for member in members]
            if key == "allOf":
                found_members = [m for m in found_members if m]
                if found_members:
                    result[key] = found_members
            elif all(found_members):  # a member that accepts anything makes the union accept anything
                result[key] = found_members
    nullable = schema.get("nullable") is True
    if nullable and isinstance(result.get("type"), str):
        result["type"] = [result["type"], "null"]
    elif nullable and any(k in result for k in ("anyOf", "oneOf", "allOf", "enum", "const")):
        result = {"anyOf": [{"type": "null"}, result]}
    return {key: value for key, value in result.items() if value != {} or key == "items"}
