"""Every call to Stripe goes through this module: one configured client, VND amounts in
whole đồng (Stripe treats VND as zero-decimal, so 150000 means 150.000 ₫), idempotency
keys on every write, and webhook signature verification. In tests ``STRIPE_API_BASE``
points at stripe-mock."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import stripe
from django.conf import settings

CURRENCY = "vnd"


class StripeUnavailable(Exception):
    """Stripe is not configured or could not be reached; the message is user-safe."""


@dataclass(frozen=True)
class Intent:
    id: str
    status: str  # requires_payment_method | requires_confirmation | requires_action |
    #              processing | requires_capture | succeeded | canceled
    amount: int
    amount_received: int
    amount_capturable: int
    client_secret: str
    capture_method: str
    metadata: dict[str, str]


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


@functools.lru_cache(maxsize=4)
def _client_for(api_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base} if api_base else {},
        max_network_retries=2,
    )


def _client() -> stripe.StripeClient:
    if not is_configured():
        raise StripeUnavailable("Chưa cấu hình thanh toán thẻ. / Card payments are not configured.")
    return _client_for(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def _intent(resource: Any) -> Intent:
    obj = resource.to_dict() if hasattr(resource, "to_dict") else dict(resource)
    return Intent(
        id=obj["id"],
        status=obj["status"],
        amount=int(obj["amount"]),
        amount_received=int(obj.get("amount_received") or 0),
        amount_capturable=int(obj.get("amount_capturable") or 0),
        client_secret=obj.get("client_secret") or "",
        capture_method=obj.get("capture_method") or "automatic",
        metadata=dict(obj.get("metadata") or {}),
    )


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except stripe.StripeError as exc:
        raise StripeUnavailable(
            f"Cổng thanh toán thẻ báo lỗi: {exc.user_message or exc.code or 'error'}. / "
            f"The card gateway returned an error."
        ) from exc


def payment_intent_create(
    *,
    amount: int,
    idempotency_key: str,
    metadata: dict[str, str],
    manual_capture: bool = False,
    description: str = "",
    receipt_email: str = "",
) -> Intent:
    """Creates a PaymentIntent for ``amount`` whole đồng. The same ``idempotency_key``
    always returns the same intent (Stripe replays the first response)."""
    params: dict[str, Any] = {
        "amount": int(amount),
        "currency": CURRENCY,
        "metadata": metadata,
        "payment_method_types": ["card"],
        "capture_method": "manual" if manual_capture else "automatic",
    }
    if description:
        params["description"] = description[:1000]
    if receipt_email:
        params["receipt_email"] = receipt_email
    obj = _call(
        _client().v1.payment_intents.create,
        params=params,
        options={"idempotency_key": idempotency_key},
    )
    return _intent(obj)


def payment_intent_retrieve(intent_id: str) -> Intent:
    return _intent(_call(_client().v1.payment_intents.retrieve, intent_id))


def payment_intent_capture(intent_id: str, *, amount: int, idempotency_key: str) -> Intent:
    obj = _call(
        _client().v1.payment_intents.capture,
        intent_id,
        params={"amount_to_capture": int(amount)},
        options={"idempotency_key": idempotency_key},
    )
    return _intent(obj)


def payment_intent_cancel(
    intent_id: str, *, idempotency_key: str, reason: str = "abandoned"
) -> Intent:
    """Voids an uncaptured intent (no money moves). ``reason``: Stripe's
    cancellation_reason (abandoned, duplicate, fraudulent, requested_by_customer)."""
    obj = _call(
        _client().v1.payment_intents.cancel,
        intent_id,
        params={"cancellation_reason": reason},
        options={"idempotency_key": idempotency_key},
    )
    return _intent(obj)


def refund_create(
    *, intent_id: str, amount: int, idempotency_key: str, metadata: dict[str, str]
) -> str:
    """Refunds ``amount`` đồng of a captured intent; returns the refund id."""
    obj = _call(
        _client().v1.refunds.create,
        params={
            "payment_intent": intent_id,
            "amount": int(amount),
            "metadata": metadata,
        },
        options={"idempotency_key": idempotency_key},
    )
    return str(obj["id"])


def webhook_event(payload: bytes, signature: str) -> dict[str, Any]:
    """Verifies the ``Stripe-Signature`` header against ``STRIPE_WEBHOOK_SECRET`` and
    returns the event as a plain dict. Raises ``ValueError`` on a bad payload or
    signature (the view answers 400 and changes nothing)."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise ValueError("webhook secret not configured")
    try:
        event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except stripe.SignatureVerificationError as exc:
        raise ValueError("bad signature") from exc
    return event.to_dict()
