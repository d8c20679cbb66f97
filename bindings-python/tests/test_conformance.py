"""The shared conformance scenarios (tests/conformance) through the Python package's API."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, Optional, Set

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "conformance"))

import alternative_payments as ap  # noqa: E402
import runner  # noqa: E402
from conftest import Sandbox  # noqa: E402

EXERCISED: Set[str] = set()


def plain(value: Any) -> Any:
    """Models, pages and lists as the API's JSON."""
    if isinstance(value, ap.Model):
        return value.to_dict()
    if isinstance(value, ap.Page):
        return {"data": [plain(item) for item in value.data], "has_next_page": value.has_next_page,
                "has_previous_page": value.has_previous_page, "start_cursor": value.start_cursor,
                "end_cursor": value.end_cursor}
    if isinstance(value, (list, ap.ListIterator)):
        return [plain(item) for item in value]
    return value


def make_call(client: ap.Client) -> Any:
    def call(operation: str, args: Dict[str, Any]) -> Any:
        resource, method = operation.split(".")
        function = getattr(getattr(client, resource), method)
        args = dict(args)
        if operation == "payment_requests.wait":
            args["timeout"] = args.pop("timeout_ms") / 1000
            args["poll_interval"] = args.pop("poll_interval_ms") / 1000
        if "id" in args:
            return plain(function(args.pop("id"), **args))
        return plain(function(**args))

    return call


def error_class(exception: BaseException) -> Optional[str]:
    return type(exception).__name__ if isinstance(exception, ap.AlternativePaymentsError) else None


@pytest.mark.parametrize("scenario", runner.SCENARIOS, ids=[s["name"] for s in runner.SCENARIOS])
def test_scenario(sandbox: Sandbox, client: ap.Client, scenario: Dict[str, Any]) -> None:
    runner.run_scenario(scenario, sandbox, make_call(client), error_class, EXERCISED)


def test_every_operation_was_exercised() -> None:
    from alternative_payments import _native

    assert EXERCISED == set(_native.OPERATIONS), set(_native.OPERATIONS) ^ EXERCISED
