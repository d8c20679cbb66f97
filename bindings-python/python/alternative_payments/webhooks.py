"""Receiving webhooks: check that a delivery carries your subscription's secret and read its
event. The API sends the ``secret_key`` given to ``client.webhooks.subscribe`` as
``Authorization: Bearer <secret_key>`` on every delivery; the check runs in constant time in
the Rust core.

With FastAPI::

    from fastapi import FastAPI, HTTPException, Request
    from alternative_payments import WebhookVerificationError
    from alternative_payments.webhooks import construct_event

    app = FastAPI()

    @app.post("/hooks/alternative-payments")
    async def receive(request: Request) -> dict:
        try:
            event = construct_event(await request.body(), request.headers, SECRET_KEY)
        except WebhookVerificationError:
            raise HTTPException(status_code=401)
        if event.topic == "invoice_paid":
            mark_paid(event["data"]["id"])
        return {"received": True}

With Flask, ``construct_event(request.get_data(), request.headers, SECRET_KEY)``.
"""

from __future__ import annotations

from typing import Mapping, Optional, Union

from . import _native
from ._models import WebhookEvent

Headers = Union[Mapping[str, str], str, None]


def _authorization(headers: Headers) -> Optional[str]:
    if headers is None or isinstance(headers, str):
        return headers
    value = headers.get("Authorization")  # case-insensitive in Starlette, Flask and Django
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    return value


def construct_event(payload: Union[bytes, str], headers: Headers, secret_key: str) -> WebhookEvent:
    """Checks a delivery and returns its event.

    ``payload`` is the raw body; ``headers`` the request's headers (any mapping) or the
    ``Authorization`` value itself; ``secret_key`` the secret given when subscribing. Raises
    :class:`~alternative_payments.WebhookVerificationError` when the secret does not match or
    the body is not a JSON object. Topics newer than the SDK are kept as they are.
    """
    return WebhookEvent(_native.construct_webhook_event(payload, _authorization(headers), secret_key))


__all__ = ["construct_event", "WebhookEvent"]
