"""Many processes, one key: the allowance a fleet of 1, 4 and 8 processes uses and the 429s it
draws against the strict sandbox (5/s), with and without Redis; the token requests of the
fleet; and the time the Redis path adds to one call. Prints JSON rows for report.py.

Needs SANDBOX_URL (a release sandbox), target/release/examples/fleet_worker and redis-server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pysandbox  # noqa: E402

WORKER = str(ROOT / "target" / "release" / "examples" / "fleet_worker")
SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_redis() -> "tuple[subprocess.Popen[bytes], str]":
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.02)
    return process, f"redis://127.0.0.1:{port}/0"


def run(sandbox: pysandbox.Sandbox, redis_url: str, args: List[str], processes: int, rate_limit: str = "5") -> List[Dict[str, Any]]:
    env = {**os.environ, "ALTERNATIVE_PAYMENTS_CLIENT_ID": sandbox.client_id,
           "ALTERNATIVE_PAYMENTS_CLIENT_SECRET": pysandbox.SECRET, "ALTERNATIVE_PAYMENTS_BASE_URL": sandbox.url,
           "FLEET_MAX_RETRIES": "50", "FLEET_RATE_LIMIT": rate_limit}
    if redis_url:
        env["ALTERNATIVE_PAYMENTS_REDIS_URL"] = redis_url
    workers = [subprocess.Popen([WORKER, *args], env=env, stdout=subprocess.PIPE, text=True) for _ in range(processes)]
    return [json.loads(w.communicate(timeout=300)[0].strip().splitlines()[-1]) for w in workers]


def main() -> None:
    url = os.environ["SANDBOX_URL"]
    redis, redis_url = start_redis()
    try:
        for processes in (1, 4, 8):
            for shared in (False, True):
                box = pysandbox.Sandbox(url, f"fleet-bench-{processes}-{shared}-{time.time_ns()}")
                box.control("POST", "/config", {"rate_limit": 5, "client_id": box.client_id})
                outputs = run(box, redis_url if shared else "", ["saturate", str(SECONDS)], processes)
                log = box.log()
                served = sorted(r["at_ms"] for r in log if r["status"] == 200)  # token requests count too
                # The allowance over the run: at most 5 starts in any 1 s window, so at most
                # 5 × (whole seconds + 1) between the first start and the last.
                span = (served[-1] - served[0]) / 1000 if served else 0.0
                share = len(served) / (5 * (int(span) + 1)) if served else 0.0
                print(json.dumps({"lang": "fleet", "bench": "fleet", "processes": processes, "redis": shared,
                                  "served": len(served), "share": share,
                                  "429s": sum(1 for r in log if r["status"] == 429),
                                  "token_requests": sum(1 for r in log if r["path"] == "/oauth/token"),
                                  "failed_calls": sum(len(o["errors"]) for o in outputs)}), flush=True)
        box = pysandbox.Sandbox(url, f"fleet-bench-latency-{time.time_ns()}")
        # The sandbox does not limit here, and the limiter allows 1000/s: what is left is the
        # cost of taking a slot in the process or in Redis.
        local = run(box, "", ["latency", "400"], 1, rate_limit="1000")[0]
        shared = run(box, redis_url, ["latency", "400"], 1, rate_limit="1000")[0]
        print(json.dumps({"lang": "fleet", "bench": "redis_latency", "local_p50_us": local["p50_us"],
                          "redis_p50_us": shared["p50_us"], "added_us": shared["p50_us"] - local["p50_us"]}), flush=True)
    finally:
        redis.kill()
        redis.wait()


if __name__ == "__main__":
    main()
