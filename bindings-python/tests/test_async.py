"""The asyncio client against the sandbox, and per-call options: each test runs its own event
loop with ``asyncio.run`` (no plugin needed)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import alternative_payments as ap
from conftest import SECRET, Sandbox


def async_client(sandbox: Sandbox, **settings: Any) -> ap.AsyncClient:
    settings.setdefault("rate_limit", None)
    settings.setdefault("timeout", 5.0)
    return ap.AsyncClient(sandbox.client_id, SECRET, base_url=sandbox.url, **settings)


def test_importing_the_package_does_not_import_asyncio() -> None:
    # asyncio is most of a cold import's time: the native module imports it on the first await.
    script = "import sys, alternative_payments; print('asyncio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_async_client_has_the_resources_models_and_errors_of_the_sync_one(sandbox: Sandbox) -> None:
    async def main() -> None:
        async with async_client(sandbox) as client:
            customer = await client.customers.create(name="Acme Inc.", email="billing@acme.com")
            assert isinstance(customer, ap.Customer) and (await client.customers.get(customer.id)) == customer
            for n in range(4):
                await client.customers.create(name=f"Customer {n}", email=f"c{n}@example.com")
            listed = [c.id async for c in client.customers.list(limit=2)]
            assert len(listed) == 5 and listed[0] == customer.id
            sizes = [len(page) async for page in client.customers.list(limit=2).pages()]
            assert sizes == [2, 2, 1]
            page = await client.customers.list_page(limit=2)
            assert isinstance(page, ap.Page) and page.has_next_page

            invoice = await client.invoices.create(
                customer_id=customer.id, currency="USD", due_date="2025-09-01",
                line_items=[{"description": "Fee", "amount": Decimal("1500.25"), "quantity": 2}],
            )
            assert invoice.total == Decimal("3000.5")

            request = await client.payment_requests.create(amount=5000, currency="USD", redirect_url="https://x")
            waiting = asyncio.ensure_future(client.payment_requests.wait(request.id, timeout=10, poll_interval=0.05))
            await asyncio.sleep(0.2)
            assert not waiting.done()
            sandbox.control("POST", f"/payment-requests/{request.id}/pay")
            assert (await waiting).status == "PAID"

            with pytest.raises(ap.NotFoundError) as missing:
                await client.customers.get("cus_missing")
            assert missing.value.status == 404 and missing.value.request_id
            with pytest.raises(ap.InvalidArgumentError):
                [c async for c in client.customers.list(limit=0)]

    asyncio.run(main())


def test_thirty_gathered_calls_keep_to_five_per_second_with_one_token(sandbox: Sandbox) -> None:
    """The sandbox answers 429 beyond 5 requests/s for the key: none may come back."""

    async def main() -> List[ap.Customer]:
        client = async_client(sandbox, rate_limit=5.0)
        customer = await client.customers.create(name="Acme", email="a@acme.com")
        return await asyncio.gather(*(client.customers.get(customer.id) for _ in range(30)))

    started = time.monotonic()
    answers = asyncio.run(main())
    assert len(answers) == 30 and len({c.id for c in answers}) == 1
    log: List[Dict[str, Any]] = sandbox.log()
    assert [entry for entry in log if entry["status"] == 429] == []
    assert sandbox.count("POST", "/oauth/token") == 1
    assert time.monotonic() - started >= 5.0, "31 calls at 5/s take 6 s"


def test_the_event_loop_runs_while_calls_wait(sandbox: Sandbox) -> None:
    async def main() -> int:
        client = async_client(sandbox)
        customer = await client.customers.create(name="Acme", email="a@acme.com")
        sandbox.fault(kind="delay", ms=1000, method="GET", path=f"/customers/{customer.id}")
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        beating = asyncio.ensure_future(ticker())
        await client.customers.get(customer.id)
        beating.cancel()
        return ticks

    assert asyncio.run(main()) >= 10, "the loop kept running during a 1 s call"


def test_cancelling_a_task_drops_its_request_and_frees_its_place_in_the_limiter(sandbox: Sandbox) -> None:
    """At 1 request/s, two calls started together: one takes the slot of second 0, the other
    waits for second 1 and is cancelled (which of the two wins the first slot is up to the
    runtime); C, started after, gets second 1 (it would get second 2 if the cancelled call kept
    its place). The cancelled call never leaves."""

    async def main() -> Dict[str, Any]:
        client = async_client(sandbox)
        customer = await client.customers.create(name="Acme", email="a@acme.com")
        await asyncio.sleep(1.1)
        slow = async_client(sandbox, rate_limit=1.0)
        started = time.monotonic()
        calls = {
            f"/customers/{customer.id}": asyncio.ensure_future(slow.customers.get(customer.id)),
            "/customers": asyncio.ensure_future(slow.customers.list_page(limit=1)),
        }
        await asyncio.sleep(0.2)
        waiting = [path for path, task in calls.items() if not task.done()]
        assert len(waiting) == 1, "one call has the slot of second 0, the other waits"
        cancel_started = time.monotonic()
        calls[waiting[0]].cancel()
        with pytest.raises(asyncio.CancelledError):
            await calls[waiting[0]]
        cancelled_in = time.monotonic() - cancel_started
        await slow.payouts.list_page()
        return {"cancelled": waiting[0], "cancelled_in": cancelled_in, "c_done": time.monotonic() - started}

    timings = asyncio.run(main())
    assert timings["cancelled_in"] < 0.1, timings
    assert timings["c_done"] < 1.8, timings
    assert sandbox.count("GET", timings["cancelled"]) == 0, "the cancelled call never left"
    assert sandbox.count("GET", "/payouts") == 1


def test_cancelling_mid_request_with_wait_for_is_prompt(sandbox: Sandbox) -> None:
    async def main() -> float:
        client = async_client(sandbox)
        customer = await client.customers.create(name="Acme", email="a@acme.com")
        sandbox.fault(kind="delay", ms=3000, method="GET", path=f"/customers/{customer.id}")
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.customers.get(customer.id), timeout=0.3)
        return time.monotonic() - started

    assert asyncio.run(main()) < 0.4


def test_with_options_makes_a_view_sharing_the_token_and_a_deadline_bounds_the_call(sandbox: Sandbox) -> None:
    client = sandbox.client(max_retries=5)
    customer = client.customers.create(name="Acme", email="a@acme.com")
    sandbox.fault(kind="status", status=503, retry_after="1", count=2, method="GET", path=f"/customers/{customer.id}")
    bounded = client.with_options(deadline=1.5)
    assert isinstance(bounded, ap.Client) and "deadline=1.5" in repr(bounded)
    started = time.monotonic()
    with pytest.raises(ap.APITimeoutError) as late:
        bounded.customers.get(customer.id)
    assert "deadline of 1.500 s" in str(late.value)
    assert 1.5 <= time.monotonic() - started < 4.0
    assert "deadline" not in repr(client), "the client itself is unchanged"
    assert client.with_options(timeout=9).customers.get(customer.id).id == customer.id
    assert sandbox.count("POST", "/oauth/token") == 1
    for bad in (-1, float("nan")):
        with pytest.raises(ap.ConfigurationError) as refused:
            client.with_options(deadline=bad)
        assert refused.value.setting == "deadline"

    async def viewed() -> str:
        view = async_client(sandbox).with_options(max_retries=0)
        assert isinstance(view, ap.AsyncClient)
        return (await view.customers.get(customer.id)).id

    assert asyncio.run(viewed()) == customer.id


def test_items_of_the_page_in_hand_come_without_a_request_or_an_await(sandbox: Sandbox) -> None:
    # Only a new page goes through the SDK's runtime; the rest of a page is handed out at once.
    client = sandbox.client()
    ids = [client.customers.create(name=f"C{i}", email=f"c{i}@x.test").id for i in range(3)]

    async def main() -> List[Any]:
        pages = async_client(sandbox)._native.list_async("customers.list", {"limit": 2})
        seen: List[Any] = [pages.take_buffered()]  # nothing fetched yet
        seen.append((await pages.next_item())["id"])
        seen.append([item["id"] for item in pages.take_buffered()])  # the rest of page 1: no await
        seen.append((pages.take_buffered(), sandbox.count("GET", "/customers")))
        seen.append((await pages.next_item())["id"])  # page 2
        seen.append((pages.take_buffered(), await pages.next_item(), sandbox.count("GET", "/customers")))
        return seen

    assert asyncio.run(main()) == [None, ids[0], [ids[1]], (None, 1), ids[2], (None, None, 2)]
    # The same in the blocking client: the rest of a page in one call, without the runtime.
    pages = client.customers._native.list("customers.list", {"limit": 2})
    assert pages.take_buffered() is None
    assert pages.next_item()["id"] == ids[0]
    assert [item["id"] for item in pages.take_buffered()] == [ids[1]]
    assert (pages.take_buffered(), sandbox.count("GET", "/customers")) == (None, 3)
    assert pages.next_item()["id"] == ids[2]
    # The iterators built on it give every item once, in order, sync and async.
    assert [c.id for c in client.customers.list(limit=2)] == ids

    async def listed() -> List[str]:
        return [c.id async for c in async_client(sandbox).customers.list(limit=2)]

    assert asyncio.run(listed()) == ids
