"""Soak: 20,000 calls through the Python binding (rate limit off). Prints memory and open
sockets every 2,000 calls as JSON lines; flat figures mean no leak."""

from __future__ import annotations

import json
import os
import sys

import alternative_payments as ap

URL = os.environ["SANDBOX_URL"]
CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 20000


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


def sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return count


client = ap.Client("soak-python", "sandbox_client_secret", base_url=URL, rate_limit=None)
customer = client.customers.create(name="Soak", email="soak@x.test")
for n in range(1, CALLS + 1):
    if n % 3 == 0:
        client.customers.list_page(limit=5)
    else:
        client.customers.get(customer.id)
    if n % 2000 == 0:
        print(json.dumps({"lang": "python", "calls": n, "rss_mb": round(rss_mb(), 1), "sockets": sockets()}), flush=True)
