"""A sandbox server for the whole session, reset and given a fresh client id for each test
(so token caches and rate limiters never leak between tests)."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

import alternative_payments as ap  # noqa: E402
import pysandbox  # noqa: E402

SECRET = pysandbox.SECRET
_ids = itertools.count()


class Sandbox(pysandbox.Sandbox):
    def client(self, **settings: Any) -> ap.Client:
        settings.setdefault("rate_limit", None)
        settings.setdefault("timeout", 5.0)
        return ap.Client(self.client_id, SECRET, base_url=self.url, **settings)


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[str]:
    yield from pysandbox.run_server()


@pytest.fixture
def sandbox(sandbox_server: str) -> Sandbox:
    return Sandbox(sandbox_server, f"python-test-{os.getpid()}-{next(_ids)}")


@pytest.fixture
def client(sandbox: Sandbox) -> ap.Client:
    return sandbox.client()
