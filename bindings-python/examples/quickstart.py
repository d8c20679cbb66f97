"""The whole flow against the sandbox (or the real API with real credentials).

    python bindings-python/examples/quickstart.py            # needs ALTERNATIVE_PAYMENTS_* set

With the sandbox running (`cargo run -p ap-sandbox -- --port 8080`):

    ALTERNATIVE_PAYMENTS_BASE_URL=http://127.0.0.1:8080 \\
    ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id \\
    ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret \\
    python bindings-python/examples/quickstart.py
"""

from __future__ import annotations

import json
import urllib.request

import alternative_payments as ap


def simulate_payment(base_url: str, payment_request_id: str) -> bool:
    """Pays a payment request through the sandbox's control API (only the sandbox has one)."""
    if not base_url.startswith("http://"):
        return False
    request = urllib.request.Request(f"{base_url}/_sandbox/payment-requests/{payment_request_id}/pay", method="POST")
    with urllib.request.urlopen(request) as response:
        json.loads(response.read())
    return True


def main() -> None:
    with ap.Client() as client:
        customer = client.customers.create(name="Acme Inc.", email="billing@acme.com", external_id="acme-001")
        print(f"customer      {customer.id} {customer.name}")
        user = client.customers.create_user(customer.id, email="jane@acme.com", first_name="Jane", last_name="Doe")
        print(f"user          {user.id} {user.email}")
        for method in client.customers.payment_methods(customer.id):
            print(f"payment method {method.id} {method.type} {method.brand} ****{method.last4}")

        invoice = client.invoices.create(
            customer_id=customer.id,
            currency="USD",
            due_date="2025-09-01",
            line_items=[{"description": "August MSP Fee", "amount": 150000, "quantity": 1}],
        )
        print(f"invoice       {invoice.id} {invoice.status} {invoice.total} {invoice.currency}")
        print(f"payment link  {client.invoices.payment_link(invoice.id)}")
        print(f"pdf link      {client.invoices.pdf_link(invoice.id)}")

        request = client.payment_requests.create(
            amount=5000, currency="USD", redirect_url="https://yourapp.com/success", reference_id="quote-987"
        )
        print(f"payment req   {request.id} {request.status} {request.url}")
        if simulate_payment(client.base_url, request.id):
            paid = client.payment_requests.wait(request.id, timeout=30, poll_interval=0.5)
            print(f"settled       {paid.id} {paid.status}")

        for transaction in client.transactions.list(limit=50):
            print(f"transaction   {transaction.id} {transaction.status} {transaction.total}")
        try:
            client.customers.get("cus_does_not_exist")
        except ap.NotFoundError as error:
            print(f"not found     status={error.status} request_id={error.request_id}")
        if client.base_url.startswith("http://"):
            payout = urllib.request.urlopen(
                urllib.request.Request(f"{client.base_url}/_sandbox/payouts", method="POST", data=b"{}")
            )
            payout_id = json.loads(payout.read())["id"]
            fetched = client.payouts.get(payout_id)
            print(f"payout        {fetched.id} {fetched.status} {fetched.total}")
            for transaction in client.payouts.transactions(payout_id):
                print(f"  paid out    {transaction.id} {transaction.total}")
        else:
            for payout_item in client.payouts.list():
                print(f"payout        {payout_item.id} {payout_item.status} {payout_item.total}")
    print("done")


if __name__ == "__main__":
    main()
