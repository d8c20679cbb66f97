"""The shared conformance scenarios (tests/conformance) through the uniffi-generated binding."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Set

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "conformance"))

import alternative_payments_ffi as ffi  # noqa: E402
import pysandbox  # noqa: E402
import runner  # noqa: E402

EXERCISED: Set[str] = set()
RENAMED = {"kind": "type", "is_default": "default"}
FIELD_NAMES = {api: ours for ours, api in RENAMED.items()}
MONEY = {"amount", "sub_total", "total"}


def number(text: str) -> Any:
    """uniffi's exact decimal text as the JSON number the scenarios expect."""
    value = float(text)
    return int(value) if value.is_integer() else value


def plain(value: Any) -> Any:
    """uniffi records as the API's JSON: fields by their API names, `extra_json` merged in."""
    if isinstance(value, list):
        return [plain(item) for item in value]
    if hasattr(value, "__dict__"):
        fields = {RENAMED.get(k, k): number(v) if k in MONEY and isinstance(v, str) else plain(v)
                  for k, v in vars(value).items() if k != "extra_json"}
        fields.update(json.loads(getattr(value, "extra_json", "{}")))
        return fields
    return value


def every_page(fetch: Callable[[Optional[str]], Any]) -> Any:
    """A lazy list as uniffi offers it: pages with cursors, followed to the end."""
    items, after = [], None
    while True:
        page = fetch(after)
        items += page.data
        if not page.has_next_page:
            return items
        after = page.end_cursor


def record(annotation: Any, args: Dict[str, Any]) -> Any:
    """The generated record of a method's `params`, from the scenario's JSON arguments."""
    cls = getattr(ffi, annotation) if isinstance(annotation, str) else annotation
    fields: Dict[str, Any] = {}
    for name, value in args.items():
        if name == "line_items":
            value = [ffi.LineItemInput(**{**item, "amount": str(item["amount"])}) for item in value]
        fields[FIELD_NAMES.get(name, name)] = value
    return cls(**fields)


def make_call(client: ffi.Client) -> Callable[[str, Dict[str, Any]], Any]:
    """Calls any operation the way the generated interface names it: `client.<resource>()`, the
    method (a lazy list is its `_page` twin, followed to the end), path arguments first, the
    others in the method's `params` record. Nothing here is written per operation."""
    lazy = {spec.name for spec in ffi.operation_specs() if spec.lazy_list}

    def call(operation: str, args: Dict[str, Any]) -> Any:
        resource_name, method_name = operation.split(".")
        resource = getattr(client, resource_name)()
        method = getattr(resource, f"{method_name}_page" if operation in lazy else method_name)
        parameters = inspect.signature(method).parameters
        path = [args[name] for name in parameters if name != "params"]
        options = {name: value for name, value in args.items() if name not in parameters}

        def once(after: Optional[str] = None) -> Any:
            if "params" not in parameters:
                return method(*path)
            given = {**options, "after": after} if operation in lazy else options
            return method(*path, record(parameters["params"].annotation, given))

        return plain(every_page(once) if operation in lazy else once())

    return call


def error_class(exception: BaseException) -> Optional[str]:
    if not isinstance(exception, ffi.AlternativePaymentsError):
        return None
    name = type(exception).__name__
    return {"Api": "APIError", "Connection": "APIConnectionError", "Timeout": "APITimeoutError"}.get(name, f"{name}Error")


@pytest.mark.parametrize("scenario", runner.SCENARIOS, ids=[s["name"] for s in runner.SCENARIOS])
def test_scenario(sandbox: pysandbox.Sandbox, client: ffi.Client, scenario: Dict[str, Any]) -> None:
    runner.run_scenario(scenario, sandbox, make_call(client), error_class, EXERCISED)


def test_every_operation_was_exercised() -> None:
    assert EXERCISED == set(ffi.operation_names()), set(ffi.operation_names()) ^ EXERCISED
