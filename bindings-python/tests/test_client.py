"""Every method, every error class and paging, against the sandbox."""

from __future__ import annotations

from typing import Any

import time
from decimal import Decimal

import pytest

import alternative_payments as ap
from conftest import Sandbox


def test_the_whole_flow(sandbox: Sandbox, client: ap.Client) -> None:
    customer = client.customers.create(name="Acme Inc.", email="billing@acme.com", external_id="acme-001")
    assert isinstance(customer, ap.Customer)
    assert (customer.name, customer.external_id) == ("Acme Inc.", "acme-001")
    assert client.customers.get(customer.id) == customer

    user = client.customers.create_user(customer.id, email="jane@acme.com", first_name="Jane")
    assert user.first_name == "Jane" and user.last_name is None
    assert list(client.customers.users(customer.id)) == [user]
    assert client.customers.users_page(customer.id).data == [user]
    methods = client.customers.payment_methods(customer.id)
    assert methods[0].type == "card" and methods[0].default is True

    invoice = client.invoices.create(
        customer_id=customer.id, currency="USD", due_date="2025-09-01",
        line_items=[{"description": "August MSP Fee", "amount": 150000, "quantity": 1},
                    {"description": "Discount", "amount": -10000, "quantity": 2}],
    )
    assert invoice.total == 130000 and invoice.sub_total == 130000 and invoice.status == "OPEN"
    assert invoice.amount is None, "the reference has no invoice amount"
    assert invoice.line_items is not None and invoice.line_items[1].amount == -10000
    assert client.invoices.get(invoice.id).id == invoice.id
    assert client.invoices.payment_link(invoice.id).startswith("https://")
    assert ".pdf" in client.invoices.pdf_link(invoice.id)
    assert [i.id for i in client.invoices.list(status="open")] == [invoice.id]

    request = client.payment_requests.create(amount=5000, currency="USD",
                                             redirect_url="https://yourapp.com/success", reference_id="quote-987")
    assert request.amount == 5000, "sent back as the string '5000', decoded as an int"
    sandbox.control("POST", f"/payment-requests/{request.id}/pay")
    paid = client.payment_requests.wait(request.id, timeout=10, poll_interval=0.05)
    assert paid.status == "PAID" and paid.reference_id == "quote-987"
    assert client.payment_requests.get(request.id).status == "PAID"

    transactions = list(client.transactions.list())
    assert [t.total for t in transactions] == [5000]
    fee = transactions[0].fees[0]
    assert fee.amount == Decimal("145.3") and isinstance(fee.amount, Decimal), "a fractional fee, exactly"
    assert (fee.type, fee.covered_by_customer) == ("FT_METHOD", False)
    assert client.transactions.list_page(payment_method="standard_ach").data == []

    payout_id = sandbox.control("POST", "/payouts")["id"]
    assert [p.id for p in client.payouts.list()] == [payout_id]
    assert client.payouts.list_page().data[0].sub_total == 5000
    payout = client.payouts.get(payout_id)
    assert payout.total == Decimal("4854.7") and payout.status == "succeeded" and payout.arrival_date
    assert [t.id for t in client.payouts.transactions(payout_id)] == [transactions[0].id]

    assert client.invoices.archive(invoice.id) is None
    archived = client.customers.archive(customer.id)
    assert archived is not None and archived.to_dict()["archived_at"], "unknown fields are kept"
    assert archived["archived_at"] == archived.get("archived_at")
    assert client.customers.list_page().data == []
    assert sandbox.count("POST", "/oauth/token") == 1


def test_lists_are_lazy_and_pages_have_cursors(sandbox: Sandbox, client: ap.Client) -> None:
    for n in range(25):
        client.customers.create(name=f"Customer {n:02}", email=f"c{n}@example.com")
    before = sandbox.count("GET", "/customers")
    customers = client.customers.list(limit=10)
    first = next(customers)
    assert first.name == "Customer 00"
    assert sandbox.count("GET", "/customers") == before + 1
    assert len(list(customers)) == 24
    assert sandbox.count("GET", "/customers") == before + 3

    page = client.customers.list_page(limit=10)
    assert len(page) == 10 and page.has_next_page and not page.has_previous_page
    second = client.customers.list_page(limit=10, after=page.end_cursor)
    assert next(iter(second)).name == "Customer 10" and second.has_previous_page
    assert client.customers.list_page(limit=10, before=second.start_cursor).data == page.data
    assert [len(p) for p in client.customers.list(limit=10).pages()] == [10, 10, 5]
    assert "Page(10 items" in repr(page)


def test_models_are_typed_comparable_and_readable(client: ap.Client) -> None:
    customer = client.customers.create(name="Acme", email="a@acme.com")
    assert repr(customer).startswith("Customer(id='cus_")
    assert customer.to_dict()["email"] == "a@acme.com"
    assert customer == ap.Customer(customer.to_dict())
    assert customer != ap.Customer({**customer.to_dict(), "name": "Other"})
    assert len({customer, ap.Customer(customer.to_dict())}) == 1


def test_model_attributes_are_made_when_first_read_then_kept() -> None:
    # docs/behaviour.md, "Models": nothing is converted until read; a nested model or a Decimal
    # is made once, and what the server sent stays as sent.
    data = {"id": "in_1", "total": "12.50", "line_items": [{"description": "x", "amount": 150000, "quantity": 1}],
            "unknown_field": 1}
    invoice = ap.Invoice(data)
    assert "total" not in vars(invoice) and "line_items" not in vars(invoice)
    assert invoice.total == Decimal("12.50") and isinstance(invoice.total, Decimal)
    items = invoice.line_items
    assert isinstance(items[0], ap.LineItem) and items[0].amount == 150000
    assert invoice.line_items is items, "made once, then kept"
    assert invoice.to_dict() == data and invoice["total"] == "12.50"
    with pytest.raises(AttributeError):
        invoice.unknown_field  # noqa: B018 - undocumented fields are read with invoice["..."]
    invoice.total = Decimal("1")
    assert invoice.total == Decimal("1") and invoice.to_dict()["total"] == "12.50"


def test_http_errors_have_their_own_classes(sandbox: Sandbox, client: ap.Client) -> None:
    with pytest.raises(ap.NotFoundError) as caught:
        client.customers.get("cus_missing")
    error = caught.value
    assert isinstance(error, ap.APIError) and isinstance(error, ap.AlternativePaymentsError)
    assert error.status == 404 and error.code == "not_found"
    assert error.request_id and error.request_id.startswith("req_")
    assert "cus_missing" in str(error)

    customer = client.customers.create(name="Acme", email="a@acme.com")
    with pytest.raises(ap.UnprocessableEntityError):
        client.invoices.create(customer_id=customer.id, currency="XYZ", due_date="2025-01-01",
                               line_items=[{"description": "x", "amount": 1, "quantity": 1}])
    with pytest.raises(ap.BadRequestError):
        client.invoices.create(customer_id=customer.id, currency="USD", due_date="2025-01-01", line_items=[])

    sandbox.fault(kind="status", status=429, retry_after="7", path="/payouts")
    with pytest.raises(ap.RateLimitError) as limited:
        sandbox.client(max_retries=0).payouts.list_page()
    assert limited.value.retry_after == 7.0

    sandbox.fault(kind="status", status=500, method="POST", path="/customers")
    with pytest.raises(ap.InternalServerError) as failed:
        client.customers.create(name="Acme", email="a@acme.com")
    assert failed.value.outcome_unknown is True and failed.value.status == 500

    sandbox.fault(kind="status", status=403, path="/payouts")
    with pytest.raises(ap.PermissionDeniedError):
        client.payouts.list_page()

    sandbox.fault(kind="non_json", status=502, path="/payouts", count=3)
    with pytest.raises(ap.InternalServerError) as html:
        client.payouts.list_page()
    assert html.value.status == 502 and "nginx" in (html.value.body or "")

    sandbox.fault(kind="body", body="<html>", path="/payouts")
    with pytest.raises(ap.ResponseDecodeError):
        client.payouts.list_page()


def test_connection_and_timeout_errors(sandbox: Sandbox, client: ap.Client) -> None:
    unreachable = ap.Client("id", "secret", base_url="http://127.0.0.1:9", max_retries=0, rate_limit=None)
    with pytest.raises(ap.APIConnectionError) as caught:
        unreachable.customers.list_page()
    assert caught.value.outcome_unknown is False

    request = client.payment_requests.create(amount=100, currency="USD", redirect_url="https://x.test")
    with pytest.raises(ap.APITimeoutError) as waited:
        client.payment_requests.wait(request.id, timeout=0.3, poll_interval=0.1)
    assert "PENDING" in str(waited.value)
    assert isinstance(waited.value, ap.APIConnectionError)

    sandbox.fault(kind="delay", ms=2000, method="POST", path="/customers")
    with pytest.raises(ap.APITimeoutError) as slow:
        sandbox.client(timeout=0.5).customers.create(name="Slow", email="s@x.test")
    assert slow.value.outcome_unknown is True
    deadline = time.monotonic() + 5  # the sandbox logs the POST when its delayed answer is done
    while sandbox.count("POST", "/customers") == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sandbox.count("POST", "/customers") == 1, "sent once, never retried"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.customers.get(""),
        lambda c: c.customers.get(".."),
        lambda c: c.customers.get(42),
        lambda c: c.customers.get(None),
        lambda c: c.customers.archive("   "),
        lambda c: c.customers.create(name="x" * (1 << 20), email="a@b.c"),
        lambda c: c.payment_requests.create(amount=0, currency="USD", redirect_url="https://x"),
        lambda c: c.payment_requests.create(amount=-5, currency="USD", redirect_url="https://x"),
        lambda c: c.payment_requests.create(amount=12.5, currency="USD", redirect_url="https://x"),
        lambda c: c.payment_requests.create(amount=float("nan"), currency="USD", redirect_url="https://x"),
        lambda c: c.payment_requests.create(amount=float("inf"), currency="USD", redirect_url="https://x"),
        lambda c: c.payment_requests.create(amount=2**70, currency="USD", redirect_url="https://x"),
        lambda c: c.payment_requests.create(amount=True, currency="USD", redirect_url="https://x"),
        lambda c: c.payment_requests.create(amount="100", currency="USD", redirect_url="https://x"),
        lambda c: c.payment_requests.create(amount=100, currency="DOLLARS", redirect_url="https://x"),
        lambda c: c.payment_requests.wait("preq_1", timeout=float("nan")),
        lambda c: c.invoices.create(customer_id="c", currency="USD", due_date="2025-01-01",
                                    line_items=[{"description": "x", "amount": 2**60, "quantity": 1}]),
        lambda c: c.invoices.create(customer_id="c", currency="USD", due_date="2025-01-01",
                                    line_items=[{"description": "x", "amount": 1, "quantity": 0}]),
        lambda c: c.invoices.create(customer_id="c", currency="USD", due_date="2025-01-01",
                                    line_items=[{"amount": 1, "quantity": 1, "colour": "red"}]),
        lambda c: c.invoices.create(customer_id="c", currency="USD", due_date="2025-01-01", line_items=[object()]),
        lambda c: c.customers.list_page(limit=0),
        lambda c: list(c.customers.users("")),
    ],
)
def test_bad_input_is_refused_before_sending(sandbox: Sandbox, client: ap.Client, call: Any) -> None:
    with pytest.raises(ap.InvalidArgumentError) as caught:
        call(client)
    assert isinstance(caught.value, ValueError)
    assert caught.value.argument
    assert sandbox.log() == []


def test_ids_are_sent_percent_encoded(sandbox: Sandbox, client: ap.Client) -> None:
    for id in ["a/b", "x?limit=1", "frag#ment", "../invoices"]:
        with pytest.raises(ap.NotFoundError) as caught:
            client.customers.get(id)
        assert id in str(caught.value)
    paths = [r["path"] for r in sandbox.log() if r["method"] == "GET"]
    assert paths == ["/customers/a%2Fb", "/customers/x%3Flimit%3D1", "/customers/frag%23ment", "/customers/..%2Finvoices"]


def test_configuration_errors_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["ALTERNATIVE_PAYMENTS_CLIENT_ID", "ALTERNATIVE_PAYMENTS_CLIENT_SECRET", "ALTERNATIVE_PAYMENTS_BASE_URL"]:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ap.ConfigurationError) as missing:
        ap.Client()
    assert missing.value.setting == "client_id" and "ALTERNATIVE_PAYMENTS_CLIENT_ID" in str(missing.value)
    assert isinstance(missing.value, ValueError)
    with pytest.raises(ap.ConfigurationError) as plain:
        ap.Client("id", "secret", base_url="http://api.example.com")
    assert plain.value.setting == "base_url"
    for bad in [dict(timeout=0), dict(timeout=float("nan")), dict(max_retries=-1), dict(rate_limit=0.0)]:
        with pytest.raises(ap.ConfigurationError):
            ap.Client("id", "secret", base_url="http://127.0.0.1:9", **bad)  # type: ignore[arg-type]
    monkeypatch.setenv("ALTERNATIVE_PAYMENTS_CLIENT_ID", "env-id")
    monkeypatch.setenv("ALTERNATIVE_PAYMENTS_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("ALTERNATIVE_PAYMENTS_BASE_URL", "http://localhost:1")
    with ap.Client() as from_env:
        assert from_env.base_url == "http://localhost:1"
        assert "env-id" in repr(from_env) and "env-secret" not in repr(from_env)


def test_the_user_agent_names_the_package_unless_replaced(sandbox: Sandbox) -> None:
    sandbox.client().customers.list_page()
    sandbox.client(user_agent="billing-app/2.1").customers.list_page()
    agents = [r["user_agent"] for r in sandbox.log() if r["path"] == "/customers"]
    assert agents == [f"alternative-payments-python/{ap.__version__}", "billing-app/2.1"]
    with pytest.raises(ap.ConfigurationError) as refused:
        sandbox.client(user_agent="billing\napp")
    assert refused.value.setting == "user_agent"


def test_secrets_never_appear_in_repr_or_errors(sandbox: Sandbox) -> None:
    client = ap.Client(sandbox.client_id, "the-wrong-secret", base_url=sandbox.url, rate_limit=None)
    assert "the-wrong-secret" not in repr(client)
    with pytest.raises(ap.AuthenticationError) as caught:
        client.customers.list_page()
    text = f"{caught.value} {caught.value!r} {caught.value.body}"
    assert "the-wrong-secret" not in text
    assert sandbox.count("POST", "/oauth/token") == 1, "a refused token request is not retried"


def test_every_operation_has_a_python_method() -> None:
    from alternative_payments import _native

    resources = {
        "customers": ap.Customers, "invoices": ap.Invoices, "payment_requests": ap.PaymentRequests,
        "transactions": ap.Transactions, "payouts": ap.Payouts, "webhooks": ap.Webhooks,
    }
    for operation in _native.OPERATIONS:
        resource, method = operation.split(".")
        assert callable(getattr(resources[resource], method, None)), operation


def test_every_method_takes_exactly_the_declared_arguments() -> None:
    """Parity with the core's declaration (operations::SPECS): a keyword renamed, added or
    dropped in Python fails here."""
    import inspect

    from alternative_payments import _native

    renamed = {"timeout": "timeout_ms", "poll_interval": "poll_interval_ms"}  # seconds in Python
    for client in (ap.Client("id", "secret", base_url="http://127.0.0.1:1"),
                   ap.AsyncClient("id", "secret", base_url="http://127.0.0.1:1")):
        for spec in _native.OPERATION_SPECS:
            resource, method = spec["name"].split(".")
            function = getattr(getattr(client, resource), method)
            parameters = inspect.signature(function).parameters
            names = {renamed.get(name, name) for name in parameters}
            assert names == set(spec["arguments"]), (spec["name"], names ^ set(spec["arguments"]))
            is_async = isinstance(client, ap.AsyncClient) and not spec["lazy_list"]
            assert inspect.iscoroutinefunction(function) == is_async, spec["name"]
