"""Stripe webhook endpoint: verifies the signature, then hands the event to
``stripe_events.stripe_event_apply`` (stored once, applied once). A bad signature is a 400
and changes nothing; any verified event is acknowledged with 200 so Stripe stops
retrying (a failure inside a handler is a 500 and Stripe retries it). Before the signature
is checked the body must be bounded JSON (``marketplace.bounded.load_json``: at most
``STRIPE_MAX_BODY_BYTES``, nesting, numbers and text the database can hold): 413 or 400
with a ``code`` otherwise."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.bounded import InputRejected, load_json

from .. import stripe_gateway
from ..errors import OrdersErrorCode
from ..services import stripe_events

#: Stripe's events are a few KiB; a checkout session with many lines stays far below this.
STRIPE_MAX_BODY_BYTES = 256 * 1024


def _event_shaped(event: Any) -> bool:
    """An id and a type that fit their columns, and ``data.object`` an object."""
    if not isinstance(event, dict):
        return False
    data = event.get("data")
    return (
        isinstance(event.get("id"), str)
        and 0 < len(event["id"]) <= 255
        and isinstance(event.get("type"), str)
        and 0 < len(event["type"]) <= 80
        and isinstance(data, dict)
        and isinstance(data.get("object"), dict)
    )


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        load_json(request.body, max_bytes=STRIPE_MAX_BODY_BYTES, max_string=STRIPE_MAX_BODY_BYTES)
    except InputRejected as exc:
        return JsonResponse({"error": str(exc), "code": exc.code}, status=exc.status)
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = stripe_gateway.webhook_event(request.body, signature)
    except ValueError:
        return JsonResponse({"error": "invalid signature or payload"}, status=400)
    if not _event_shaped(event):
        return JsonResponse(
            {"error": "not a Stripe event", "code": OrdersErrorCode.INVALID_EVENT}, status=400
        )
    result = stripe_events.stripe_event_apply(event)
    return JsonResponse({"received": True, "result": result})
