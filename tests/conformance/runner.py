"""The conformance engine for Python runners (the Python package's and the uniffi binding's).

A runner supplies an adapter: ``call(operation, args)`` through its own public API, returning
plain JSON-like values (dicts with the API's field names, lists, strings, None), and
``error_class(exception)`` giving the class name (docs/behaviour.md, "Errors"), or None for a foreign exception.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Set

SCENARIOS = json.loads((Path(__file__).parent / "scenarios.json").read_text())["scenarios"]
_REFERENCE = re.compile(r"\$([a-z_]+)\.([a-z_]+)")


def substitute(value: Any, saved: Dict[str, Any]) -> Any:
    """Replaces ``$name.field`` (a whole string, or inside a path) with saved values."""
    if isinstance(value, str):
        whole = _REFERENCE.fullmatch(value)
        if whole:
            return saved[whole.group(1)][whole.group(2)]
        return _REFERENCE.sub(lambda m: str(saved[m.group(1)][m.group(2)]), value)
    if isinstance(value, list):
        return [substitute(item, saved) for item in value]
    if isinstance(value, dict):
        return {key: substitute(item, saved) for key, item in value.items()}
    return value


def items_of(result: Any) -> List[Any]:
    if isinstance(result, dict) and "data" in result:
        return list(result["data"])
    assert isinstance(result, list), f"expected a list or a page, got {result!r}"
    return result


def check(step: Dict[str, Any], result: Any, error: Optional[str], status: Optional[int]) -> None:
    expect = step.get("expect", {})
    where = f"{step['call']} {step.get('args')}"
    if "error" in expect:
        assert error == expect["error"], f"{where}: expected {expect['error']}, got {error or result!r}"
        if "status" in expect:
            assert status == expect["status"], f"{where}: status {status}"
        return
    assert error is None, f"{where}: unexpected {error}"
    if "fields" in expect:
        for key, wanted in expect["fields"].items():
            assert result.get(key) == wanted, f"{where}: {key} is {result.get(key)!r}, expected {wanted!r}"
    if "length" in expect:
        assert len(items_of(result)) == expect["length"], f"{where}: {len(items_of(result))} items"
    if "first" in expect:
        first = items_of(result)[0]
        for key, wanted in expect["first"].items():
            assert first.get(key) == wanted, f"{where}: first {key} is {first.get(key)!r}, expected {wanted!r}"
    if expect.get("null"):
        assert result is None, f"{where}: expected null, got {result!r}"
    if "startswith" in expect:
        assert isinstance(result, str) and result.startswith(expect["startswith"]), f"{where}: {result!r}"


def run_scenario(
    scenario: Dict[str, Any],
    sandbox: Any,
    call: Callable[[str, Dict[str, Any]], Any],
    error_class: Callable[[BaseException], Optional[str]],
    exercised: Set[str],
) -> None:
    """Runs one scenario; ``sandbox`` is a ``pysandbox.Sandbox`` with this scenario's client id."""
    saved: Dict[str, Any] = {}
    for step in scenario["steps"]:
        if "control" in step:
            result = sandbox.control(step["control"], substitute(step["path"], saved))
        elif "fault" in step:
            sandbox.fault(**step["fault"])
            continue
        elif "log" in step:
            fact = step["log"]
            count = sandbox.count(fact["method"], fact["path"])
            assert count == fact["count"], f"{scenario['name']}: {fact} but {count} in {sandbox.log()}"
            continue
        else:
            exercised.add(step["call"])
            args = substitute(step.get("args", {}), saved)
            error = status = None
            result = None
            try:
                result = call(step["call"], args)
            except BaseException as exception:  # noqa: B902 - classified below
                error = error_class(exception)
                if error is None:
                    raise
                status = getattr(exception, "status", None)
            check({**step, "expect": substitute(step.get("expect", {}), saved)}, result, error, status)
        if "save" in step:
            saved[step["save"]] = result
