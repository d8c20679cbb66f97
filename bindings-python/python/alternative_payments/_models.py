"""The API's objects as typed classes. Every model keeps every field the server sent:
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
    """Base of every model: typed attributes for the documented fields, plus the raw data."""

    _fields: ClassVar[Tuple[str, ...]] = ()
    _nested: ClassVar[Dict[str, Type["Model"]]] = {}
    _money: ClassVar[Tuple[str, ...]] = ()

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = dict(data)
        for name in self._fields:
            value = data.get(name)
            nested = self._nested.get(name)
            if nested is not None and isinstance(value, list):
                value = [nested(item) for item in value]
            elif nested is not None and isinstance(value, dict):
                value = nested(value)
            elif name in self._money:
                value = _decimal(value)
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

    _fields = (
        "id", "name", "email", "external_id", "default_payment_method_id", "legal_name", "ein", "street_address",
        "sub_premise", "city", "state", "postal_code", "country", "customer_integration_id", "created_at",
    )
    id: str
    name: Optional[str]
    email: Optional[str]
    external_id: Optional[str]
    default_payment_method_id: Optional[str]
    legal_name: Optional[str]
    ein: Optional[str]
    street_address: Optional[str]
    sub_premise: Optional[str]
    city: Optional[str]
    state: Optional[str]
    postal_code: Optional[str]
    country: Optional[str]
    customer_integration_id: Optional[str]
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
    """One line of an invoice; ``amount`` exactly as sent (whole minor units in the guides,
    any number in the reference), negative for a discount."""

    _fields = ("description", "amount", "quantity")
    _money = ("amount",)
    description: str
    amount: Decimal
    quantity: int


class Fee(Model):
    """A fee on a transaction or a payout. ``type`` as sent: ``FT_LATE_PAYMENT``, ``FT_PRODUCT``,
    ``FT_METHOD``, ``FT_INTEREST`` on transactions; ``late_payment``, ``product``, ``method``,
    ``unspecified`` on payouts."""

    _fields = ("amount", "covered_by_customer", "name", "type")
    _money = ("amount",)
    amount: Optional[Decimal]
    covered_by_customer: Optional[bool]
    name: Optional[str]
    type: Optional[str]


class Invoice(Model):
    """An invoice. ``status`` is kept as the server sent it (``OPEN``, ``PAID``, ...);
    ``sub_total`` and ``total`` are the reference's totals, ``amount`` the guides' one."""

    _fields = (
        "id", "customer_id", "invoice_number", "status", "sub_total", "total", "amount", "currency", "due_date",
        "memo", "last_notification_at", "line_items", "created_at",
    )
    _nested = {"line_items": LineItem}
    _money = ("sub_total", "total", "amount")
    id: str
    customer_id: Optional[str]
    invoice_number: Optional[str]
    status: Optional[str]
    sub_total: Optional[Decimal]
    total: Optional[Decimal]
    amount: Optional[Decimal]
    currency: Optional[str]
    due_date: Optional[str]
    memo: Optional[str]
    last_notification_at: Optional[str]
    line_items: Optional[List[LineItem]]
    created_at: Optional[str]


class PaymentRequest(Model):
    """A one-off payment request; share ``url`` with the payer."""

    _fields = ("id", "amount", "currency", "status", "reference_id", "redirect_url", "url", "created_at")
    _money = ("amount",)
    id: str
    amount: Optional[Decimal]
    currency: Optional[str]
    status: Optional[str]
    reference_id: Optional[str]
    redirect_url: Optional[str]
    url: Optional[str]
    created_at: Optional[str]


class Transaction(Model):
    """A payment: ``sub_total``, ``total`` and ``fees`` in the reference; ``amount`` and
    ``currency`` in the guides."""

    _fields = (
        "id", "sub_total", "total", "fees", "amount", "currency", "status", "type", "payment_method", "direction",
        "invoice_id", "customer_id", "due_date", "created_at",
    )
    _nested = {"fees": Fee}
    _money = ("sub_total", "total", "amount")
    id: str
    sub_total: Optional[Decimal]
    total: Optional[Decimal]
    fees: Optional[List[Fee]]
    amount: Optional[Decimal]
    currency: Optional[str]
    status: Optional[str]
    type: Optional[str]
    payment_method: Optional[str]
    direction: Optional[str]
    invoice_id: Optional[str]
    customer_id: Optional[str]
    due_date: Optional[str]
    created_at: Optional[str]


class Payout(Model):
    """A payout batch. ``status`` as sent (``succeeded``, ``pending``, ``failed``, ...)."""

    _fields = (
        "id", "status", "customer_id", "sub_total", "total", "fees", "arrival_date", "amount", "currency", "created_at",
    )
    _nested = {"fees": Fee}
    _money = ("sub_total", "total", "amount")
    id: str
    status: Optional[str]
    customer_id: Optional[str]
    sub_total: Optional[Decimal]
    total: Optional[Decimal]
    fees: Optional[List[Fee]]
    arrival_date: Optional[str]
    amount: Optional[Decimal]
    currency: Optional[str]
    created_at: Optional[str]


class Reconciliation(Model):
    """A payout with every transaction that rolled into it, and whether its sums add up:
    the transactions make its ``sub_total``, and ``sub_total`` less the fees the customer did
    not cover is its ``total``. What does not add up is in ``discrepancies``."""

    _fields = ("payout", "transactions", "transactions_total", "fees_total", "balanced", "discrepancies")
    _nested = {"payout": Payout, "transactions": Transaction}
    _money = ("transactions_total", "fees_total")
    payout: Payout
    transactions: List[Transaction]
    transactions_total: Optional[Decimal]
    fees_total: Decimal
    balanced: bool
    discrepancies: List[str]


class WebhookSubscription(Model):
    """A webhook subscription: deliveries of one ``topic`` to ``endpoint_url``."""

    _fields = (
        "id", "endpoint_url", "topic", "is_active", "partner_id", "secret_last_4_digits", "created_at", "updated_at",
    )
    id: str
    endpoint_url: Optional[str]
    topic: Optional[str]
    is_active: Optional[bool]
    partner_id: Optional[str]
    secret_last_4_digits: Optional[str]
    created_at: Optional[str]
    updated_at: Optional[str]


class WebhookEvent(Model):
    """A webhook event. The reference does not show its fields: read any with ``event["name"]``."""

    _fields = ("id", "topic", "status", "created_at")
    id: Optional[str]
    topic: Optional[str]
    status: Optional[str]
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
    "Fee",
    "Invoice",
    "PaymentRequest",
    "Transaction",
    "Payout",
    "WebhookSubscription",
    "WebhookEvent",
    "Page",
]
