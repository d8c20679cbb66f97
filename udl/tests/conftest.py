"""The uniffi-generated Python binding against the sandbox. The test command generates it into
target/uniffi/python (with the library beside it) and puts that folder on sys.path."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, os.environ.get("UNIFFI_PYTHON_DIR", str(ROOT / "target" / "uniffi" / "python")))

import alternative_payments_ffi as ffi  # noqa: E402
import pysandbox  # noqa: E402

_ids = itertools.count()


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[str]:
    yield from pysandbox.run_server()


@pytest.fixture
def sandbox(sandbox_server: str) -> pysandbox.Sandbox:
    return pysandbox.Sandbox(sandbox_server, f"uniffi-test-{os.getpid()}-{next(_ids)}")


@pytest.fixture
def client(sandbox: pysandbox.Sandbox) -> ffi.Client:
    config = ffi.ClientConfig(client_id=sandbox.client_id, base_url=sandbox.url, rate_limit=None, timeout_seconds=5.0)
    return ffi.Client(config, pysandbox.SECRET)
