"""Sentinels and option types shared by the client and its resources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, Self, TypeVar

import httpx

__all__ = ["NOT_GIVEN", "NotGiven", "Omit", "RequestOptions", "Timeout", "given_or", "not_given", "omit", "or_else"]

T = TypeVar("T")


class NotGiven:
    """Marks an argument the caller did not pass, where ``None`` has a meaning (``timeout=None``)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance  # type: ignore[return-value]

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


class Omit:
    """Marks an optional parameter that is not sent at all; in ``extra_headers`` it removes a header."""

    _instance: Omit | None = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance  # type: ignore[return-value]

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"


not_given: Final = NotGiven()
NOT_GIVEN: Final = not_given
omit: Final = Omit()

Timeout = float | httpx.Timeout | None
_T = TypeVar("_T")


def or_else(value: _T | None, current: _T) -> _T:
    """``value``, or ``current`` when it is None (what ``copy()`` keeps of the client it copies)."""
    return current if value is None else value


def given_or(value: _T | NotGiven, current: _T) -> _T:
    """``value``, or ``current`` when it is ``not_given`` (None is a value here: no timeout)."""
    return current if isinstance(value, NotGiven) else value


@dataclass(frozen=True)
class RequestOptions:
    """Per-call options: extra headers, query and body members, timeout and retries."""

    extra_headers: Mapping[str, str | Omit] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | NotGiven = not_given
    max_retries: int | NotGiven = not_given
