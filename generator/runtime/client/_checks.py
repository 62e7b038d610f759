"""A small JSON Schema subset checker for values the models' types alone cannot constrain.

Used for request parameters and for constraints inside unions and maps (for example "map
values are strings of at most 512 characters, numbers or booleans"), which pydantic types
would otherwise only express through wrapper classes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

__all__ = ["CheckError", "check"]

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple),
    "object": (dict, Mapping),
}


class CheckError(ValueError):
    """A value breaks a schema; ``path`` is the dotted place inside the value."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@lru_cache(maxsize=512)
def _pattern(expression: str) -> re.Pattern[str] | None:
    try:
        return re.compile(expression)
    except re.error:
        return None


def _join(path: str, part: str | int) -> str:
    return f"{path}.{part}" if path else str(part)


def check(value: Any, schema: Mapping[str, Any], path: str = "") -> None:
    """Raise CheckError when ``value`` breaks ``schema``."""
    for member in schema.get("allOf") or ():
        check(value, member, path)
    for key in ("anyOf", "oneOf"):
        members = schema.get(key)
        if isinstance(members, list) and members:
            errors = []
            for member in members:
                try:
                    check(value, member, path)
                    break
                except CheckError as exc:
                    errors.append(exc)
            else:
                raise _closest(errors, path)
    if value is None:
        declared = schema.get("type")
        if declared is None or declared == "null" or (isinstance(declared, list) and "null" in declared):
            return
        raise CheckError(path, "must not be None")
    _check_type(value, schema, path)
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(repr(v) for v in schema["enum"])
        raise CheckError(path, f"must be one of {choices}, not {value!r}")
    if "const" in schema and value != schema["const"]:
        raise CheckError(path, f"must be {schema['const']!r}, not {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        _check_number(value, schema, path)
    elif isinstance(value, str):
        _check_string(value, schema, path)
    elif isinstance(value, (list, tuple)):
        _check_array(value, schema, path)
    elif isinstance(value, (dict, Mapping)):  # dict first: an ABC check is slow
        _check_object(value, schema, path)


def _closest(errors: list[CheckError], path: str) -> CheckError:
    """The error of the union member that came closest: the deepest one, else the only non-type error."""
    deepest = max(errors, key=lambda e: len(e.path))
    if len(deepest.path) > len(path):
        return deepest
    relevant = [e for e in errors if not e.message.startswith(("must be of type", "must be None", "must not be None"))]
    if len(relevant) == 1:
        return relevant[0]
    return errors[0] if len(errors) == 1 else CheckError(path, "matches none of the allowed shapes")


def _check_type(value: Any, schema: Mapping[str, Any], path: str) -> None:
    declared = schema.get("type")
    if isinstance(declared, str) and declared != "null":  # the common case, without building lists
        allowed = _PYTHON_TYPES.get(declared, (object,))
        if (isinstance(value, bool) and declared != "boolean") or not isinstance(value, allowed):
            raise CheckError(path, f"must be of type {declared}, not {type(value).__name__}")
        return
    names = [declared] if isinstance(declared, str) else list(declared or [])
    if names and all(n == "null" for n in names):
        raise CheckError(path, f"must be None, not {type(value).__name__}")
    names = [n for n in names if n != "null"]
    if not names:
        return
    allowed = tuple(t for n in names for t in _PYTHON_TYPES.get(n, (object,)))
    if isinstance(value, bool) and "boolean" not in names:
        raise CheckError(path, f"must be of type {' or '.join(names)}, not bool")
    if not isinstance(value, allowed):
        raise CheckError(path, f"must be of type {' or '.join(names)}, not {type(value).__name__}")


def _check_number(value: float, schema: Mapping[str, Any], path: str) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        raise CheckError(path, f"must be >= {schema['minimum']}, not {value}")
    if "maximum" in schema and value > schema["maximum"]:
        raise CheckError(path, f"must be <= {schema['maximum']}, not {value}")
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        raise CheckError(path, f"must be > {schema['exclusiveMinimum']}, not {value}")
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        raise CheckError(path, f"must be < {schema['exclusiveMaximum']}, not {value}")
    if schema.get("multipleOf") and value % schema["multipleOf"]:
        raise CheckError(path, f"must be a multiple of {schema['multipleOf']}")


def _check_string(value: str, schema: Mapping[str, Any], path: str) -> None:
    if "minLength" in schema and len(value) < schema["minLength"]:
        raise CheckError(path, f"must be at least {schema['minLength']} characters long")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        raise CheckError(path, f"must be at most {schema['maxLength']} characters long")
    pattern = _pattern(schema["pattern"]) if isinstance(schema.get("pattern"), str) else None
    if pattern is not None and not pattern.search(value):
        raise CheckError(path, f"must match the pattern {schema['pattern']!r}")


def _check_array(value: Sequence[Any], schema: Mapping[str, Any], path: str) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        raise CheckError(path, f"must have at least {schema['minItems']} items, not {len(value)}")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        raise CheckError(path, f"must have at most {schema['maxItems']} items, not {len(value)}")
    if schema.get("uniqueItems") is True:
        seen: set[str] = set()
        for index, item in enumerate(value):
            key = json.dumps(item, sort_keys=True, default=str)
            if key in seen:
                raise CheckError(_join(path, index), f"repeats an earlier item ({key[:80]}): items must be unique")
            seen.add(key)
    items = schema.get("items")
    if isinstance(items, Mapping):
        for index, item in enumerate(value):
            check(item, items, _join(path, index))


def _check_object(value: Mapping[Any, Any], schema: Mapping[str, Any], path: str) -> None:
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        raise CheckError(path, f"must have at least {schema['minProperties']} members, not {len(value)}")
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        raise CheckError(path, f"must have at most {schema['maxProperties']} members, not {len(value)}")
    for name in schema.get("required") or ():
        if name not in value:
            raise CheckError(_join(path, name), "is required")
    names = schema.get("propertyNames")
    declared = schema.get("properties")
    properties: Mapping[Any, Any] = declared if isinstance(declared, Mapping) else {}
    extra = schema.get("additionalProperties")
    if not isinstance(names, Mapping):
        names = None
    if not isinstance(extra, Mapping):
        extra = None
    for key, member in value.items():
        where = _join(path, str(key))
        if names is not None:
            check(key, names, where)
        if key in properties and isinstance(properties[key], Mapping):
            check(member, properties[key], where)
        elif extra is not None:
            check(member, extra, where)
