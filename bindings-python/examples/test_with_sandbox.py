# Testing your integration with the sandbox that ships in the package (run with pytest).
import alternative_payments as ap
from alternative_payments.testing import Sandbox


def bill(client: ap.Client, customer_id: str) -> ap.Invoice:
    """Your code under test."""
    return client.invoices.create(
        customer_id=customer_id, currency="USD", due_date="2025-09-01",
        line_items=[{"description": "August MSP Fee", "amount": 150000, "quantity": 1}],
    )


def test_billing_survives_a_flaky_api(ap_sandbox: Sandbox) -> None:
    client = ap_sandbox.client()
    customer = client.customers.create(name="Acme", email="billing@acme.com")
    ap_sandbox.fail_next(method="POST", path="/invoices", status=503)
    try:
        bill(client, customer.id)
    except ap.InternalServerError as error:
        assert error.outcome_unknown  # a create is never retried blindly
    invoice = bill(client, customer.id)
    assert invoice.total == 150000
    assert [r["status"] for r in ap_sandbox.requests() if r["path"] == "/invoices"] == [503, 201]


def test_a_paid_payment_request() -> None:
    with Sandbox(rate_limit=5) as sandbox:
        client = sandbox.client()
        request = client.payment_requests.create(amount=5000, currency="USD", redirect_url="https://example.com/done")
        sandbox.settle_payment_request(request.id, status="paid")
        assert client.payment_requests.wait(request.id, timeout=5).status == "PAID"
