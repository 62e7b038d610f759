"""Validation helpers the models use beyond JSON Schema: invariants, required groups, aliases, open unions."""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationInfo, ValidatorFunctionWrapHandler

from ._checks import check

__all__ = [
    "MembersError",
    "ResponseInvariantWarning",
    "canonical",
    "check_invariant",
    "check_member_count",
    "check_value",
    "discriminate",
    "require_groups",
    "unique_items",
]


class ResponseInvariantWarning(UserWarning):
    """A response broke a rule the spec declares; it is returned anyway (the server decides what it sends)."""


def _from_response(info: ValidationInfo | None) -> bool:
    context = info.context if info is not None else None
    return isinstance(context, dict) and bool(context.get("specgen_response"))


class MembersError(ValueError):
    """A broken rule about several members; ``fields`` names them (for ``RequestValidationError.field``)."""

    def __init__(self, message: str, fields: tuple[str, ...]) -> None:
        super().__init__(message)
        self.fields = fields


def check_invariant(holds: bool, message: str, info: ValidationInfo | None, fields: tuple[str, ...] = ()) -> None:
    """Raise ValueError(message) unless ``holds``; in responses, warn instead."""
    if holds:
        return
    if _from_response(info):
        warnings.warn(message, ResponseInvariantWarning, stacklevel=2)
        return
    raise MembersError(message, fields) if fields else ValueError(message)


def require_groups(model: BaseModel, groups: list[tuple[str, ...]], *, mode: str, info: ValidationInfo | None) -> None:
    """Check groups of members: ``exactly`` one group given, ``at_least`` one, or ``not_all`` of one group."""
    given = [group for group in groups if all(name in model.model_fields_set for name in group)]
    names = " / ".join("+".join(group) for group in groups)
    members = tuple("+".join(group) for group in groups)
    if mode == "exactly" and len(given) != 1:
        found = "none" if not given else " and ".join("+".join(g) for g in given)
        check_invariant(False, f"exactly one of {names} must be given, found {found}", info, members)
    elif mode == "at_least" and not given:
        check_invariant(False, f"at least one of {names} must be given", info, members)
    elif mode == "not_all" and given:
        together = ", ".join(groups[0])
        check_invariant(False, f"{together} must not all be given together", info, tuple(groups[0]))


def check_member_count(value: Any, low: int | None, high: int | None) -> Any:
    """A mapping with at least ``low`` and at most ``high`` members (JSON Schema min/maxProperties)."""
    if isinstance(value, Mapping):
        if low is not None and len(value) < low:
            raise ValueError(f"must have at least {low} members, not {len(value)}")
        if high is not None and len(value) > high:
            raise ValueError(f"must have at most {high} members, not {len(value)}")
    return value


def check_value(value: Any, schema: Mapping[str, Any]) -> Any:
    """``value`` if it meets ``schema`` (constraints the model's types cannot carry); else CheckError.

    CheckError is a ValueError, so pydantic reports it as a validation error; its ``path``
    says where inside the field the problem is.
    """
    check(value.model_dump(mode="json", by_alias=True) if isinstance(value, BaseModel) else value, schema)
    return value


def unique_items(value: list[Any]) -> list[Any]:
    """``uniqueItems``: no two items equal as JSON (models by their members, mappings whatever their order)."""
    seen: set[str] = set()
    for item in value:
        key = json.dumps(_jsonable(item), sort_keys=True, default=str)
        if key in seen:
            raise ValueError(f"items must be unique; {key[:80]} is repeated")
        seen.add(key)
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def canonical(value: Any, aliases: Mapping[str, str]) -> Any:
    """The canonical spelling of a constant for any accepted alias."""
    if isinstance(value, str):
        return aliases.get(value, value)
    return value


def discriminate(
    value: Any,
    handler: ValidatorFunctionWrapHandler,
    info: ValidationInfo,
    tag: str,
    mapping: Mapping[str, type[BaseModel]],
    fallback: type[BaseModel],
) -> Any:
    """Validate a union member by its tag; unknown tags become ``fallback``, keeping every member.

    An object without the tag is an error (every variant names itself by it). The chosen
    variants go through ``handler`` too, so the field's own constraints (such as ``minItems`` of
    a list of union members) still apply.
    """
    if isinstance(value, list) and all(isinstance(item, Mapping) for item in value):
        return handler([_variant(item, info, tag, mapping, fallback) for item in value])
    if isinstance(value, Mapping):
        return handler(_variant(value, info, tag, mapping, fallback))
    return handler(value)


def _variant(
    value: Mapping[str, Any],
    info: ValidationInfo,
    tag: str,
    mapping: Mapping[str, type[BaseModel]],
    fallback: type[BaseModel],
) -> Any:
    if not isinstance(value.get(tag), str):
        raise ValueError(f"{tag!r} must name the variant (a string)")
    return mapping.get(str(value[tag]), fallback).model_validate(value, context=info.context)
