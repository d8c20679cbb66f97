"""A fake of the Alternative Payments API for your tests: the SDK's own sandbox, started inside
this package on a loopback port, with state, the real 5 requests/s rule and injectable faults.

    from alternative_payments.testing import Sandbox

    def test_billing() -> None:
        with Sandbox() as sandbox:
            client = sandbox.client()
            customer = client.customers.create(name="Acme", email="billing@acme.com")
            request = client.payment_requests.create(amount=5000, currency="USD", redirect_url="https://x")
            sandbox.settle_payment_request(request.id, status="paid")
            assert client.payment_requests.get(request.id).status == "PAID"
            assert [r["path"] for r in sandbox.requests()][-1] == f"/payments/request/{request.id}"

With pytest, the ``ap_sandbox`` fixture (installed with the package) gives each test a fresh one.
Nothing is started or loaded until a ``Sandbox`` is made.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Union
from urllib.parse import quote

from . import _native
from ._client import AsyncClient, Client
from ._errors import InvalidArgumentError

CLIENT_ID = "sandbox_client_id"
CLIENT_SECRET = "sandbox_client_secret"
_MODES = {"status": "status", "drop": "drop", "delay": "delay", "after_write": "fail_after_write", "non_json": "non_json"}
_SETTLED = {"paid": "pay", "expired": "expire", "cancelled": "cancel"}


def _invalid(argument: str, message: str) -> InvalidArgumentError:
    error = InvalidArgumentError(f"invalid argument `{argument}`: {message}")
    error.argument = argument
    return error


class Sandbox:
    """A running sandbox. ``rate_limit`` requests per second per API key (``None``: no limit),
    tokens living ``token_ttl`` seconds (rounded up to whole seconds, at least one), answers in
    the vendor reference's shapes (or ``shapes="guides"``). Use it as a context manager, or call
    :meth:`close`. A setting the sandbox cannot take (``rate_limit=0.5``) is a ``ValueError``."""

    def __init__(
        self,
        *,
        rate_limit: Optional[float] = 5.0,
        token_ttl: float = 3600,
        shapes: str = "reference",
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self._native: Optional[_native.NativeSandbox] = _native.NativeSandbox({
            "rate_limit": int(rate_limit) if isinstance(rate_limit, float) and rate_limit.is_integer() else rate_limit,
            "token_ttl_secs": max(1, math.ceil(token_ttl)),
            "shapes": shapes,
            "client_id": client_id,
            "client_secret": client_secret,
        })
        self.url: str = self._native.url()

    def _control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        if self._native is None:
            raise RuntimeError("this sandbox is closed")
        return self._native.control(method, path, body or {})

    def client(self, **settings: Any) -> Client:
        """A :class:`Client` of this sandbox, with its credentials; ``settings`` as for ``Client``."""
        return Client(self.client_id, self.client_secret, base_url=self.url, **settings)

    def async_client(self, **settings: Any) -> AsyncClient:
        """An :class:`AsyncClient` of this sandbox, with its credentials."""
        return AsyncClient(self.client_id, self.client_secret, base_url=self.url, **settings)

    def settle_payment_request(self, id: str, status: str = "paid") -> Dict[str, Any]:
        """Settles a pending payment request as the payer would: ``paid`` (creating its
        transaction), ``expired`` or ``cancelled``."""
        if status not in _SETTLED:
            raise _invalid("status", f"must be one of {', '.join(_SETTLED)}, not {status!r}")
        settled: Dict[str, Any] = self._control("POST", f"/payment-requests/{quote(id, safe='')}/{_SETTLED[status]}")
        return settled

    def pay_invoice(self, id: str) -> Dict[str, Any]:
        """Marks an invoice paid and creates its transaction."""
        paid: Dict[str, Any] = self._control("POST", f"/invoices/{quote(id, safe='')}/pay")
        return paid

    def create_payout(self, transaction_ids: Optional[List[str]] = None) -> Dict[str, Any]:
        """Pays out the given succeeded transactions (default: every one not paid out yet)."""
        body = {} if transaction_ids is None else {"transaction_ids": transaction_ids}
        payout: Dict[str, Any] = self._control("POST", "/payouts", body)
        return payout

    def fail_next(
        self,
        *,
        method: Optional[str] = None,
        path: Optional[str] = None,
        status: int = 503,
        mode: str = "status",
        count: int = 1,
        delay: float = 1.0,
        retry_after: Optional[Union[str, int]] = None,
    ) -> None:
        """Makes the next ``count`` requests matching ``method`` and ``path`` (a prefix; any when
        not given) fail: ``mode="status"`` answers ``status``; ``"drop"`` closes the connection;
        ``"delay"`` answers after ``delay`` seconds; ``"after_write"`` applies the request and then
        answers ``status`` (the outcome your code cannot know); ``"non_json"`` answers an HTML page."""
        if mode not in _MODES:
            raise _invalid("mode", f"must be one of {', '.join(_MODES)}, not {mode!r}")
        fault: Dict[str, Any] = {"kind": _MODES[mode], "status": status, "count": count, "ms": math.ceil(delay * 1000)}
        if method is not None:
            fault["method"] = method.upper()
        if path is not None:
            fault["path"] = path
        if retry_after is not None:
            fault["retry_after"] = str(retry_after)
        self._control("POST", "/faults", fault)

    def requests(self) -> List[Dict[str, Any]]:
        """The requests the API answered, oldest first: ``method``, ``path``, ``query``,
        ``status``, ``at_ms``, ``client_id``, ``request_id``."""
        log: List[Dict[str, Any]] = self._control("GET", "/requests")["requests"]
        return log

    def reset(self) -> None:
        """Forgets every object, token, fault and logged request."""
        self._control("POST", "/reset")

    def close(self) -> None:
        """Stops the server (also when the sandbox is garbage collected)."""
        native, self._native = self._native, None
        if native is not None:
            native.close()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Sandbox(url={self.url!r}, client_id={self.client_id!r})"


__all__ = ["Sandbox", "CLIENT_ID", "CLIENT_SECRET"]
