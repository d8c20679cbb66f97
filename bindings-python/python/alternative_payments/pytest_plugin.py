"""The pytest plugin of the package (registered through the ``pytest11`` entry point): the
``ap_sandbox`` fixture, a fresh :class:`alternative_payments.testing.Sandbox` per test."""

from __future__ import annotations

from typing import Iterator

import pytest

from .testing import Sandbox


@pytest.fixture
def ap_sandbox() -> Iterator[Sandbox]:
    """A sandbox of the API for this test, stopped after it: ``ap_sandbox.client()`` talks to it."""
    with Sandbox() as sandbox:
        yield sandbox
