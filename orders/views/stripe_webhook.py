"""Stripe webhook endpoint: verifies the signature, then hands the event to
``stripe_events.stripe_event_apply`` (stored once, applied once). A bad signature is a 400
and changes nothing; any verified event is acknowledged with 200 so Stripe stops
retrying (a failure inside a handler is a 500 and Stripe retries it)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import stripe_gateway
from ..services import stripe_events


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = stripe_gateway.webhook_event(request.body, signature)
    except ValueError:
        return JsonResponse({"error": "invalid signature or payload"}, status=400)
    result = stripe_events.stripe_event_apply(event)
    return JsonResponse({"received": True, "result": result})
