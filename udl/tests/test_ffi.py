"""The whole flow, paging and error fields through the uniffi binding."""

from __future__ import annotations

import json

import pytest

import alternative_payments_ffi as ffi
import pysandbox


def test_the_whole_flow(sandbox: pysandbox.Sandbox, client: ffi.Client) -> None:
    customers = client.customers()
    customer = customers.create(ffi.CreateCustomerParams(name="Acme Inc.", email="billing@acme.com", external_id="acme-001"))
    assert customer.name == "Acme Inc." and customer.external_id == "acme-001"
    assert customers.get(customer.id) == customer
    user = customers.create_user(customer.id, ffi.CustomersCreateUserParams(email="jane@acme.com", first_name="Jane"))
    assert customers.users_page(customer.id, ffi.CustomersUsersPageParams()).data == [user]
    methods = customers.payment_methods(customer.id)
    assert methods[0].kind == "card" and methods[0].is_default is True

    invoices = client.invoices()
    invoice = invoices.create(ffi.InvoicesCreateParams(
        customer_id=customer.id, currency="USD", due_date="2025-09-01",
        line_items=[ffi.LineItemInput(description="August MSP Fee", amount="150000", quantity=1),
                    ffi.LineItemInput(description="Discount", amount="-10000.5", quantity=2)]))
    assert invoice.total == "129999" and invoice.amount is None and invoice.status == "OPEN"
    assert invoices.get(invoice.id).line_items[1].amount == "-10000.5", "money is exact decimal text"
    assert invoices.payment_link(invoice.id).startswith("https://")
    assert ".pdf" in invoices.pdf_link(invoice.id)
    assert [i.id for i in invoices.list_page(ffi.ListInvoicesParams(status="OPEN")).data] == [invoice.id]

    requests = client.payment_requests()
    request = requests.create(ffi.PaymentRequestsCreateParams(amount=5000, currency="USD",
                                                       redirect_url="https://yourapp.com/success", reference_id="quote-987"))
    assert request.amount == "5000"
    sandbox.control("POST", f"/payment-requests/{request.id}/pay")
    paid = requests.wait(request.id, ffi.PaymentRequestsWaitParams(timeout_ms=10_000, poll_interval_ms=50))
    assert paid.status == "PAID" and requests.get(request.id).reference_id == "quote-987"

    transactions = client.transactions().list_page(ffi.ListTransactionsParams()).data
    assert [t.total for t in transactions] == ["5000"]
    assert transactions[0].fees is not None and transactions[0].fees[0].amount == "145.3", "a fractional fee, exactly"
    assert client.transactions().list_page(ffi.ListTransactionsParams(kind="refund")).data == []

    payout_id = sandbox.control("POST", "/payouts")["id"]
    payouts = client.payouts()
    assert [p.id for p in payouts.list_page(ffi.ListPayoutsParams()).data] == [payout_id]
    assert payouts.list_page(ffi.ListPayoutsParams(status="failed")).data == [], "the reference's filters reach the server"
    assert payouts.get(payout_id).total == "4854.7"
    assert [t.id for t in payouts.transactions(payout_id)] == [transactions[0].id]

    assert invoices.archive(invoice.id) is None
    archived = customers.archive(customer.id)
    assert archived is not None and "archived_at" in json.loads(archived.extra_json)
    assert sandbox.count("POST", "/oauth/token") == 1


def test_paging_with_cursors(client: ffi.Client) -> None:
    customers = client.customers()
    for n in range(7):
        customers.create(ffi.CreateCustomerParams(name=f"Customer {n}", email=f"c{n}@example.com"))
    seen = []
    after = None
    while True:
        page = customers.list_page(ffi.ListCustomersParams(limit=3, after=after))
        seen += [c.name for c in page.data]
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert seen == [f"Customer {n}" for n in range(7)]
    assert page.data and page.end_cursor, "the last page has items and a cursor"
    beyond = customers.list_page(ffi.ListCustomersParams(limit=3, after=page.end_cursor))
    assert beyond.data == [] and not beyond.has_next_page, "after the last cursor: an empty, final page"


def test_errors_keep_status_code_message_and_request_id(sandbox: pysandbox.Sandbox, client: ffi.Client) -> None:
    with pytest.raises(ffi.AlternativePaymentsError.NotFound) as caught:
        client.customers().get("cus_missing")
    error = caught.value
    assert error.status == 404 and error.code == "not_found"
    assert error.request_id.startswith("req_") and "cus_missing" in error.error_message
    assert isinstance(error, ffi.AlternativePaymentsError)

    sandbox.fault(kind="status", status=500, method="POST", path="/customers")
    with pytest.raises(ffi.AlternativePaymentsError.InternalServer) as failed:
        client.customers().create(ffi.CreateCustomerParams(name="Acme", email="a@acme.com"))
    assert failed.value.outcome_unknown is True

    with pytest.raises(ffi.AlternativePaymentsError.InvalidArgument) as bad:
        client.customers().get("..")
    assert bad.value.argument == "id"
    with pytest.raises(ffi.AlternativePaymentsError.InvalidArgument):
        client.payment_requests().create(ffi.PaymentRequestsCreateParams(amount=0, currency="USD", redirect_url="https://x"))
    with pytest.raises(ffi.AlternativePaymentsError.Configuration) as config:
        ffi.Client(ffi.ClientConfig(client_id="id", base_url="http://api.example.com"), "s")
    assert config.value.setting == "base_url"
    with pytest.raises(ffi.AlternativePaymentsError.Timeout):
        request = client.payment_requests().create(ffi.PaymentRequestsCreateParams(amount=1, currency="USD", redirect_url="https://x"))
        client.payment_requests().wait(request.id, ffi.PaymentRequestsWaitParams(timeout_ms=200, poll_interval_ms=50))


def test_every_operation_is_in_the_udl() -> None:
    objects = {"customers": ffi.Customers, "invoices": ffi.Invoices, "payment_requests": ffi.PaymentRequests,
               "transactions": ffi.Transactions, "payouts": ffi.Payouts, "webhooks": ffi.Webhooks}
    lazy_lists = {"customers.list": "list_page", "customers.users": "users_page", "invoices.list": "list_page",
                  "transactions.list": "list_page", "payouts.list": "list_page", "webhooks.list": "list_page",
                  "webhooks.events": "events_page", "payouts.reconcile": "reconcile_page"}
    for operation in ffi.operation_names():
        resource, method = operation.split(".")
        method = lazy_lists.get(operation, method)
        assert callable(getattr(objects[resource], method, None)), operation


def test_secrets_never_appear_in_errors(sandbox: pysandbox.Sandbox) -> None:
    config = ffi.ClientConfig(client_id=sandbox.client_id, base_url=sandbox.url, rate_limit=None)
    with pytest.raises(ffi.AlternativePaymentsError.Authentication) as caught:
        ffi.Client(config, "the-wrong-secret").customers().list_page(ffi.ListCustomersParams())
    assert "the-wrong-secret" not in f"{caught.value} {caught.value!r} {caught.value.body}"


def test_the_secret_is_in_no_record_that_could_print_it(sandbox: pysandbox.Sandbox) -> None:
    config = ffi.ClientConfig(client_id=sandbox.client_id, base_url=sandbox.url, rate_limit=None)
    client = ffi.Client(config, "hunter2-secret")
    assert "hunter2" not in f"{config!r} {config} {client!r}"
    assert not hasattr(config, "client_secret")


def test_one_rule_for_limits_and_money(sandbox: pysandbox.Sandbox, client: ffi.Client) -> None:
    with pytest.raises(ffi.AlternativePaymentsError.InvalidArgument) as limit:
        client.customers().list_page(ffi.ListCustomersParams(limit=0))
    assert limit.value.argument == "limit"
    customer = client.customers().create(ffi.CreateCustomerParams(name="Acme", email="a@acme.com"))
    for bad in ("ten", "9007199254740993", "0.12345678901234567890"):
        with pytest.raises(ffi.AlternativePaymentsError.InvalidArgument) as money:
            client.invoices().create(ffi.InvoicesCreateParams(customer_id=customer.id, currency="USD", due_date="2025-09-01",
                                                       line_items=[ffi.LineItemInput(description="x", amount=bad, quantity=1)]))
        assert money.value.argument == "line_items[0].amount"
    with pytest.raises(ffi.AlternativePaymentsError.Configuration) as timeout:
        ffi.Client(ffi.ClientConfig(client_id="id", base_url=sandbox.url, timeout_seconds=-1.0), "s")
    assert timeout.value.setting == "timeout_seconds"
    with pytest.raises(ffi.AlternativePaymentsError.Configuration) as environment:
        ffi.Client(ffi.ClientConfig(client_id="id", environment="staging"), "s")
    assert environment.value.setting == "environment"
    ffi.Client(ffi.ClientConfig(client_id="id", environment="demo"), "s")


def test_validation_errors_and_webhooks(client: ffi.Client) -> None:
    webhooks = client.webhooks()
    subscription = webhooks.subscribe(ffi.SubscribeWebhookParams(endpoint_url="https://billing.example.com/hooks",
                                                           topic="invoice_paid", secret_key="whsec_ffi_3456"))
    assert subscription.secret_last_4_digits == "3456" and subscription.is_active is True
    with pytest.raises(ffi.AlternativePaymentsError.UnprocessableEntity) as refused:
        webhooks.subscribe(ffi.SubscribeWebhookParams(endpoint_url="https://billing.example.com/hooks", topic="nope"))
    assert refused.value.validation_errors == {"topic": "is not a webhook topic"}
    with pytest.raises(ffi.AlternativePaymentsError.InvalidArgument):
        webhooks.subscribe(ffi.SubscribeWebhookParams(endpoint_url="http://plain.example.com", topic="invoice_paid"))
    body = b'{"id": "evt_1", "topic": "a_topic_from_the_future", "data": {"id": "inv_1"}}'
    event = ffi.construct_webhook_event(body, "Bearer s3cret", "s3cret")
    assert len(ffi.webhook_topics()) == 18 and "invoice_paid" in ffi.webhook_topics()
    assert event.topic == "a_topic_from_the_future" and json.loads(event.extra_json)["data"]["id"] == "inv_1"
    for header in ("Bearer wrong", None):
        with pytest.raises(ffi.AlternativePaymentsError.WebhookVerification):
            ffi.construct_webhook_event(body, header, "s3cret")


def test_every_method_takes_exactly_the_declared_arguments() -> None:
    """Parity of the hand-written UDL with the core's declaration: every argument of every
    operation, by name (records flattened), in the generated Python."""
    import inspect

    renamed = {"kind": "type", "timeout_seconds": "timeout_ms", "poll_interval_seconds": "poll_interval_ms"}
    pages = {"list": "list_page", "users": "users_page", "events": "events_page", "reconcile": "reconcile_page"}
    for spec in ffi.operation_specs():
        resource, method = spec.name.split(".")
        if spec.lazy_list:
            method = pages[method]  # uniffi offers lists as pages with cursors
        function = getattr(getattr(ffi, "".join(p.title() for p in resource.split("_"))), method)
        names = set()
        for name, parameter in inspect.signature(function).parameters.items():
            if name == "self":
                continue
            record = getattr(ffi, str(parameter.annotation).strip("'\""), None)
            if isinstance(record, type) and hasattr(record, "__init__") and name == "params":
                names |= {n for n in inspect.signature(record.__init__).parameters if n != "self"}
            else:
                names.add(name)
        names = {renamed.get(n, n) for n in names}
        assert names == set(spec.arguments), (spec.name, names ^ set(spec.arguments))
