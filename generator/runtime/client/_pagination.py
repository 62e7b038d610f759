"""Cursor pages: iterate a page to get every item of every page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from ._response import wire_value

__all__ = ["AsyncCursorPage", "CursorSpec", "SyncCursorPage"]

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class CursorSpec:
    """Where a page keeps its items and how the next page is asked for."""

    items: str
    has_more: str | None
    cursor_param: str
    cursor_field: str


class _Page(Generic[ItemT]):
    def __init__(self, model: BaseModel, spec: CursorSpec) -> None:
        self._model = model
        self._spec = spec

    @property
    def data(self) -> list[ItemT]:
        """The items of this page."""
        items = wire_value(self._model, self._spec.items)
        return list(items or [])

    @property
    def has_more(self) -> bool | None:
        """Whether the server says another page follows (None when it does not say)."""
        if self._spec.has_more is None:
            return None
        value = wire_value(self._model, self._spec.has_more)
        return None if value is None else bool(value)

    @property
    def model(self) -> BaseModel:
        """The whole response object of this page."""
        return self._model

    def has_next_page(self) -> bool:
        """True unless this page is empty or the server said no more pages follow."""
        return bool(self.data) and self.has_more is not False

    def next_cursor(self) -> str:
        """The cursor of the next page: the cursor field of the last item."""
        return str(wire_value(self.data[-1], self._spec.cursor_field))

    def __getattr__(self, name: str) -> Any:
        # Other members of the response (first_id, last_id, object, ...).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._model, name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.data)} has_more={self.has_more}>"


class SyncCursorPage(_Page[ItemT]):
    """A page of a cursor-paginated list; iterating it walks all following pages too."""

    def __init__(self, model: BaseModel, spec: CursorSpec, fetch: Callable[[str], SyncCursorPage[ItemT]]) -> None:
        super().__init__(model, spec)
        self._fetch = fetch

    def get_next_page(self) -> SyncCursorPage[ItemT]:
        """Request the page after this one."""
        return self._fetch(self.next_cursor())

    def iter_pages(self) -> Iterator[SyncCursorPage[ItemT]]:
        """This page, then every following page."""
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPage(_Page[ItemT]):
    """A page of a cursor-paginated list; ``async for`` walks all following pages too."""

    def __init__(
        self, model: BaseModel, spec: CursorSpec, fetch: Callable[[str], Awaitable[AsyncCursorPage[ItemT]]]
    ) -> None:
        super().__init__(model, spec)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncCursorPage[ItemT]:
        """Request the page after this one."""
        return await self._fetch(self.next_cursor())

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[ItemT]]:
        """This page, then every following page."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item
