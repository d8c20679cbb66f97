"""The shared conformance scenarios (tests/conformance) through the uniffi-generated binding."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Set

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "conformance"))

import alternative_payments_ffi as ffi  # noqa: E402
import pysandbox  # noqa: E402
import runner  # noqa: E402

EXERCISED: Set[str] = set()
RENAMED = {"kind": "type", "is_default": "default"}
MONEY = {"amount", "sub_total", "total"}


def number(text: str) -> Any:
    """uniffi's exact decimal text as the JSON number the scenarios expect."""
    value = float(text)
    return int(value) if value.is_integer() else value


def plain(value: Any) -> Any:
    """uniffi records as the API's JSON: fields by their API names, `extra_json` merged in."""
    if isinstance(value, list):
        return [plain(item) for item in value]
    if hasattr(value, "__dict__"):
        fields = {RENAMED.get(k, k): number(v) if k in MONEY and isinstance(v, str) else plain(v)
                  for k, v in vars(value).items() if k != "extra_json"}
        fields.update(json.loads(getattr(value, "extra_json", "{}")))
        return fields
    return value


def every_page(fetch: Callable[[Optional[str]], Any]) -> Any:
    """A lazy list as uniffi offers it: pages with cursors, followed to the end."""
    items, after = [], None
    while True:
        page = fetch(after)
        items += page.data
        if not page.has_next_page:
            return items
        after = page.end_cursor


def make_call(client: ffi.Client) -> Callable[[str, Dict[str, Any]], Any]:
    def line_items(args: Dict[str, Any]) -> Dict[str, Any]:
        items = [ffi.LineItem(**{**item, "amount": str(item["amount"])}) for item in args["line_items"]]
        return {**args, "line_items": items}

    def renamed(args: Dict[str, Any]) -> Dict[str, Any]:
        return {("kind" if k == "type" else k): v for k, v in args.items()}

    def call(operation: str, args: Dict[str, Any]) -> Any:
        args = dict(args)
        id = args.pop("id", None)
        customers, invoices, payouts = client.customers(), client.invoices(), client.payouts()
        operations: Dict[str, Callable[[], Any]] = {
            "customers.list": lambda: every_page(lambda after: customers.list_page(ffi.ListCustomersParams(**{**args, "after": after}))),
            "customers.list_page": lambda: customers.list_page(ffi.ListCustomersParams(**args)),
            "customers.create": lambda: customers.create(ffi.CreateCustomer(**args)),
            "customers.get": lambda: customers.get(id),
            "customers.archive": lambda: customers.archive(id),
            "customers.payment_methods": lambda: customers.payment_methods(id),
            "customers.users": lambda: every_page(lambda after: customers.users_page(id, ffi.PageParams(**{**args, "after": after}))),
            "customers.users_page": lambda: customers.users_page(id, ffi.PageParams(**args)),
            "customers.create_user": lambda: customers.create_user(id, ffi.CreateCustomerUser(**args)),
            "invoices.list": lambda: every_page(lambda after: invoices.list_page(ffi.ListInvoicesParams(**{**args, "after": after}))),
            "invoices.list_page": lambda: invoices.list_page(ffi.ListInvoicesParams(**args)),
            "invoices.create": lambda: invoices.create(ffi.CreateInvoice(**line_items(args))),
            "invoices.get": lambda: invoices.get(id),
            "invoices.archive": lambda: invoices.archive(id),
            "invoices.payment_link": lambda: invoices.payment_link(id),
            "invoices.pdf_link": lambda: invoices.pdf_link(id),
            "payment_requests.create": lambda: client.payment_requests().create(ffi.CreatePaymentRequest(**args)),
            "payment_requests.get": lambda: client.payment_requests().get(id),
            "payment_requests.wait": lambda: client.payment_requests().wait(
                id, args["timeout_ms"] / 1000, args["poll_interval_ms"] / 1000),
            "transactions.list": lambda: every_page(
                lambda after: client.transactions().list_page(ffi.ListTransactionsParams(**{**renamed(args), "after": after}))),
            "transactions.list_page": lambda: client.transactions().list_page(ffi.ListTransactionsParams(**renamed(args))),
            "payouts.list": lambda: every_page(lambda after: payouts.list_page(ffi.ListPayoutsParams(**{**args, "after": after}))),
            "payouts.list_page": lambda: payouts.list_page(ffi.ListPayoutsParams(**args)),
            "payouts.get": lambda: payouts.get(id),
            "payouts.transactions": lambda: payouts.transactions(id),
            "payouts.reconcile": lambda: every_page(
                lambda after: payouts.reconcile_page(ffi.ListPayoutsParams(**{**args, "after": after}))),
            "payouts.reconcile_page": lambda: payouts.reconcile_page(ffi.ListPayoutsParams(**args)),
            "webhooks.list": lambda: every_page(
                lambda after: client.webhooks().list_page(ffi.ListWebhooksParams(**{**args, "after": after}))),
            "webhooks.list_page": lambda: client.webhooks().list_page(ffi.ListWebhooksParams(**args)),
            "webhooks.subscribe": lambda: client.webhooks().subscribe(ffi.SubscribeWebhook(**args)),
            "webhooks.unsubscribe": lambda: client.webhooks().unsubscribe(args["subscription_id"]),
            "webhooks.events": lambda: every_page(
                lambda after: client.webhooks().events_page(ffi.ListWebhookEventsParams(**{**args, "after": after}))),
            "webhooks.events_page": lambda: client.webhooks().events_page(ffi.ListWebhookEventsParams(**args)),
        }
        return plain(operations[operation]())

    return call


def error_class(exception: BaseException) -> Optional[str]:
    if not isinstance(exception, ffi.AlternativePaymentsError):
        return None
    name = type(exception).__name__
    return {"Api": "APIError", "Connection": "APIConnectionError", "Timeout": "APITimeoutError"}.get(name, f"{name}Error")


@pytest.mark.parametrize("scenario", runner.SCENARIOS, ids=[s["name"] for s in runner.SCENARIOS])
def test_scenario(sandbox: pysandbox.Sandbox, client: ffi.Client, scenario: Dict[str, Any]) -> None:
    runner.run_scenario(scenario, sandbox, make_call(client), error_class, EXERCISED)


def test_every_operation_was_exercised() -> None:
    assert EXERCISED == set(ffi.operation_names()), set(ffi.operation_names()) ^ EXERCISED
