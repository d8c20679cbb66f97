"""alternative_payments.testing: the sandbox inside the package."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest

import alternative_payments as ap
from alternative_payments.testing import Sandbox


def test_nothing_starts_until_a_sandbox_is_made() -> None:
    code = ("import threading, alternative_payments, alternative_payments.testing;"
            "import os; print(len(os.listdir('/proc/self/task')))")
    threads = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert threads == 1, f"{threads} threads after import"


def test_state_faults_log_and_reset() -> None:
    with Sandbox(rate_limit=None) as sandbox:
        assert sandbox.url.startswith("http://127.0.0.1:")
        client = sandbox.client(max_retries=0)
        customer = client.customers.create(name="Acme", email="a@acme.com")
        assert client.customers.get(customer.id) == customer

        sandbox.fail_next(method="GET", path="/customers", status=500)
        with pytest.raises(ap.InternalServerError):
            client.customers.get(customer.id)
        sandbox.fail_next(mode="delay", delay=0.3, path="/customers")
        started = time.monotonic()
        client.customers.get(customer.id)
        assert time.monotonic() - started >= 0.3
        sandbox.fail_next(mode="after_write", method="POST", path="/customers", status=502)
        with pytest.raises(ap.InternalServerError) as unknown:
            client.customers.create(name="Written", email="w@acme.com")
        assert unknown.value.outcome_unknown
        assert any(c.name == "Written" for c in client.customers.list()), "the write happened"

        log = sandbox.requests()
        assert {"method", "path", "status"} <= set(log[-1])
        assert [r["status"] for r in log if r["method"] == "GET" and r["path"] == f"/customers/{customer.id}"] == [200, 500, 200]

        sandbox.reset()
        assert sandbox.requests() == []
        with pytest.raises(ap.NotFoundError):
            client.customers.get(customer.id)
        with pytest.raises(ap.InvalidArgumentError, match="must be one of") as refused:
            sandbox.settle_payment_request("preq_1", status="refunded")
        assert refused.value.argument == "status"
        with pytest.raises(ValueError, match="preq_missing"):
            sandbox.settle_payment_request("preq_missing")
    with pytest.raises(RuntimeError, match="closed"):
        sandbox.requests()


def test_the_rate_limit_is_real_and_the_async_client_works() -> None:
    with Sandbox(rate_limit=5) as sandbox:
        raw = sandbox.client(rate_limit=None, max_retries=0)
        with pytest.raises(ap.RateLimitError):
            for _ in range(10):
                raw.customers.list_page()

        async def main() -> str:
            async with sandbox.async_client() as client:
                request = await client.payment_requests.create(amount=5000, currency="USD", redirect_url="https://x")
                sandbox.settle_payment_request(request.id, status="expired")
                return (await client.payment_requests.get(request.id)).status or ""

        time.sleep(1.1)
        assert asyncio.run(main()) == "EXPIRED"


def test_settings_and_faults_the_sandbox_cannot_take_are_refused() -> None:
    for bad in (dict(rate_limit=0.5), dict(rate_limit=0)):
        with pytest.raises(ValueError, match="rate_limit"):
            Sandbox(**bad)  # type: ignore[arg-type]
    with Sandbox(rate_limit=None, token_ttl=0.2) as sandbox:
        client = sandbox.client(max_retries=0)
        assert client.customers.list_page().data == [], "a token lasting under a second lasts one"
        with pytest.raises(ValueError, match="count must be 1 or more"):
            sandbox.fail_next(count=0)
        sandbox.fail_next(status=429, retry_after=1, path="/customers")
        with pytest.raises(ap.RateLimitError) as limited:
            client.customers.list_page()
        assert limited.value.status == 429
        request = client.payment_requests.create(amount=100, currency="USD", redirect_url="https://x.test")
        assert sandbox.settle_payment_request(request.id, "expired")["payment_request"]["status"] == "EXPIRED"
        with pytest.raises(ValueError, match="a/b"):
            sandbox.settle_payment_request("a/b")
