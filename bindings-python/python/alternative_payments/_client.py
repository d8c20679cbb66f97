"""The client. All behaviour (auth, rate limiting, retries, paging, decoding) is in the Rust
core; the resource namespaces (``_resources.py``) are generated from its declaration."""

from __future__ import annotations

import logging
from typing import Any, Optional

from . import _native
from ._resources import Customers, Invoices, PaymentRequests, Payouts, Transactions, Webhooks

__version__: str = _native.__version__
logger = logging.getLogger("alternative_payments")


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
