"""A sandbox server for the whole session, reset and given a fresh client id for each test
(so token caches and rate limiters never leak between tests)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

import alternative_payments as ap

ROOT = Path(__file__).resolve().parents[2]
SECRET = "sandbox_client_secret"
_ids = itertools.count()


class Sandbox:
    def __init__(self, url: str) -> None:
        self.url = url
        self.client_id = "sandbox_client_id"

    def control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = json.dumps(body or {}).encode()
        request = urllib.request.Request(f"{self.url}/_sandbox{path}", data=data, method=method,
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request) as response:
            text = response.read()
        return json.loads(text) if text else None

    def log(self) -> List[Dict[str, Any]]:
        """This test's requests (a slow request of an earlier test may land after the reset)."""
        requests: List[Dict[str, Any]] = self.control("GET", "/requests")["requests"]
        return [r for r in requests if r["client_id"] in (self.client_id, None)]

    def count(self, method: str, path: str) -> int:
        return sum(1 for r in self.log() if r["method"] == method and r["path"] == path)

    def fault(self, **fault: Any) -> None:
        self.control("POST", "/faults", fault)

    def client(self, **settings: Any) -> ap.Client:
        settings.setdefault("rate_limit", None)
        settings.setdefault("timeout", 5.0)
        return ap.Client(self.client_id, SECRET, base_url=self.url, **settings)


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[str]:
    binary = os.environ.get("AP_SANDBOX_BIN", str(ROOT / "target" / "debug" / "ap-sandbox"))
    process = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line.startswith("listening on "), line
    yield line.removeprefix("listening on ")
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sandbox(sandbox_server: str) -> Sandbox:
    box = Sandbox(sandbox_server)
    box.control("POST", "/reset")
    box.client_id = f"python-test-{os.getpid()}-{next(_ids)}"
    box.control("POST", "/config", {"rate_limit": None, "token_ttl_secs": 3600, "client_id": box.client_id})
    return box


@pytest.fixture
def client(sandbox: Sandbox) -> ap.Client:
    return sandbox.client()
