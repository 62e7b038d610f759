"""Sentinels and option types shared by the client and its resources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, Self, TypeVar

import httpx

__all__ = ["NOT_GIVEN", "NotGiven", "Omit", "RequestOptions", "Timeout", "not_given", "omit"]

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


@dataclass(frozen=True)
class RequestOptions:
    """Per-call options: extra headers, query and body members, timeout and retries."""

    extra_headers: Mapping[str, str | Omit] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | NotGiven = not_given
    max_retries: int | NotGiven = not_given
