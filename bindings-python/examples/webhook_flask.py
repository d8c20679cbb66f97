"""Receiving Alternative Payments webhooks with Flask.

Subscribe once (``client.webhooks.subscribe(endpoint_url=..., topic="invoice_paid",
secret_key=SECRET_KEY)``); every delivery then carries ``Authorization: Bearer <SECRET_KEY>``.
Run with ``WEBHOOK_SECRET_KEY=... flask --app webhook_flask run``.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Tuple

from flask import Flask, request

from alternative_payments import WebhookVerificationError
from alternative_payments.webhooks import construct_event

SECRET_KEY = os.environ.get("WEBHOOK_SECRET_KEY", "change me")

app = Flask(__name__)
paid_invoices: List[str] = []


@app.post("/hooks/alternative-payments")
def receive() -> Tuple[Dict[str, Any], int]:
    try:
        event = construct_event(request.get_data(), request.headers, SECRET_KEY)
    except WebhookVerificationError:
        return {"error": "unauthorized"}, 401
    if event.topic == "invoice_paid":
        paid_invoices.append(event["data"]["id"])
    # Answer quickly; topics you do not handle (newer ones too) are acknowledged all the same.
    return {"received": True}, 200
