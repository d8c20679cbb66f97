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
        with pytest.raises(ValueError, match="status must be"):
            sandbox.settle_payment_request("preq_1", status="refunded")
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
