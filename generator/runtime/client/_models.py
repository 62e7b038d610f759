"""The base of every generated model and page: pydantic, plus the SDK helpers ``to_dict`` and ``to_json``."""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, TypeVar, Union, cast, get_args, get_origin

import pydantic

__all__ = ["BaseModel", "built", "construct_type_unchecked"]

T = TypeVar("T")
_DEEPER = (1, 4, 16)  # a build that exceeds the recursion limit is retried at these multiples of it
_BUILDING = threading.local()


class BaseModel(pydantic.BaseModel):
    """A pydantic model with ``to_dict()`` and ``to_json()`` (wire names, only the members that were set).

    Models are built on first use (``defer_build``); see ``built`` for graphs deeper than Python's
    recursion limit.
    """

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Mapping[str, Any] | None = None,
    ) -> bool | None:
        rebuild = super().model_rebuild
        return built(
            lambda: rebuild(
                force=force,
                raise_errors=raise_errors,
                _parent_namespace_depth=_parent_namespace_depth + 3,  # this method, built, the lambda
                _types_namespace=_types_namespace,
            )
        )

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, object]:
        """The model as a dict: by default with the API's member names and only what was set.

        ``mode="json"`` gives JSON-compatible values only (e.g. no ``datetime``).
        """
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """The model as JSON text: by default indented, with the API's member names and only what was set."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )


def built(build: Callable[[], T]) -> T:
    """``build()`` (of a model's or a type adapter's validator), with a higher recursion limit if it
    needs one. pydantic builds every unbuilt model it meets in one recursion, so a deep graph of
    models (Elasticsearch's) needs more than Python's default 1,000 frames; the limit is restored after.
    """
    if getattr(_BUILDING, "active", False):  # a model met while building another: the outer call retries
        return build()
    _BUILDING.active = True
    limit = sys.getrecursionlimit()
    try:
        for factor in _DEEPER[:-1]:
            sys.setrecursionlimit(limit * factor)
            try:
                return build()
            except RecursionError:
                pass
        sys.setrecursionlimit(limit * _DEEPER[-1])
        return build()
    finally:
        sys.setrecursionlimit(limit)
        _BUILDING.active = False


def construct_type_unchecked(*, value: object, type_: type[T]) -> T:
    """``value`` as ``type_`` without validation: nested models are built with ``model_construct``.

    For test doubles and for data known to be valid; a value that does not fit is kept as it is.
    """
    return cast(T, _construct(value, type_))


def _construct(value: object, type_: Any) -> object:
    origin = get_origin(type_)
    if origin is Annotated:
        return _construct(value, get_args(type_)[0])
    if origin is Union or origin is types.UnionType:
        models = [arg for arg in get_args(type_) if _is_model(arg)]
        return _construct(value, models[0]) if models and isinstance(value, Mapping) else value
    if origin is list and isinstance(value, list):
        (item,) = get_args(type_) or (Any,)
        return [_construct(entry, item) for entry in value]
    if origin is dict and isinstance(value, Mapping):
        item = get_args(type_)[1] if get_args(type_) else Any
        return {key: _construct(entry, item) for key, entry in value.items()}
    if _is_model(type_) and isinstance(value, Mapping):
        fields: dict[str, object] = {}
        for name, info in type_.model_fields.items():
            key = info.alias or name
            if key in value:
                fields[name] = _construct(value[key], info.annotation)
        known = {info.alias or name for name, info in type_.model_fields.items()}
        extra = {str(key): entry for key, entry in value.items() if key not in known}
        return type_.model_construct(**fields, **extra)
    return value


def _is_model(type_: object) -> bool:
    return isinstance(type_, type) and issubclass(type_, pydantic.BaseModel)
