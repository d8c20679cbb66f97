"""The client. All behaviour (auth, rate limiting, retries, paging, decoding) is in the Rust
core; the resource namespaces (``_resources.py``) are generated from its declaration."""

from __future__ import annotations

import os
from typing import Any, Optional, TypeVar, Union

from . import _native
from ._native import DEFAULT_MAX_RETRIES, DEFAULT_RATE_LIMIT, DEFAULT_TIMEOUT, NativeClient
from ._resources import (
    AsyncCustomers,
    AsyncInvoices,
    AsyncPaymentRequests,
    AsyncPayouts,
    AsyncTransactions,
    AsyncWebhooks,
    Customers,
    Invoices,
    PaymentRequests,
    Payouts,
    Transactions,
    Webhooks,
)

__version__: str = _native.__version__


_C = TypeVar("_C", bound="_ClientBase")


class _ClientBase:
    """The settings and the native client that :class:`Client` and :class:`AsyncClient` share."""

    _native: NativeClient

    def __init__(
        self,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: Optional[float] = None,
        rate_limit: Optional[float] = DEFAULT_RATE_LIMIT,
        environment: Optional[str] = None,
        redis_url: Optional[str] = None,
        proxy: Optional[str] = None,
        ca_bundle: Optional[Union[str, "os.PathLike[str]"]] = None,
        user_agent: Optional[str] = None,
    ) -> None:
        # Every value is checked by the core: a wrong type is a ConfigurationError naming it.
        self._attach(NativeClient({
            "client_id": client_id,
            "client_secret": client_secret,
            "base_url": base_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "deadline": deadline,
            "rate_limit": rate_limit,
            "environment": environment,
            "redis_url": redis_url,
            "proxy": proxy,
            "ca_bundle": None if ca_bundle is None else os.fspath(ca_bundle),
            "user_agent": user_agent or f"alternative-payments-python/{__version__}",
        }))

    def _attach(self, native: NativeClient) -> None:
        raise NotImplementedError

    def with_options(
        self: _C,
        *,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        deadline: Optional[float] = None,
    ) -> _C:
        """A client for some calls with other settings, e.g.
        ``client.with_options(timeout=90).invoices.create(...)``. It shares this client's
        connections, rate limiter and token, so it is cheap to make per call. ``timeout`` is
        per attempt; ``deadline`` (seconds) bounds the whole call, retries and waits included."""
        options = {"timeout": timeout, "max_retries": max_retries, "deadline": deadline}
        view = type(self).__new__(type(self))
        view._attach(self._native.with_options({k: v for k, v in options.items() if v is not None}))
        return view

    @property
    def base_url(self) -> str:
        """The API's base URL in use."""
        url: str = self._native.settings()["base_url"]
        return url

    def __repr__(self) -> str:
        settings = self._native.settings()
        deadline = f", deadline={settings['deadline']}" if settings.get("deadline") is not None else ""
        return (
            f"{type(self).__name__}(client_id={settings['client_id']!r}, base_url={settings['base_url']!r}, "
            f"timeout={settings['timeout']}, max_retries={settings['max_retries']}{deadline}, "
            f"rate_limit={settings['rate_limit']})"
        )


class Client(_ClientBase):
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
    ``timeout`` bounds each attempt; ``deadline`` (seconds, off by default) bounds a whole call,
    its retries and rate-limit waits included. ``proxy`` sends every request through a proxy
    (else ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` apply); ``ca_bundle`` is a PEM file of CAs to
    trust besides the bundled roots and the system's. ``user_agent`` replaces the ``User-Agent``
    header (``alternative-payments-python/<version>`` by default). Calls release the GIL, and
    Ctrl-C interrupts them.
    """

    customers: Customers
    invoices: Invoices
    payment_requests: PaymentRequests
    transactions: Transactions
    payouts: Payouts
    webhooks: Webhooks

    def _attach(self, native: NativeClient) -> None:
        self._native = native
        self.customers = Customers(native)
        self.invoices = Invoices(native)
        self.payment_requests = PaymentRequests(native)
        self.transactions = Transactions(native)
        self.payouts = Payouts(native)
        self.webhooks = Webhooks(native)

    def close(self) -> None:
        """Nothing to release explicitly (connections are pooled and closed when unused);
        present so the client works as a context manager."""

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class AsyncClient(_ClientBase):
    """The Alternative Payments client for asyncio: the settings, resources and models of
    :class:`Client`, with awaitable methods and ``async for`` over lists::

        async with alternative_payments.AsyncClient() as client:
            customer = await client.customers.get("cus_123")
            async for invoice in client.invoices.list(status="OPEN"):
                print(invoice.id)

    Calls run on the SDK's own runtime and never block the event loop. Cancelling a task
    (``task.cancel()``, ``asyncio.wait_for``, ``asyncio.timeout``) stops its request at once and
    frees its place in the rate limiter, which it shares, with the token, with every other
    client of the key in the process (sync ones too).
    """

    customers: AsyncCustomers
    invoices: AsyncInvoices
    payment_requests: AsyncPaymentRequests
    transactions: AsyncTransactions
    payouts: AsyncPayouts
    webhooks: AsyncWebhooks

    def _attach(self, native: NativeClient) -> None:
        self._native = native
        self.customers = AsyncCustomers(native)
        self.invoices = AsyncInvoices(native)
        self.payment_requests = AsyncPaymentRequests(native)
        self.transactions = AsyncTransactions(native)
        self.payouts = AsyncPayouts(native)
        self.webhooks = AsyncWebhooks(native)

    async def close(self) -> None:
        """Nothing to release explicitly; present so the client works with ``async with``."""

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()
