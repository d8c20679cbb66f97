"""What the resource namespaces share: the lazy list iterators, argument passing and the
types of arguments. Hand-written; the namespaces themselves are generated (``_resources.py``)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Dict, Generic, List, Optional, Type, TypeVar, Union

from . import _native
from ._errors import InvalidArgumentError
from ._model import Model, Page
from ._models import LineItem

if TYPE_CHECKING:  # imported by the native module on the first awaited call, not at import
    import asyncio

M = TypeVar("M", bound=Model)
LineItemInput = Union[LineItem, Dict[str, Any]]
TimeFilter = Union[str, date, datetime]
"""A time filter (``created_at_start``, ``due_date_end``, ``start_date``...): a ``date`` or
``"2025-01-31"`` is sent as that day's first instant in UTC for a start and its last for an end;
an aware ``datetime`` or an RFC 3339 string with an offset is sent as given; a naive ``datetime``
is refused (its zone is unknown)."""


class _PageInHand:
    """The rest of the page in hand, taken from the native list in one call (no request, no
    wait) and handed out one by one."""

    def __init__(self) -> None:
        self._items: List[Dict[str, Any]] = []
        self._next = 0

    def take(self, pages: "Union[_native.NativePages, _native.NativeAsyncPages]") -> Optional[Dict[str, Any]]:
        """The next item of the page in hand, or ``None``: then the list must fetch."""
        if self._next == len(self._items):
            rest = pages.take_buffered()
            if rest is None:
                return None
            self._items, self._next = rest, 0
        item = self._items[self._next]
        self._next += 1
        return item


class PageIterator(Generic[M]):
    """The remaining pages of a list. After an error the next ``next()`` asks for the page that
    failed again, so catching the error and going on loses nothing."""

    def __init__(self, model: Type[M], pages: "_native.NativePages") -> None:
        self._model = model
        self._pages = pages

    def __iter__(self) -> "PageIterator[M]":
        return self

    def __next__(self) -> Page[M]:
        page = self._pages.next_page()
        if page is None:
            raise StopIteration
        return Page(self._model, page)


class ListIterator(Generic[M]):
    """Every item of a list, fetched page by page as you iterate (one page in memory).

    After an error (a failed page, Ctrl-C) the iterator is not finished: the next ``next()``
    asks for the page that failed again and goes on, so no item is skipped and the list never
    ends early without an exception."""

    def __init__(self, model: Type[M], pages: "_native.NativePages") -> None:
        self._model = model
        self._pages = pages
        self._in_hand = _PageInHand()

    def __iter__(self) -> "ListIterator[M]":
        return self

    def __next__(self) -> M:
        item = self._in_hand.take(self._pages)
        if item is None:
            item = self._pages.next_item()
        if item is None:
            raise StopIteration
        return self._model(item)

    def pages(self) -> PageIterator[M]:
        """The remaining pages instead of the items."""
        return PageIterator(self._model, self._pages)


def _args(**args: Any) -> Dict[str, Any]:
    return {name: value for name, value in args.items() if value is not None}


def _milliseconds(name: str, seconds: Optional[float]) -> Optional[int]:
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        error = InvalidArgumentError(f"invalid argument `{name}`: must be a non-negative number of seconds")
        error.argument = name
        raise error
    return int(seconds * 1000)


class _Resource:
    def __init__(self, native: "_native.NativeClient") -> None:
        self._native = native

    def _call(self, operation: str, **args: Any) -> Any:
        return self._native.call(operation, _args(**args))

    def _list(self, model: Type[M], operation: str, **args: Any) -> ListIterator[M]:
        return ListIterator(model, self._native.list(operation, _args(**args)))

    def _page(self, model: Type[M], operation: str, **args: Any) -> Page[M]:
        return Page(model, self._call(operation, **args))


# ---- asyncio -------------------------------------------------------------------------------


def _settle(future: "asyncio.Future[Any]", ok: bool, value: Any) -> None:
    """Called on the event loop by the native module when a call ends; a cancelled future
    stays cancelled."""
    if future.done():
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


class AsyncPageIterator(Generic[M]):
    """The remaining pages of a list, for ``async for``. After an error the next step asks for
    the page that failed again."""

    def __init__(self, model: Type[M], pages: "_native.NativeAsyncPages") -> None:
        self._model = model
        self._pages = pages

    def __aiter__(self) -> "AsyncPageIterator[M]":
        return self

    async def __anext__(self) -> Page[M]:
        page = await self._pages.next_page()
        if page is None:
            raise StopAsyncIteration
        return Page(self._model, page)


class AsyncListIterator(Generic[M]):
    """Every item of a list for ``async for``, fetched one page at a time as you iterate; the
    event loop is never blocked. After an error (or a cancelled step) the iterator is not
    finished: the next step asks for the page that failed again, so no item is skipped."""

    def __init__(self, model: Type[M], pages: "_native.NativeAsyncPages") -> None:
        self._model = model
        self._pages = pages
        self._in_hand = _PageInHand()

    def __aiter__(self) -> "AsyncListIterator[M]":
        return self

    async def __anext__(self) -> M:
        # Items of the page in hand come at once; only the next page is awaited.
        item = self._in_hand.take(self._pages)
        if item is None:
            item = await self._pages.next_item()
        if item is None:
            raise StopAsyncIteration
        return self._model(item)

    def pages(self) -> AsyncPageIterator[M]:
        """The remaining pages instead of the items."""
        return AsyncPageIterator(self._model, self._pages)


class _AsyncResource:
    def __init__(self, native: "_native.NativeClient") -> None:
        self._native = native

    async def _call(self, operation: str, **args: Any) -> Any:
        return await self._native.call_async(operation, _args(**args))

    def _list(self, model: Type[M], operation: str, **args: Any) -> AsyncListIterator[M]:
        return AsyncListIterator(model, self._native.list_async(operation, _args(**args)))

    async def _page(self, model: Type[M], operation: str, **args: Any) -> Page[M]:
        return Page(model, await self._call(operation, **args))
