"""The base of the API's typed objects (the classes are generated into ``_models.py``) and
pages. Every model keeps every field the server sent:
``to_dict()`` returns them all, unknown ones included, and ``model["field"]`` reads any of
them. Money attributes are :class:`decimal.Decimal`, exactly as the server sent them: whole
minor units in the guides (``Decimal(150000)`` is 1,500.00, and equals ``150000``), any number
in the vendor's reference (``sub_total``, ``total``, fees), never rounded."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Dict, Generic, Iterator, List, Optional, Tuple, Type, TypeVar


def _decimal(value: Any) -> Optional[Decimal]:
    """A money value from JSON (int, float or decimal string) as an exact Decimal."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, (int, str)):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


class Model:
    """Base of every model: typed attributes for the documented fields, plus the raw data.

    Attributes are made from the data when first read, then kept: a model that is only passed
    along (or read for two fields out of twenty) costs no more than its dict."""

    _fields: ClassVar[Tuple[str, ...]] = ()
    _nested: ClassVar[Dict[str, Type["Model"]]] = {}
    _money: ClassVar[Tuple[str, ...]] = ()

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = dict(data)

    def __getattr__(self, name: str) -> Any:
        # Called only for an attribute not made yet.
        if name.startswith("_") or name not in self._fields:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = self._data.get(name)
        nested = self._nested.get(name)
        if nested is not None and isinstance(value, list):
            value = [nested(item) for item in value]
        elif nested is not None and isinstance(value, dict):
            value = nested(value)
        elif name in self._money:
            value = _decimal(value)
        self.__dict__[name] = value
        return value

    def to_dict(self) -> Dict[str, Any]:
        """Every field the server sent, unknown ones included."""
        return dict(self._data)

    def __getitem__(self, name: str) -> Any:
        return self._data[name]

    def get(self, name: str, default: Any = None) -> Any:
        """Any field the server sent, documented or not."""
        return self._data.get(name, default)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and type(other) is type(self) and other._data == self._data

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._data.get("id")))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={self._data[name]!r}" for name in self._fields if self._data.get(name) is not None)
        return f"{type(self).__name__}({shown})"


M = TypeVar("M", bound=Model)


class Page(Generic[M]):
    """One page of a list. Iterate it for its items; pass ``end_cursor`` as ``after`` (or
    ``start_cursor`` as ``before``) to get the next (or previous) page."""

    data: List[M]
    has_next_page: bool
    has_previous_page: bool
    start_cursor: Optional[str]
    end_cursor: Optional[str]

    def __init__(self, model: Type[M], raw: Dict[str, Any]) -> None:
        self.data = [model(item) for item in raw.get("data", [])]
        self.has_next_page = bool(raw.get("has_next_page"))
        self.has_previous_page = bool(raw.get("has_previous_page"))
        self.start_cursor = raw.get("start_cursor")
        self.end_cursor = raw.get("end_cursor")

    def __iter__(self) -> Iterator[M]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return (
            f"Page({len(self.data)} items, has_next_page={self.has_next_page}, "
            f"end_cursor={self.end_cursor!r})"
        )
