"""The API's objects as typed classes. Every model keeps every field the server sent:
``to_dict()`` returns them all, unknown ones included, and ``model["field"]`` reads any of
them. Amounts are integers in minor units (``150000`` is 1,500.00)."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Generic, Iterator, List, Optional, Tuple, Type, TypeVar


class Model:
    """Base of every model: typed attributes for the documented fields, plus the raw data."""

    _fields: ClassVar[Tuple[str, ...]] = ()
    _nested: ClassVar[Dict[str, Type["Model"]]] = {}

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = dict(data)
        for name in self._fields:
            value = data.get(name)
            nested = self._nested.get(name)
            if nested is not None and isinstance(value, list):
                value = [nested(item) for item in value]
            object.__setattr__(self, name, value)

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


class Customer(Model):
    """A customer: a company you bill."""

    _fields = ("id", "name", "email", "external_id", "default_payment_method_id", "created_at")
    id: str
    name: Optional[str]
    email: Optional[str]
    external_id: Optional[str]
    default_payment_method_id: Optional[str]
    created_at: Optional[str]


class CustomerUser(Model):
    """A user (contact) of a customer."""

    _fields = ("id", "email", "first_name", "last_name", "job_title", "phone", "created_at")
    id: str
    email: Optional[str]
    first_name: Optional[str]
    last_name: Optional[str]
    job_title: Optional[str]
    phone: Optional[str]
    created_at: Optional[str]


class PaymentMethod(Model):
    """A saved payment method of a customer."""

    _fields = ("id", "type", "brand", "last4", "exp_month", "exp_year", "default", "created_at")
    id: str
    type: Optional[str]
    brand: Optional[str]
    last4: Optional[str]
    exp_month: Optional[str]
    exp_year: Optional[str]
    default: Optional[bool]
    created_at: Optional[str]


class LineItem(Model):
    """One line of an invoice; ``amount`` in minor units, negative for a discount."""

    _fields = ("description", "amount", "quantity")
    description: str
    amount: int
    quantity: int


class Invoice(Model):
    """An invoice. ``status`` is kept as the server sent it (``OPEN``, ``PAID``, ...)."""

    _fields = ("id", "customer_id", "status", "amount", "currency", "due_date", "line_items", "created_at")
    _nested = {"line_items": LineItem}
    id: str
    customer_id: Optional[str]
    status: Optional[str]
    amount: Optional[int]
    currency: Optional[str]
    due_date: Optional[str]
    line_items: Optional[List[LineItem]]
    created_at: Optional[str]


class PaymentRequest(Model):
    """A one-off payment request; share ``url`` with the payer."""

    _fields = ("id", "amount", "currency", "status", "reference_id", "redirect_url", "url", "created_at")
    id: str
    amount: Optional[int]
    currency: Optional[str]
    status: Optional[str]
    reference_id: Optional[str]
    redirect_url: Optional[str]
    url: Optional[str]
    created_at: Optional[str]


class Transaction(Model):
    """A payment."""

    _fields = (
        "id", "amount", "currency", "status", "type", "payment_method", "direction",
        "invoice_id", "customer_id", "created_at",
    )
    id: str
    amount: Optional[int]
    currency: Optional[str]
    status: Optional[str]
    type: Optional[str]
    payment_method: Optional[str]
    direction: Optional[str]
    invoice_id: Optional[str]
    customer_id: Optional[str]
    created_at: Optional[str]


class Payout(Model):
    """A payout batch."""

    _fields = ("id", "status", "amount", "currency", "created_at")
    id: str
    status: Optional[str]
    amount: Optional[int]
    currency: Optional[str]
    created_at: Optional[str]


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


__all__ = [
    "Model",
    "Customer",
    "CustomerUser",
    "PaymentMethod",
    "LineItem",
    "Invoice",
    "PaymentRequest",
    "Transaction",
    "Payout",
    "Page",
]
