"""The Python rows of `make bench`, printed as JSON lines. Needs SANDBOX_URL, and the package
built in release into the running interpreter (scripts/bench.sh does both)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Any, Callable, Dict, List, Optional

URL = os.environ["SANDBOX_URL"]
SECRET = "sandbox_client_secret"
CALLS = 2000


def control(path: str, body: Optional[Dict[str, Any]] = None, method: str = "POST") -> Any:
    request = urllib.request.Request(f"{URL}/_sandbox{path}", data=json.dumps(body or {}).encode(), method=method)
    with urllib.request.urlopen(request) as response:
        text = response.read()
    return json.loads(text) if text else None


def log(client_id: str) -> List[Dict[str, Any]]:
    return [r for r in control("/requests", method="GET")["requests"] if r["client_id"] == client_id]


def fresh(client_id: str, rate_limit: Optional[int]) -> None:
    control("/reset")
    control("/config", {"client_id": client_id, "rate_limit": rate_limit})


def emit(row: Dict[str, Any]) -> None:
    print(json.dumps({"lang": "python", **row}), flush=True)


def timed(call: Callable[[], Any]) -> Dict[str, float]:
    for _ in range(100):
        call()
    samples = []
    for _ in range(CALLS):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return {"median_us": statistics.median(samples) * 1e6, "p99_us": samples[int(len(samples) * 0.99)] * 1e6}


def latency() -> None:
    import httpx
    import requests

    import alternative_payments as ap

    fresh("bench-latency", None)
    client = ap.Client("bench-latency", SECRET, base_url=URL, rate_limit=None)
    customer_id = client.customers.create(name="Acme", email="a@acme.test").id
    emit({"bench": "latency", "client": "SDK", **timed(lambda: client.customers.get(customer_id))})

    token = requests.post(f"{URL}/oauth/token", auth=("bench-latency", SECRET),
                          data={"grant_type": "client_credentials"}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    session = requests.Session()
    session.headers.update(headers)
    emit({"bench": "latency", "client": "requests.Session (baseline)",
          **timed(lambda: session.get(f"{URL}/customers/{customer_id}").json())})
    with httpx.Client(headers=headers) as http:
        emit({"bench": "latency", "client": "httpx.Client (baseline)",
              **timed(lambda: http.get(f"{URL}/customers/{customer_id}").json())})


def rate_facts(entries: List[Dict[str, Any]], limit: float) -> Dict[str, Any]:
    times = sorted(r["at_ms"] for r in entries)
    span = (times[-1] - times[0]) / 1000
    minimum = (len(times) - 1) // limit
    return {"requests": len(times), "rate": (len(times) - 1) / span, "share": minimum / span,
            "429s": sum(1 for r in entries if r["status"] == 429)}


def throughput() -> None:
    import alternative_payments as ap

    for callers in (1, 32):
        client_id = f"bench-throughput-{callers}"
        fresh(client_id, 5)
        client = ap.Client(client_id, SECRET, base_url=URL, rate_limit=5.0)
        remaining = [60]
        lock = threading.Lock()

        def work() -> None:
            while True:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                client.customers.list_page()

        threads = [threading.Thread(target=work) for _ in range(callers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        emit({"bench": "throughput", "callers": callers, **rate_facts(log(client_id), 5.0)})


def tokens() -> None:
    import alternative_payments as ap

    fresh("bench-tokens", None)
    client = ap.Client("bench-tokens", SECRET, base_url=URL, rate_limit=None)
    threads = [threading.Thread(target=client.customers.list_page) for _ in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    emit({"bench": "tokens", "token_requests": sum(1 for r in log("bench-tokens") if r["path"] == "/oauth/token")})


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def pagination() -> None:
    import alternative_payments as ap

    fresh("bench-pages", None)
    control("/seed", {"customers": 20000})
    client = ap.Client("bench-pages", SECRET, base_url=URL, rate_limit=None)
    before = peak = rss()
    started = time.perf_counter()
    items = 0
    for _customer in client.customers.list(limit=100):
        items += 1
        if items % 100 == 0:
            peak = max(peak, rss())
    elapsed = time.perf_counter() - started
    emit({"bench": "pagination", "items": items, "items_per_s": items / elapsed, "memory_growth_mb": (peak - before) / 1e6})


def per_call() -> None:
    """The Python side of the per-call comparison (bench/per_call.py): gets of one customer;
    ``ready`` after 100 warm-up calls, then one batch of PER_CALL_BATCH calls per ``run`` line
    on stdin (answered ``ok``) and one listing of every customer per ``list`` line (answered
    ``ok <items/s>``); at ``end``, the samples as a JSON line."""
    import alternative_payments as ap

    batch = int(os.environ.get("PER_CALL_BATCH", "20"))
    client = ap.Client("bench-per-call", SECRET, base_url=URL, rate_limit=None)
    customer_id = client.customers.create(name="Acme", email="a@acme.test").id
    for _ in range(100):
        client.customers.get(customer_id)
    print("ready", flush=True)
    samples = []
    for line in sys.stdin:
        if line.strip() == "list":
            started, items = time.perf_counter(), 0
            for _customer in client.customers.list(limit=100):
                items += 1
            print(f"ok {items / (time.perf_counter() - started)}", flush=True)
            continue
        if line.strip() != "run":
            break
        for _ in range(batch):
            started = time.perf_counter()
            client.customers.get(customer_id)
            samples.append((time.perf_counter() - started) * 1e6)
        print("ok", flush=True)
    print(json.dumps({"bench": "per_call", "face": "python", "samples_us": samples}), flush=True)


def startup() -> None:
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import alternative_payments"],
                             capture_output=True, text=True, check=True).stderr
        total = [line for line in out.splitlines() if line.rstrip().endswith("| alternative_payments")]
        runs.append(int(total[-1].split("|")[1]) / 1000)
    emit({"bench": "startup", "what": "import alternative_payments", "ms": statistics.median(runs)})


def threads() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("Threads:"))


def concurrent() -> None:
    """100 concurrent awaits of `customers.get` in one event loop, 30 rounds, against an
    httpx.AsyncClient doing the same; threads and memory are read before and after."""
    import asyncio

    import httpx

    import alternative_payments as ap

    fresh("bench-async", None)
    customer_id = ap.Client("bench-async", SECRET, base_url=URL, rate_limit=None).customers.create(
        name="Acme", email="a@acme.test").id
    token = httpx.post(f"{URL}/oauth/token", auth=("bench-async", SECRET),
                       data={"grant_type": "client_credentials"}).json()["access_token"]

    async def rounds(call: Callable[[], Any]) -> List[float]:
        samples = []
        for round_ in range(33):
            started = time.perf_counter()
            await asyncio.gather(*(call() for _ in range(100)))
            if round_ >= 3:  # the first rounds open the connections
                samples.append(time.perf_counter() - started)
        return samples

    async def main() -> None:
        client = ap.AsyncClient("bench-async", SECRET, base_url=URL, rate_limit=None)
        before_threads, before_rss = threads(), rss()
        sdk = await rounds(lambda: client.customers.get(customer_id))
        emit({"bench": "concurrent", "client": "SDK AsyncClient", "median_ms": statistics.median(sdk) * 1e3,
              "threads_before": before_threads, "threads_after": threads(),
              "memory_growth_mb": (rss() - before_rss) / 1e6})
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, limits=limits) as http:
            async def get() -> Any:
                return (await http.get(f"{URL}/customers/{customer_id}")).json()
            before_threads = threads()
            base = await rounds(get)
            emit({"bench": "concurrent", "client": "httpx.AsyncClient (baseline)", "median_ms": statistics.median(base) * 1e3,
                  "threads_before": before_threads, "threads_after": threads(), "memory_growth_mb": 0.0})

    asyncio.run(main())


if __name__ == "__main__":
    wanted = sys.argv[1:] or ["latency", "throughput", "tokens", "pagination", "startup", "concurrent"]
    for name in wanted:
        globals()[name]()
