"""Checked with `mypy --strict` in the test command: the public API is fully typed."""

from __future__ import annotations

from decimal import Decimal
from typing import List, Optional

import alternative_payments as ap


def overdue_total(client: ap.Client, customer_id: str) -> Decimal:
    """Money is an exact Decimal: the reference's ``total``, or the guides' ``amount``."""
    total = Decimal(0)
    for invoice in client.invoices.list(customer_id=customer_id, status="OVERDUE", limit=100):
        total += invoice.total if invoice.total is not None else (invoice.amount or Decimal(0))
    return total


def first_page_ids(client: ap.Client) -> List[str]:
    page: ap.Page[ap.Customer] = client.customers.list_page(limit=10)
    return [customer.id for customer in page.data] + ([page.end_cursor] if page.end_cursor else [])


def find(client: ap.Client, customer_id: str) -> Optional[ap.Customer]:
    try:
        return client.customers.get(customer_id)
    except ap.NotFoundError as error:
        assert error.status == 404
        return None
    except ap.RateLimitError as error:
        raise RuntimeError(f"retry after {error.retry_after}") from error


def bill(client: ap.Client) -> ap.Invoice:
    customer = client.customers.create(name="Acme", email="billing@acme.com")
    request: ap.PaymentRequest = client.payment_requests.create(
        amount=5000, currency="USD", redirect_url="https://x.test"
    )
    settled = client.payment_requests.wait(request.id, timeout=1.0, poll_interval=0.1)
    assert settled.status is None or isinstance(settled.status, str)
    return client.invoices.create(
        customer_id=customer.id,
        currency="USD",
        due_date="2025-09-01",
        line_items=[{"description": "Fee", "amount": 100, "quantity": 1}],
    )
