"""Stripe's webhook events, applied once: a card payment authorized, captured, failed,
cancelled or refunded outside the marketplace; a checkout paid before
``checkoutComplete`` is completed here (or its payment refunded: nobody is charged
without an order). Above both ``payments`` and ``checkout``, which never import it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from ..models import Checkout, Order, OrderEvent, Payment, PaymentMethod, Refund, StripeEvent
from . import payments
from .checkout import checkout_complete


def stripe_event_apply(event: dict[str, Any]) -> str:
    """Applies a verified Stripe event exactly once: the event is stored by its id and a
    redelivery is acknowledged without effect. Each handler is itself idempotent and
    tolerates any order of arrival (state only moves forward: a late ``payment_failed``
    never undoes a success; ``charge.refunded`` carries cumulative amounts)."""
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=event["id"], type=event["type"], payload=event
            )
    except IntegrityError:
        record = StripeEvent.objects.get(event_id=event["id"])
        if record.processed_at is not None:
            return "duplicate"
    obj = event.get("data", {}).get("object", {}) or {}
    handler = _HANDLERS.get(event["type"])
    result = handler(obj) if handler else "ignored"
    StripeEvent.objects.filter(pk=record.pk).update(
        processed_at=timezone.now(), result=result[:255]
    )
    return result


def _payment_for(intent: dict[str, Any]) -> Payment | None:
    return Payment.objects.filter(stripe_payment_intent=intent.get("id") or "").first()


def _on_succeeded(intent: dict[str, Any]) -> str:
    payment = _payment_for(intent)
    if payment is None:
        return "unknown payment intent"
    amount = int(intent.get("amount_received") or intent.get("amount") or payment.amount)
    payments.payment_captured(payment.pk, amount=amount)
    payment.refresh_from_db()
    if payment.order_id is None and payment.checkout_id is not None:
        _complete_paid_checkout(payment)
    return "succeeded"


def _complete_paid_checkout(payment: Payment) -> None:
    """A checkout paid before ``checkoutComplete`` was called: complete it now; if it
    cannot become an order the payment is refunded (never charged without an order)."""
    checkout = (
        Checkout.objects.filter(pk=payment.checkout_id).first() if payment.checkout_id else None
    )
    if checkout is None:
        payments.payment_void_or_refund(payment, reason="checkout_gone")
        return
    if checkout.completed_order_id:
        Payment.objects.filter(pk=payment.pk).update(order_id=checkout.completed_order_id)
        payments.order_refresh_payment(order=Order.objects.get(pk=checkout.completed_order_id))
        return
    try:
        checkout_complete(checkout=checkout)
    except ValidationError:
        payments.checkout_payments_release(checkout=checkout, reason="checkout_failed")


def _on_authorized(intent: dict[str, Any]) -> str:
    payment = _payment_for(intent)
    if payment is None:
        return "unknown payment intent"
    Payment.objects.filter(pk=payment.pk, status=Payment.Status.PENDING).update(
        status=Payment.Status.AUTHORIZED
    )
    return "authorized"


def _on_failed(intent: dict[str, Any]) -> str:
    payment = _payment_for(intent)
    if payment is None:
        return "unknown payment intent"
    error = intent.get("last_payment_error") or {}
    message = str(error.get("message") or "")[:255]
    changed = Payment.objects.filter(pk=payment.pk, status__in=payments.OPEN_STATUSES).update(
        status=Payment.Status.FAILED, failure_message=message
    )
    if changed and payment.order_id:
        OrderEvent.objects.create(
            order_id=payment.order_id, kind="payment_failed", data={"message": message}
        )
        payments.order_refresh_payment(order=Order.objects.get(pk=payment.order_id))
    return "failed" if changed else "failed (ignored: payment already settled)"


def _on_canceled(intent: dict[str, Any]) -> str:
    payment = _payment_for(intent)
    if payment is None:
        return "unknown payment intent"
    Payment.objects.filter(pk=payment.pk, status__in=payments.OPEN_STATUSES).update(
        status=Payment.Status.CANCELLED
    )
    return "canceled"


def _on_charge_refunded(charge: dict[str, Any]) -> str:
    payment = Payment.objects.filter(
        stripe_payment_intent=charge.get("payment_intent") or ""
    ).first()
    if payment is None:
        return "unknown payment intent"
    total_refunded = int(charge.get("amount_refunded") or 0)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        recorded = (
            Refund.objects.filter(payment=payment, status=Refund.Status.SUCCEEDED).aggregate(
                t=Sum("amount")
            )["t"]
            or 0
        )
        if total_refunded > recorded:
            # refunded outside the marketplace (Stripe dashboard): recorded for the office
            Refund.objects.create(
                payment=payment,
                amount=total_refunded - recorded,
                method=PaymentMethod.CARD,
                status=Refund.Status.SUCCEEDED,
                reason="stripe_dashboard",
            )
            if payment.order_id:
                OrderEvent.objects.create(
                    order_id=payment.order_id,
                    kind="external_refund",
                    data={"amount": total_refunded - recorded},
                )
        payment.refunded_amount = max(payment.refunded_amount, total_refunded)
        if payment.captured_amount and payment.refunded_amount >= payment.captured_amount:
            payment.status = Payment.Status.REFUNDED
        payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    if payment.order_id:
        payments.order_refresh_payment(order=Order.objects.get(pk=payment.order_id))
    return "refunded"


_HANDLERS = {
    "payment_intent.succeeded": _on_succeeded,
    "payment_intent.amount_capturable_updated": _on_authorized,
    "payment_intent.payment_failed": _on_failed,
    "payment_intent.canceled": _on_canceled,
    "charge.refunded": _on_charge_refunded,
}
