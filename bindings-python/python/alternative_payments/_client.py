"""The client and its resource namespaces. All behaviour (auth, rate limiting, retries,
paging, decoding) is in the Rust core; this layer names arguments and wraps results."""

from __future__ import annotations

import logging
import math
from datetime import date, datetime
from typing import Any, Dict, Generic, Iterator, List, Optional, Type, TypeVar, Union

from . import _native
from ._errors import InvalidArgumentError
from ._models import (
    Customer,
    CustomerUser,
    Invoice,
    LineItem,
    Model,
    Page,
    PaymentMethod,
    PaymentRequest,
    Payout,
    Transaction,
    WebhookEvent,
    WebhookSubscription,
)

__version__: str = _native.__version__
logger = logging.getLogger("alternative_payments")

M = TypeVar("M", bound=Model)
LineItemInput = Union[LineItem, Dict[str, Any]]
TimeFilter = Union[str, date, datetime]
"""A time filter (``created_at_start``, ``due_date_end``, ``start_date``...): a ``date`` or
``"2025-01-31"`` is sent as that day's first instant in UTC for a start and its last for an end;
an aware ``datetime`` or an RFC 3339 string with an offset is sent as given; a naive ``datetime``
is refused (its zone is unknown)."""


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

    def __iter__(self) -> "ListIterator[M]":
        return self

    def __next__(self) -> M:
        item = self._pages.next_item()
        if item is None:
            raise StopIteration
        return self._model(item)

    def pages(self) -> PageIterator[M]:
        """The remaining pages instead of the items."""
        return PageIterator(self._model, self._pages)


def _args(**args: Any) -> Dict[str, Any]:
    return {name: value for name, value in args.items() if value is not None}


def _milliseconds(name: str, seconds: float) -> int:
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


class Customers(_Resource):
    """``client.customers``: customers, their payment methods and users."""

    def list(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        company_name: Optional[str] = None,
        created_at_start: Optional[TimeFilter] = None,
        created_at_end: Optional[TimeFilter] = None,
    ) -> ListIterator[Customer]:
        """Every customer, fetched lazily; ``limit`` is the page size."""
        return self._list(Customer, "customers.list", limit=limit, after=after, before=before,
                          company_name=company_name, created_at_start=created_at_start, created_at_end=created_at_end)

    def list_page(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        company_name: Optional[str] = None,
        created_at_start: Optional[TimeFilter] = None,
        created_at_end: Optional[TimeFilter] = None,
    ) -> Page[Customer]:
        """One page of customers."""
        return self._page(Customer, "customers.list_page", limit=limit, after=after, before=before,
                          company_name=company_name, created_at_start=created_at_start, created_at_end=created_at_end)

    def create(self, *, name: str, email: str, external_id: Optional[str] = None) -> Customer:
        """Creates a customer."""
        return Customer(self._call("customers.create", name=name, email=email, external_id=external_id))

    def get(self, id: str) -> Customer:
        """One customer by id; :class:`NotFoundError` if there is none."""
        return Customer(self._call("customers.get", id=id))

    def archive(self, id: str) -> Optional[Customer]:
        """Archives (soft-deletes) a customer: the customer, or ``None`` if the API sent no body."""
        data = self._call("customers.archive", id=id)
        return None if data is None else Customer(data)

    def payment_methods(self, id: str) -> List[PaymentMethod]:
        """The customer's saved payment methods."""
        return [PaymentMethod(item) for item in self._call("customers.payment_methods", id=id)]

    def users(
        self, id: str, *, limit: Optional[int] = None, after: Optional[str] = None, before: Optional[str] = None
    ) -> ListIterator[CustomerUser]:
        """Every user of a customer, fetched lazily."""
        return self._list(CustomerUser, "customers.users", id=id, limit=limit, after=after, before=before)

    def users_page(
        self, id: str, *, limit: Optional[int] = None, after: Optional[str] = None, before: Optional[str] = None
    ) -> Page[CustomerUser]:
        """One page of a customer's users."""
        return self._page(CustomerUser, "customers.users_page", id=id, limit=limit, after=after, before=before)

    def create_user(
        self, id: str, *, email: str, first_name: Optional[str] = None, last_name: Optional[str] = None
    ) -> CustomerUser:
        """Adds a user to a customer."""
        return CustomerUser(
            self._call("customers.create_user", id=id, email=email, first_name=first_name, last_name=last_name)
        )


class Invoices(_Resource):
    """``client.invoices``: invoices and their payment and PDF links."""

    def list(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        status: Optional[str] = None,
        customer_id: Optional[str] = None,
        created_at_start: Optional[TimeFilter] = None,
        created_at_end: Optional[TimeFilter] = None,
        due_date_start: Optional[TimeFilter] = None,
        due_date_end: Optional[TimeFilter] = None,
    ) -> ListIterator[Invoice]:
        """Every matching invoice, fetched lazily."""
        return self._list(Invoice, "invoices.list", limit=limit, after=after, before=before, status=status,
                          customer_id=customer_id, created_at_start=created_at_start, created_at_end=created_at_end,
                          due_date_start=due_date_start, due_date_end=due_date_end)

    def list_page(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        status: Optional[str] = None,
        customer_id: Optional[str] = None,
        created_at_start: Optional[TimeFilter] = None,
        created_at_end: Optional[TimeFilter] = None,
        due_date_start: Optional[TimeFilter] = None,
        due_date_end: Optional[TimeFilter] = None,
    ) -> Page[Invoice]:
        """One page of invoices."""
        return self._page(Invoice, "invoices.list_page", limit=limit, after=after, before=before, status=status,
                          customer_id=customer_id, created_at_start=created_at_start, created_at_end=created_at_end,
                          due_date_start=due_date_start, due_date_end=due_date_end)

    def create(self, *, customer_id: str, currency: str, due_date: str, line_items: List[LineItemInput]) -> Invoice:
        """Creates an invoice. Sent once: after a timeout or a 5xx the error has
        ``outcome_unknown`` set, and the SDK never sends it again by itself."""
        return Invoice(self._call("invoices.create", customer_id=customer_id, currency=currency,
                                  due_date=due_date, line_items=line_items))

    def get(self, id: str) -> Invoice:
        """One invoice by id."""
        return Invoice(self._call("invoices.get", id=id))

    def archive(self, id: str) -> Optional[Invoice]:
        """Archives an invoice: the invoice, or ``None`` if the API sent no body."""
        data = self._call("invoices.archive", id=id)
        return None if data is None else Invoice(data)

    def payment_link(self, id: str) -> str:
        """The hosted payment link of an invoice."""
        url: str = self._call("invoices.payment_link", id=id)
        return url

    def pdf_link(self, id: str) -> str:
        """A signed URL to download the invoice's PDF."""
        url: str = self._call("invoices.pdf_link", id=id)
        return url


class PaymentRequests(_Resource):
    """``client.payment_requests``: one-off payment requests."""

    def create(
        self, *, amount: int, currency: str, redirect_url: str, reference_id: Optional[str] = None
    ) -> PaymentRequest:
        """Creates a payment request; ``amount`` is a positive integer in minor units."""
        return PaymentRequest(self._call("payment_requests.create", amount=amount, currency=currency,
                                         redirect_url=redirect_url, reference_id=reference_id))

    def get(self, id: str) -> PaymentRequest:
        """One payment request by id."""
        return PaymentRequest(self._call("payment_requests.get", id=id))

    def wait(self, id: str, *, timeout: float = 300.0, poll_interval: float = 2.0) -> PaymentRequest:
        """Polls until the request is paid, expired or cancelled and returns it. Raises
        :class:`APITimeoutError` naming the last status after ``timeout`` seconds."""
        return PaymentRequest(self._call("payment_requests.wait", id=id,
                                         timeout_ms=_milliseconds("timeout", timeout),
                                         poll_interval_ms=_milliseconds("poll_interval", poll_interval)))


class Transactions(_Resource):
    """``client.transactions``: payments."""

    def list(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        status: Optional[str] = None,
        type: Optional[str] = None,
        payment_method: Optional[str] = None,
        invoice_id: Optional[str] = None,
        customer_id: Optional[str] = None,
        created_at_start: Optional[TimeFilter] = None,
        created_at_end: Optional[TimeFilter] = None,
    ) -> ListIterator[Transaction]:
        """Every matching transaction, fetched lazily (time filters as in :data:`TimeFilter`)."""
        return self._list(Transaction, "transactions.list", limit=limit, after=after, before=before, status=status,
                          type=type, payment_method=payment_method, invoice_id=invoice_id, customer_id=customer_id,
                          created_at_start=created_at_start, created_at_end=created_at_end)

    def list_page(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        status: Optional[str] = None,
        type: Optional[str] = None,
        payment_method: Optional[str] = None,
        invoice_id: Optional[str] = None,
        customer_id: Optional[str] = None,
        created_at_start: Optional[TimeFilter] = None,
        created_at_end: Optional[TimeFilter] = None,
    ) -> Page[Transaction]:
        """One page of transactions."""
        return self._page(Transaction, "transactions.list_page", limit=limit, after=after, before=before,
                          status=status, type=type, payment_method=payment_method, invoice_id=invoice_id,
                          customer_id=customer_id, created_at_start=created_at_start, created_at_end=created_at_end)


class Payouts(_Resource):
    """``client.payouts``: payouts and their transactions."""

    def list(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        status: Optional[str] = None,
        customer_id: Optional[str] = None,
        invoice_id: Optional[str] = None,
        start_date: Optional[TimeFilter] = None,
        end_date: Optional[TimeFilter] = None,
    ) -> ListIterator[Payout]:
        """Every payout matching the filters, fetched lazily. Time filters as in :data:`TimeFilter`."""
        return self._list(Payout, "payouts.list", limit=limit, after=after, before=before, status=status,
                          customer_id=customer_id, invoice_id=invoice_id, start_date=start_date, end_date=end_date)

    def list_page(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        status: Optional[str] = None,
        customer_id: Optional[str] = None,
        invoice_id: Optional[str] = None,
        start_date: Optional[TimeFilter] = None,
        end_date: Optional[TimeFilter] = None,
    ) -> Page[Payout]:
        """One page of payouts."""
        return self._page(Payout, "payouts.list_page", limit=limit, after=after, before=before, status=status,
                          customer_id=customer_id, invoice_id=invoice_id, start_date=start_date, end_date=end_date)

    def get(self, id: str) -> Payout:
        """One payout by id."""
        return Payout(self._call("payouts.get", id=id))

    def transactions(self, id: str) -> List[Transaction]:
        """The transactions that rolled into a payout."""
        return [Transaction(item) for item in self._call("payouts.transactions", id=id)]


class Webhooks(_Resource):
    """``client.webhooks``: webhook subscriptions and the events sent to them. To check a
    delivery your endpoint receives, see :func:`alternative_payments.webhooks.construct_event`."""

    def list(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        topic: Optional[str] = None,
        is_active: Optional[bool] = None,
    ) -> ListIterator[WebhookSubscription]:
        """Every subscription, optionally of one ``topic`` or activity, fetched lazily."""
        return self._list(WebhookSubscription, "webhooks.list", limit=limit, after=after, before=before, topic=topic,
                          is_active=is_active)

    def list_page(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        topic: Optional[str] = None,
        is_active: Optional[bool] = None,
    ) -> Page[WebhookSubscription]:
        """One page of subscriptions."""
        return self._page(WebhookSubscription, "webhooks.list_page", limit=limit, after=after, before=before,
                          topic=topic, is_active=is_active)

    def subscribe(self, *, endpoint_url: str, topic: str, secret_key: Optional[str] = None) -> WebhookSubscription:
        """Sends deliveries of ``topic`` (e.g. ``"invoice_paid"``) to ``endpoint_url`` (HTTPS).
        With ``secret_key``, every delivery carries ``Authorization: Bearer <secret_key>``."""
        return WebhookSubscription(self._call("webhooks.subscribe", endpoint_url=endpoint_url, topic=topic,
                                              secret_key=secret_key))

    def unsubscribe(self, subscription_id: str) -> WebhookSubscription:
        """Removes a subscription; returns it as the API sends it back."""
        return WebhookSubscription(self._call("webhooks.unsubscribe", subscription_id=subscription_id))

    def events(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        topic: Optional[str] = None,
        status: Optional[str] = None,
    ) -> ListIterator[WebhookEvent]:
        """Every webhook event, optionally of one ``topic`` or delivery ``status``, fetched lazily."""
        return self._list(WebhookEvent, "webhooks.events", limit=limit, after=after, before=before, topic=topic,
                          status=status)

    def events_page(
        self,
        *,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        before: Optional[str] = None,
        topic: Optional[str] = None,
        status: Optional[str] = None,
    ) -> Page[WebhookEvent]:
        """One page of webhook events."""
        return self._page(WebhookEvent, "webhooks.events_page", limit=limit, after=after, before=before, topic=topic,
                          status=status)


class Client:
    """The Alternative Payments client.

    Settings not given come from the environment (``ALTERNATIVE_PAYMENTS_CLIENT_ID``,
    ``ALTERNATIVE_PAYMENTS_CLIENT_SECRET``, ``ALTERNATIVE_PAYMENTS_BASE_URL``)::

        with alternative_payments.Client() as client:
            for customer in client.customers.list(limit=50):
                print(customer.id, customer.name)

    Every client with the same client id and base URL in the process shares one access token
    and one rate limiter (``rate_limit`` requests per second; ``None`` turns it off), kept for
    the process after the client is gone. With ``redis_url`` (or
    ``ALTERNATIVE_PAYMENTS_REDIS_URL``) every process and host using the key shares them
    through Redis: gunicorn workers, Celery tasks and cron jobs together stay within the limit.
    Calls release the GIL, and Ctrl-C interrupts them.
    """

    customers: Customers
    invoices: Invoices
    payment_requests: PaymentRequests
    transactions: Transactions
    payouts: Payouts
    webhooks: Webhooks

    def __init__(
        self,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: float = _native.DEFAULT_TIMEOUT,
        max_retries: int = _native.DEFAULT_MAX_RETRIES,
        rate_limit: Optional[float] = _native.DEFAULT_RATE_LIMIT,
        environment: Optional[str] = None,
        redis_url: Optional[str] = None,
    ) -> None:
        # Every value is checked by the core: a wrong type is a ConfigurationError naming it.
        self._native = _native.NativeClient({
            "client_id": client_id,
            "client_secret": client_secret,
            "base_url": base_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "rate_limit": rate_limit,
            "environment": environment,
            "redis_url": redis_url,
            "user_agent": f"alternative-payments-python/{__version__}",
        })
        self.customers = Customers(self._native)
        self.invoices = Invoices(self._native)
        self.payment_requests = PaymentRequests(self._native)
        self.transactions = Transactions(self._native)
        self.payouts = Payouts(self._native)
        self.webhooks = Webhooks(self._native)

    @property
    def base_url(self) -> str:
        """The API's base URL in use."""
        url: str = self._native.settings()["base_url"]
        return url

    def close(self) -> None:
        """Nothing to release explicitly (connections are pooled and closed when unused);
        present so the client works as a context manager."""

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        settings = self._native.settings()
        return (
            f"Client(client_id={settings['client_id']!r}, base_url={settings['base_url']!r}, "
            f"timeout={settings['timeout']}, max_retries={settings['max_retries']}, "
            f"rate_limit={settings['rate_limit']})"
        )
