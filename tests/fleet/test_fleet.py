"""Many processes, one key (docs/behaviour.md, "Many processes, one key"): three Python
processes, one Node process and one Rust process share one API key through a real Redis against
the strict sandbox (5 requests/s). Run by `make test` after the Python and Node builds."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import pysandbox  # noqa: E402


class Redis:
    """Debian's redis-server on a free loopback port (the test command installs it)."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: "subprocess.Popen[bytes] | None" = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture(scope="module")
def sandbox() -> Iterator[pysandbox.Sandbox]:
    for url in pysandbox.run_server():
        box = pysandbox.Sandbox(url, f"fleet-{os.getpid()}")
        box.control("POST", "/config", {"rate_limit": 5})
        yield box


@pytest.fixture
def redis() -> Iterator[Redis]:
    server = Redis()
    server.start()
    yield server
    server.stop()


def workers(sandbox: pysandbox.Sandbox, redis: Redis, mode: str, calls: int, retries: int = 2) -> List["subprocess.Popen[str]"]:
    env = {**os.environ, "ALTERNATIVE_PAYMENTS_CLIENT_ID": sandbox.client_id,
           "ALTERNATIVE_PAYMENTS_CLIENT_SECRET": pysandbox.SECRET, "ALTERNATIVE_PAYMENTS_BASE_URL": sandbox.url,
           "ALTERNATIVE_PAYMENTS_REDIS_URL": redis.url, "FLEET_MAX_RETRIES": str(retries)}
    here = Path(__file__).resolve().parent
    commands = [[sys.executable, str(here / "worker.py"), mode, str(calls), f"py{n}"] for n in range(3)]
    commands.append(["node", str(here / "worker.mjs"), mode, str(calls), "node"])
    commands.append([str(ROOT / "target" / "debug" / "examples" / "fleet_worker"), mode, str(calls), "rust"])
    return [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for command in commands]


def results(processes: List["subprocess.Popen[str]"]) -> List[Dict[str, Any]]:
    outputs = []
    for process in processes:
        out, _ = process.communicate(timeout=120)
        outputs.append(json.loads(out.strip().splitlines()[-1]))
    return outputs


def most_in_any_second(times: List[float]) -> int:
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t - times[i] < 1000.0) for i in range(len(times))), default=0)


def test_five_processes_in_three_languages_share_one_window_and_one_token(sandbox: pysandbox.Sandbox, redis: Redis) -> None:
    sandbox.control("POST", "/reset")
    sandbox.control("POST", "/config", {"rate_limit": 5, "client_id": sandbox.client_id})
    outputs = results(workers(sandbox, redis, "get", 8))
    assert all(o["ok"] == 8 and o["errors"] == [] for o in outputs), outputs
    log = sandbox.log()
    assert [r for r in log if r["status"] == 429] == [], "no 429 across the fleet"
    assert sandbox.count("POST", "/oauth/token") == 1, "one token for the whole fleet"
    assert sandbox.count("GET", "/customers") == 40
    assert most_in_any_second([r["at_ms"] for r in log]) <= 5


def test_redis_killed_mid_run_fails_no_call_and_sends_no_post_twice(sandbox: pysandbox.Sandbox, redis: Redis) -> None:
    sandbox.control("POST", "/reset")
    sandbox.control("POST", "/config", {"rate_limit": 5, "client_id": sandbox.client_id})
    processes = workers(sandbox, redis, "create", 4, retries=20)
    time.sleep(1.0)
    redis.stop()  # mid-run: every process goes on pacing alone
    outputs = results(processes)
    assert all(o["ok"] == 4 and o["errors"] == [] for o in outputs), outputs
    created = [r for r in sandbox.log() if r["method"] == "POST" and r["path"] == "/customers" and r["status"] == 201]
    assert len(created) == 20, "each customer created exactly once"
    names = [c["name"] for c in sandbox_customers(sandbox)]
    assert len(names) == len(set(names)) == 20

    # Redis back: new processes share again.
    redis.start()
    sandbox.control("POST", "/reset")
    sandbox.control("POST", "/config", {"rate_limit": 5, "client_id": sandbox.client_id})
    outputs = results(workers(sandbox, redis, "get", 4))
    assert all(o["ok"] == 4 for o in outputs), outputs
    assert [r for r in sandbox.log() if r["status"] == 429] == []
    assert sandbox.count("POST", "/oauth/token") == 1


def sandbox_customers(sandbox: pysandbox.Sandbox) -> List[Dict[str, Any]]:
    import alternative_payments as ap

    client = ap.Client(sandbox.client_id, pysandbox.SECRET, base_url=sandbox.url, rate_limit=None)
    return [customer.to_dict() for customer in client.customers.list(limit=100)]
