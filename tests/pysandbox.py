"""The sandbox for Python test suites (the Python package's and the uniffi binding's): start the
`ap-sandbox` binary, drive its control endpoints, read its request log."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

ROOT = Path(__file__).resolve().parents[1]
SECRET = "sandbox_client_secret"


def run_server() -> Iterator[str]:
    """Runs the sandbox for as long as the generator is open; yields its URL."""
    binary = os.environ.get("AP_SANDBOX_BIN", str(ROOT / "target" / "debug" / "ap-sandbox"))
    process = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line.startswith("listening on "), line
    try:
        yield line[len("listening on "):]
    finally:
        process.terminate()
        process.wait(timeout=10)


class Sandbox:
    """One test's view of the sandbox: a fresh client id, so tokens and limiters never leak."""

    def __init__(self, url: str, client_id: str) -> None:
        self.url = url
        self.client_id = client_id
        self.control("POST", "/reset")
        self.control("POST", "/config", {"rate_limit": None, "token_ttl_secs": 3600, "client_id": client_id})

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
