"""One Python process of a fleet sharing one API key (see test_fleet.py): `worker.py get 8`
makes 8 concurrent GETs from 8 threads, `worker.py create 4 <prefix>` creates 4 customers.
Settings come from the ALTERNATIVE_PAYMENTS_* variables. Prints {"ok": n, "errors": [...]}."""

import json
import os
import sys
import threading
from typing import List

import alternative_payments as ap

mode = sys.argv[1] if len(sys.argv) > 1 else "get"
calls = int(sys.argv[2]) if len(sys.argv) > 2 else 8
prefix = sys.argv[3] if len(sys.argv) > 3 else f"py{os.getpid()}"
client = ap.Client(max_retries=int(os.environ.get("FLEET_MAX_RETRIES", "2")))
ok: List[int] = []
errors: List[str] = []


def work(n: int) -> None:
    try:
        if mode == "create":
            client.customers.create(name=f"{prefix}-{n}", email=f"{prefix}-{n}@fleet.test")
        else:
            client.customers.list_page()
        ok.append(n)
    except ap.AlternativePaymentsError as error:
        errors.append(str(error))


threads = [threading.Thread(target=work, args=(n,)) for n in range(calls)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"ok": len(ok), "errors": errors}), flush=True)
