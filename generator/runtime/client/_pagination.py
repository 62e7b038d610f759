"""Cursor pages: models holding one page's items; iterating a page walks every following page too."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar, cast

from pydantic import BaseModel as PydanticModel
from pydantic import ConfigDict, PrivateAttr

from ._models import BaseModel
from ._response import wire_value

__all__ = ["AsyncCursorPage", "AsyncPaginator", "CursorSpec", "SyncCursorPage", "page_class"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT", bound="AsyncCursorPage[Any]")
KindT = TypeVar("KindT", bound="_CursorPage[Any]")


@dataclass(frozen=True)
class CursorSpec:
    """Where a page keeps its items and how the next page is asked for."""

    items: str
    has_more: str | None
    cursor_param: str
    cursor_field: str


class _CursorPage(BaseModel, Generic[ItemT]):
    """One page: ``data`` (the items), ``has_more``, and the response's other members as attributes."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    data: list[ItemT]
    has_more: bool | None = None

    _spec: CursorSpec | None = PrivateAttr(default=None)
    _envelope: PydanticModel | None = PrivateAttr(default=None)

    @classmethod
    def of(cls, envelope: PydanticModel, spec: CursorSpec) -> Self:
        """The page of a validated response object (its items member becomes ``data``)."""
        items = wire_value(envelope, spec.items)
        more = wire_value(envelope, spec.has_more) if spec.has_more is not None else None
        skipped = {spec.items, spec.has_more}
        members = {
            name: getattr(envelope, name)
            for name, info in type(envelope).model_fields.items()
            if (info.alias or name) not in skipped and name in envelope.model_fields_set
        }
        members.update(envelope.model_extra or {})
        members.pop("data", None)  # an envelope member called like a page field: the page's meaning wins
        members.pop("has_more", None)
        page = cls.model_construct(data=list(items or []), has_more=None if more is None else bool(more), **members)
        page._spec = spec
        page._envelope = envelope
        return page

    @property
    def envelope(self) -> PydanticModel | None:
        """The whole response object of this page, as the spec's list model."""
        return self._envelope

    def has_next_page(self) -> bool:
        """True unless this page is empty or the server said no more pages follow."""
        return bool(self.data) and self.has_more is not False

    def next_cursor(self) -> str:
        """The cursor of the next page: the cursor field of the last item."""
        if self._spec is None:
            raise RuntimeError("this page was not read from a response: it has no next page")
        return str(wire_value(self.data[-1], self._spec.cursor_field))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.data)} has_more={self.has_more}>"


class SyncCursorPage(_CursorPage[ItemT], Generic[ItemT]):
    """A page of a cursor-paginated list; iterating it walks all following pages too."""

    _fetch: Callable[[str], SyncCursorPage[ItemT]] | None = PrivateAttr(default=None)

    @classmethod
    def read(cls, envelope: PydanticModel, spec: CursorSpec, fetch: Callable[[str], SyncCursorPage[ItemT]]) -> Self:
        """The page of a response; ``fetch(cursor)`` requests the following one."""
        page = cls.of(envelope, spec)
        page._fetch = fetch
        return page

    def get_next_page(self) -> SyncCursorPage[ItemT]:
        """Request the page after this one."""
        if self._fetch is None:
            raise RuntimeError("this page was not read from a response: it has no next page")
        return self._fetch(self.next_cursor())

    def iter_pages(self) -> Iterator[SyncCursorPage[ItemT]]:
        """This page, then every following page."""
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[ItemT]:  # type: ignore[override]  # pydantic iterates fields; a page its items
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPage(_CursorPage[ItemT], Generic[ItemT]):
    """A page of a cursor-paginated list; ``async for`` walks all following pages too."""

    _fetch: Callable[[str], Awaitable[AsyncCursorPage[ItemT]]] | None = PrivateAttr(default=None)

    @classmethod
    def read(
        cls, envelope: PydanticModel, spec: CursorSpec, fetch: Callable[[str], Awaitable[AsyncCursorPage[ItemT]]]
    ) -> Self:
        """The page of a response; ``fetch(cursor)`` requests the following one."""
        page = cls.of(envelope, spec)
        page._fetch = fetch
        return page

    async def get_next_page(self) -> AsyncCursorPage[ItemT]:
        """Request the page after this one."""
        if self._fetch is None:
            raise RuntimeError("this page was not read from a response: it has no next page")
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


class AsyncPaginator(Generic[ItemT, PageT]):
    """What an async list method returns: ``await`` it for the first page, ``async for`` it for every item."""

    def __init__(self, first_page: Callable[[], Awaitable[PageT]]) -> None:
        self._first_page = first_page

    def __await__(self) -> Generator[Any, None, PageT]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page = await self
        async for item in page:
            yield item


def page_class(kind: type[KindT], item: type[Any]) -> type[KindT]:
    """``kind[item]``, e.g. ``SyncCursorPage[VectorStoreFile]`` (pydantic makes the class once per item class)."""
    return cast(type[KindT], cast(Any, kind)[item])
