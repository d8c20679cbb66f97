"""What a new user meets first: lists that never end silently after an error, settings of
the wrong type refused by name, one rule for money, logging in a forked child."""

from __future__ import annotations

import json
import logging
import os
import time
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import alternative_payments as ap
from conftest import SECRET, Sandbox


def _statuses(sandbox: Sandbox, path: str) -> List[int]:
    return [r["status"] for r in sandbox.log() if r["method"] == "GET" and r["path"] == path]


def test_a_list_goes_on_after_an_error_without_losing_items(sandbox: Sandbox, client: ap.Client) -> None:
    sandbox.control("POST", "/seed", {"customers": 25})
    customers = client.customers.list(limit=10)
    seen = [next(customers).id for _ in range(10)]
    sandbox.fault(method="GET", path="/customers", kind="status", status=400)
    with pytest.raises(ap.BadRequestError):
        next(customers)
    seen += [customer.id for customer in customers]  # caught and went on: the rest follows
    assert len(seen) == 25 and len(set(seen)) == 25
    assert _statuses(sandbox, "/customers") == [200, 400, 200, 200], "the failed page was asked for again"


def test_pages_go_on_after_an_error(sandbox: Sandbox, client: ap.Client) -> None:
    sandbox.control("POST", "/seed", {"customers": 15})
    pages = client.customers.list(limit=10).pages()
    assert len(next(pages)) == 10
    sandbox.fault(method="GET", path="/customers", kind="status", status=400)
    with pytest.raises(ap.BadRequestError):
        next(pages)
    assert [len(page) for page in pages] == [5]


def test_payment_methods_and_payout_transactions_come_whole(sandbox: Sandbox, client: ap.Client) -> None:
    customer = client.customers.create(name="Acme", email="billing@acme.com")
    sandbox.control("POST", "/seed", {"payment_methods": {"customer_id": customer.id, "count": 14}})
    assert len(client.customers.payment_methods(customer.id)) == 15
    sandbox.control("POST", "/seed", {"transactions": 12})
    payout = sandbox.control("POST", "/payouts", {})
    assert len({t.id for t in client.payouts.transactions(payout["id"])}) == 12


@pytest.mark.parametrize(
    "settings, setting",
    [
        ({"client_id": 123}, "client_id"),
        ({"base_url": 42}, "base_url"),
        ({"timeout": "100"}, "timeout"),
        ({"timeout": True}, "timeout"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"rate_limit": "5"}, "rate_limit"),
        ({"timeout": float("nan")}, "timeout"),
        ({"max_retries": 2**70}, "max_retries"),
    ],
)
def test_settings_of_the_wrong_type_are_refused_by_name(settings: Dict[str, Any], setting: str) -> None:
    options: Dict[str, Any] = {"client_id": "id", "client_secret": "s", "base_url": "http://127.0.0.1:9"}
    options.update(settings)
    with pytest.raises(ap.ConfigurationError) as raised:
        ap.Client(**options)
    assert raised.value.setting == setting
    assert isinstance(raised.value, ValueError)


def test_line_item_amounts_follow_one_rule(sandbox: Sandbox, client: ap.Client) -> None:
    customer = client.customers.create(name="Acme", email="billing@acme.com")

    def invoice(amount: Any) -> ap.Invoice:
        return client.invoices.create(customer_id=customer.id, currency="USD", due_date="2025-09-01",
                                      line_items=[{"description": "Fee", "amount": amount, "quantity": 2}])

    whole = invoice(50.0)
    assert whole.line_items is not None and whole.line_items[0].amount == 50
    fractional = invoice(Decimal("12.75"))
    assert fractional.line_items is not None and fractional.line_items[0].amount == Decimal("12.75")
    assert invoice(12.5).line_items[0].amount == Decimal("12.5")  # type: ignore[index]
    for bad in (2**60, Decimal("0.12345678901234567890"), "ten"):
        with pytest.raises(ap.InvalidArgumentError) as raised:
            invoice(bad)
        assert raised.value.argument == "line_items[0].amount"
    for not_a_number in (float("nan"), float("inf"), 2**70):
        with pytest.raises(ap.InvalidArgumentError) as refused:
            invoice(not_a_number)
        assert refused.value.argument == "line_items[0].amount"
    with pytest.raises(ap.InvalidArgumentError):
        client.payment_requests.create(amount=12.5, currency="USD", redirect_url="https://x.test")
    assert client.payment_requests.create(amount=50.0, currency="USD", redirect_url="https://x.test").id
    with pytest.raises(ap.InvalidArgumentError) as limit:
        client.customers.list_page(limit=0)
    assert limit.value.argument == "limit"


def test_logs_reach_logging_in_a_forked_child(sandbox: Sandbox, client: ap.Client) -> None:
    client.customers.list_page()  # the parent's delivery thread is running
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child reports the SDK records it saw through the pipe
        code = 1
        try:
            records: List[str] = []

            class Collect(logging.Handler):
                def emit(self, record: logging.LogRecord) -> None:
                    records.append(record.getMessage())

            logger = logging.getLogger("alternative_payments")
            logger.addHandler(Collect())
            logger.setLevel(logging.DEBUG)
            child = ap.Client(sandbox.client_id, SECRET, base_url=sandbox.url, rate_limit=None)
            child.customers.list_page()
            deadline = time.monotonic() + 5
            while not any("status=200" in r for r in records) and time.monotonic() < deadline:
                time.sleep(0.05)
            os.write(write_end, "\n".join(records).encode() or b"-")
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    seen = os.read(read_end, 1 << 20).decode()
    os.close(read_end)
    assert os.WEXITSTATUS(status) == 0
    assert "status=200" in seen, seen


def test_validation_errors_and_the_demo_environment(sandbox: Sandbox, client: ap.Client) -> None:
    customer = client.customers.create(name="Acme", email="billing@acme.com")
    with pytest.raises(ap.UnprocessableEntityError) as refused:
        client.invoices.create(customer_id=customer.id, currency="XYZ", due_date="2025-09-01",
                               line_items=[{"description": "Fee", "amount": 100, "quantity": 1}])
    assert refused.value.validation_errors == {"currency": "is not a supported currency"}
    demo = ap.Client("id", "secret", environment="demo")
    assert demo.base_url == "https://public-api.demo.alternativepayments.io"
    with pytest.raises(ap.ConfigurationError) as wrong:
        ap.Client("id", "secret", environment="staging")
    assert wrong.value.setting == "environment"


def test_webhook_subscriptions_and_events(sandbox: Sandbox, client: ap.Client) -> None:
    subscription = client.webhooks.subscribe(
        endpoint_url="https://billing.example.com/hooks", topic="customer_created", secret_key="whsec_py_5678")
    assert isinstance(subscription, ap.WebhookSubscription)
    assert (subscription.topic, subscription.is_active, subscription.secret_last_4_digits) == ("customer_created", True, "5678")
    assert [s.id for s in client.webhooks.list(is_active=True)] == [subscription.id]
    assert client.webhooks.list_page(topic="invoice_paid").data == []
    assert len(ap.WEBHOOK_TOPICS) == 18 and {"customer_created", "invoice_paid"} <= set(ap.WEBHOOK_TOPICS)
    customer = client.customers.create(name="Hooli", email="ap@hooli.test")
    events = list(client.webhooks.events(topic="customer_created"))
    assert [e.topic for e in events] == ["customer_created"] and events[0]["data"]["id"] == customer.id
    assert client.webhooks.unsubscribe(subscription.id).is_active is False
    with pytest.raises(ap.NotFoundError):
        client.webhooks.unsubscribe(subscription.id)
    with pytest.raises(ap.InvalidArgumentError) as refused:
        client.webhooks.subscribe(endpoint_url="http://plain.example.com", topic="invoice_paid")
    assert refused.value.argument == "endpoint_url"
    with pytest.raises(ap.UnprocessableEntityError) as unknown:
        client.webhooks.subscribe(endpoint_url="https://billing.example.com/hooks", topic="no_such_topic")
    assert "topic" in unknown.value.validation_errors
    assert [r["query"] for r in sandbox.log() if r["path"] == "/webhooks" and r["method"] == "GET"][0] == "is_active=true"


def test_construct_event_checks_the_secret_and_keeps_unknown_topics() -> None:
    from alternative_payments.webhooks import construct_event

    body = b'{"id": "evt_1", "topic": "a_topic_from_the_future", "data": {"id": "inv_1", "total": 12.5}}'
    event = construct_event(body, {"authorization": "Bearer s3cret"}, "s3cret")
    assert isinstance(event, ap.WebhookEvent)
    assert (event.id, event.topic, event["data"]["id"]) == ("evt_1", "a_topic_from_the_future", "inv_1")
    assert construct_event(body.decode(), "Bearer s3cret", "s3cret").topic == "a_topic_from_the_future"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}, None):
        with pytest.raises(ap.WebhookVerificationError) as refused:
            construct_event(body, headers, "s3cret")
        assert "s3cret" not in str(refused.value)
    with pytest.raises(ap.WebhookVerificationError):
        construct_event(b"[1, 2]", {"Authorization": "Bearer s3cret"}, "s3cret")
    with pytest.raises(ap.InvalidArgumentError):
        construct_event(body, {"Authorization": "Bearer "}, "")


def test_the_flask_example_accepts_only_signed_deliveries(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util
    from pathlib import Path

    monkeypatch.setenv("WEBHOOK_SECRET_KEY", "whsec_flask")
    path = Path(__file__).resolve().parents[1] / "examples" / "webhook_flask.py"
    spec = importlib.util.spec_from_file_location("webhook_flask", path)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    web = example.app.test_client()
    delivery = {"id": "evt_2", "topic": "invoice_paid", "data": {"id": "inv_42"}}
    assert web.post("/hooks/alternative-payments", json=delivery, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert example.paid_invoices == []
    answer = web.post("/hooks/alternative-payments", json=delivery, headers={"Authorization": "Bearer whsec_flask"})
    assert answer.status_code == 200 and example.paid_invoices == ["inv_42"]


def test_time_filters_take_dates_and_aware_datetimes(sandbox: Sandbox, client: ap.Client) -> None:
    from datetime import date, datetime, timedelta, timezone

    customer = client.customers.create(name="Initech", email="ap@initech.test")
    for due in ("2025-01-01", "2025-02-01", "2025-03-01"):
        client.invoices.create(customer_id=customer.id, currency="USD", due_date=due,
                               line_items=[{"description": "Fee", "amount": 100, "quantity": 1}])
    february = client.invoices.list_page(due_date_start=date(2025, 2, 1), due_date_end=date(2025, 2, 1))
    assert [i.due_date for i in february] == ["2025-02-01"], "a range of dates includes its last day"
    late = client.invoices.list_page(due_date_start=datetime(2025, 2, 1, 1, 0, tzinfo=timezone(timedelta(hours=2))))
    assert len(late.data) == 2, "an aware datetime is sent with its offset (2025-01-31T23:00Z)"
    queries = [r["query"] for r in sandbox.log() if r["path"] == "/invoices" and r["method"] == "GET"]
    assert "due_date_start=2025-02-01T00%3A00%3A00Z" in queries[0] and "due_date_end=2025-02-01T23%3A59%3A59.999999Z" in queries[0]
    assert "due_date_start=2025-02-01T01%3A00%3A00%2B02%3A00" in queries[1]
    assert list(client.transactions.list(created_at_start=date(2000, 1, 1), created_at_end="2999-12-31")) == []
    for bad in (datetime(2025, 2, 1), "last week"):
        with pytest.raises(ap.InvalidArgumentError) as refused:
            client.invoices.list_page(due_date_start=bad)
        assert refused.value.argument == "due_date_start"
    assert len([r for r in sandbox.log() if r["path"] == "/invoices" and r["method"] == "GET"]) == 2, "refused before sending"


def test_redis_url_is_a_setting_checked_by_name(sandbox: Sandbox) -> None:
    with pytest.raises(ap.ConfigurationError) as wrong_type:
        sandbox.client(redis_url=6379)
    assert wrong_type.value.setting == "redis_url"
    with pytest.raises(ap.ConfigurationError) as not_redis:
        sandbox.client(redis_url="http://:hunter2@cache:6379")
    assert not_redis.value.setting == "redis_url" and "hunter2" not in str(not_redis.value)
    client = sandbox.client(redis_url="redis://127.0.0.1:1/0")  # unreachable: calls still work
    assert client.customers.list_page().data == []


def test_payouts_reconcile_lazily_with_exact_sums(sandbox: Sandbox, client: ap.Client) -> None:
    for _ in range(3):
        sandbox.control("POST", "/seed", {"transactions": 2})
        sandbox.control("POST", "/payouts")
    reconciled = list(client.payouts.reconcile(limit=2))
    assert len(reconciled) == 3 and all(r.balanced and r.discrepancies == [] for r in reconciled)
    first = reconciled[0]
    assert isinstance(first, ap.Reconciliation) and isinstance(first.payout, ap.Payout)
    assert [type(t) for t in first.transactions] == [ap.Transaction, ap.Transaction]
    assert first.fees_total == Decimal("58.6") and first.transactions_total == 2000
    assert first.payout.total == first.transactions_total - first.fees_total
    page = client.payouts.reconcile_page(limit=2)
    assert len(page.data) == 2 and page.has_next_page


def test_the_console_script_runs_the_cores_command_line(sandbox: Sandbox) -> None:
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    sandbox.control("POST", "/seed", {"transactions": 2})
    sandbox.control("POST", "/payouts")
    script = shutil.which("alternative-payments", path=str(Path(sys.executable).parent))
    assert script, "pip installs the alternative-payments console script"
    env = {"ALTERNATIVE_PAYMENTS_CLIENT_ID": sandbox.client_id, "ALTERNATIVE_PAYMENTS_CLIENT_SECRET": SECRET,
           "ALTERNATIVE_PAYMENTS_BASE_URL": sandbox.url, "PATH": os.environ.get("PATH", "")}
    done = subprocess.run([script, "payouts", "export", "--format", "jsonl"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["payout_total"], r["transaction_fees"], r["payout_balanced"]) for r in rows] == [("1941.4", "29.3", True)] * 2
    usage = subprocess.run([script, "--help"], env=env, capture_output=True, text=True, timeout=60)
    assert usage.returncode == 0 and "payouts" in usage.stdout
