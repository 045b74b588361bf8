"""Collecting and returning money: Stripe card payments (order-first and Saleor's
pay-first flow), applying verified Stripe webhook events exactly once, the order's
payment status, refunds per shop order, and expiry of unpaid orders. Amounts are whole
đồng. Stripe is only called through ``orders.stripe_gateway``; no Stripe call happens
while a database transaction holds stock locks."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from marketplace import services_audit as audit
from marketplace.errors import Forbidden, NotFound
from marketplace.models import AuditAction
from marketplace.permissions import is_ocop_office
from shops.models import ShopMembership, ShopPower, StockLocation, StockReservation
from shops.permissions import require_shop_power
from shops.services.stock import AllocationShortage, stock_allocate, stock_reservations_release

from .. import stripe_gateway
from ..models import (
    BankTransaction,
    Checkout,
    DeliveryKind,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    PaymentMethod,
    Refund,
    ShopOrder,
)
from ..selectors.cart import CheckoutSummary, checkout_summary
from ..selectors.holds import buyer_identity
from . import holds, ledger, notifications
from .checkout_rules import checkout_problems, merge_errors

log = logging.getLogger(__name__)
OPEN_STATUSES = (Payment.Status.PENDING, Payment.Status.AUTHORIZED)


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- Payment status ---------------------------------------------------------------------


def order_payable_total(order: Order) -> int:
    """What the buyer owes for the order: the totals of its shop orders that are not
    cancelled (a cancelled part is no longer due), in đồng."""
    return (
        ShopOrder.objects.filter(order=order)
        .exclude(status=ShopOrder.Status.CANCELLED)
        .aggregate(t=Sum("total"))["t"]
        or 0
    )


def order_amount_due(order: Order) -> int:
    """What is still to be paid, never negative."""
    return max(order_payable_total(order) - order.amount_paid, 0)


def order_refresh_payment(*, order: Order) -> Order:
    """Recomputes what was paid and refunded from the payments and refunds, under a lock
    on the order row. The first time the order is fully paid its shop orders become
    paid, their allocations stop expiring, the ledger gets the sale entries and buyer
    and shops are told. Idempotent."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        paid = (
            Payment.objects.filter(
                order=order, status__in=[Payment.Status.SUCCEEDED, Payment.Status.REFUNDED]
            ).aggregate(t=Sum("captured_amount"))["t"]
            or 0
        )
        refunded = (
            Refund.objects.filter(
                shop_order__order=order, status=Refund.Status.SUCCEEDED
            ).aggregate(t=Sum("amount"))["t"]
            or 0
        )
        refunded += (
            Refund.objects.filter(
                payment__order=order, shop_order__isnull=True, status=Refund.Status.SUCCEEDED
            ).aggregate(t=Sum("amount"))["t"]
            or 0
        )
        due = order_payable_total(order)
        was_paid = (
            order.amount_paid >= due > 0
            or order.payment_status == Order.PaymentStatus.FULLY_CHARGED
        )
        order.amount_paid, order.amount_refunded = paid, refunded
        pending = Payment.objects.filter(order=order, status__in=OPEN_STATUSES).exists()
        if refunded and refunded >= paid:
            status = Order.PaymentStatus.FULLY_REFUNDED
        elif refunded:
            status = Order.PaymentStatus.PARTIALLY_REFUNDED
        elif paid > due:
            status = Order.PaymentStatus.OVERCHARGED
        elif paid == due and paid > 0:
            status = Order.PaymentStatus.FULLY_CHARGED
        elif paid > 0:
            status = Order.PaymentStatus.PARTIALLY_CHARGED
        else:
            status = Order.PaymentStatus.PENDING if pending else Order.PaymentStatus.NOT_CHARGED
        order.payment_status = status
        newly_paid = (
            not was_paid
            and paid >= due > 0
            and order.status not in (Order.Status.EXPIRED, Order.Status.CANCELLED)
        )
        if newly_paid and _hold_lapsed(order, timezone.now()):
            newly_paid = _reallocate_after_deadline(order)
        if newly_paid and order.status == Order.Status.UNCONFIRMED:
            order.status = Order.Status.UNFULFILLED
        order.save(
            update_fields=[
                "amount_paid",
                "amount_refunded",
                "payment_status",
                "status",
                "updated_at",
            ]
        )
        if newly_paid:
            _mark_shop_orders_paid(order)
        return order


def _hold_lapsed(order: Order, now: Any) -> bool:
    """Whether the order's stock hold has ended: its payment deadline passed, or its
    shorter hold (``stock_held_until``: a bank transfer's ``STOCK_HOLD_VIETQR_MINUTES``)."""
    ends = [t for t in (order.payment_due_at, order.stock_held_until) if t is not None]
    return bool(ends) and min(ends) <= now


def _reallocate_after_deadline(order: Order) -> bool:
    """The money came after the order's stock hold ended (``_hold_lapsed``: the short hold
    of a bank transfer, or ``payment_due_at``): other buyers may have taken the goods,
    even if the release or expiry task has not run yet. Takes the stock again under the
    stock rows' locks (the caller holds the order's), so it never oversells; if it is
    gone, the order expires and the caller's payment is refunded (card) or flagged for
    the office to refund (bank transfer, ``BankTransaction.needs_review``)."""
    numbers = list(
        order.shop_orders.exclude(status=ShopOrder.Status.CANCELLED).values_list(
            "number", flat=True
        )
    )
    items = [
        (v, loc, q, ref)
        for v, loc, q, ref in OrderLine.objects.filter(
            shop_order__order=order,
            shop_order__number__in=numbers,
            variant__isnull=False,
        ).values_list(
            "variant_id", "shop_order__stock_location_id", "quantity", "shop_order__number"
        )
    ]
    try:
        with transaction.atomic():
            StockReservation.objects.filter(
                source=StockReservation.Source.ORDER,
                reference__in=numbers,
                status=StockReservation.Status.ACTIVE,
            ).update(status=StockReservation.Status.RELEASED)
            stock_allocate(items=items, source=StockReservation.Source.ORDER, expires_at=None)
    except AllocationShortage:
        order.status = Order.Status.EXPIRED
        ShopOrder.objects.filter(order=order).exclude(status=ShopOrder.Status.CANCELLED).update(
            status=ShopOrder.Status.CANCELLED,
            cancelled_at=timezone.now(),
            cancel_reason="Hết hàng trước khi thanh toán đến (quá hạn) / Sold out before the late payment arrived",
        )
        StockReservation.objects.filter(
            source=StockReservation.Source.ORDER,
            reference__in=numbers,
            status=StockReservation.Status.ACTIVE,
        ).update(status=StockReservation.Status.RELEASED)
        BankTransaction.objects.filter(order=order).update(needs_review=True, reviewed_at=None)
        OrderEvent.objects.create(
            order=order, kind="late_payment_sold_out", data={"amount": order.amount_paid}
        )
        return False
    OrderEvent.objects.create(order=order, kind="late_payment_reallocated")
    return True


def _mark_shop_orders_paid(order: Order) -> None:
    now = timezone.now()
    shop_orders = list(
        order.shop_orders.select_related("shop__producer")
        .exclude(status__in=[ShopOrder.Status.CANCELLED, ShopOrder.Status.RETURNED])
        .filter(is_paid=False)
    )
    ShopOrder.objects.filter(pk__in=[so.pk for so in shop_orders]).update(is_paid=True, paid_at=now)
    StockReservation.objects.filter(
        source=StockReservation.Source.ORDER,
        reference__in=[so.number for so in shop_orders],
        status=StockReservation.Status.ACTIVE,
    ).update(expires_at=None)
    for shop_order in shop_orders:
        shop_order.is_paid, shop_order.paid_at = True, now
        ledger.ledger_post_paid(shop_order)
    OrderEvent.objects.create(order=order, kind="paid", data={"amount": order.amount_paid})
    if order.payment_method != PaymentMethod.COD:
        notifications.order_paid(order)


# --- Starting card payments -----------------------------------------------------------


def order_payment_start(*, order: Order) -> Payment:
    """Order-first card flow (our web checkout): a PaymentIntent for what is still due,
    confirmed on the page with Stripe.js; the ``payment_intent.succeeded`` webhook marks
    the order paid. Reuses the open payment of the same amount (idempotency key per
    order and attempt)."""
    if order.payment_method != PaymentMethod.CARD:
        raise _error(
            "payment_method", "Đơn hàng không thanh toán bằng thẻ. / Not a card order.", "invalid"
        )
    amount = order_amount_due(order)
    if order.status != Order.Status.UNCONFIRMED or amount <= 0:
        raise _error(
            "order",
            "Đơn hàng không còn chờ thanh toán. / The order is not awaiting payment.",
            "not_awaiting_payment",
        )
    existing = (
        Payment.objects.filter(
            order=order, method=PaymentMethod.CARD, status=Payment.Status.PENDING, amount=amount
        )
        .exclude(stripe_payment_intent="")
        .first()
    )
    if existing is not None:
        return existing
    attempt = Payment.objects.filter(order=order).count() + 1
    key = f"order:{order.number}:{attempt}"
    intent = stripe_gateway.payment_intent_create(
        amount=amount,
        idempotency_key=key,
        metadata={"order": order.number, "payment_key": key},
        description=f"OCOP Quảng Bình {order.number}",
        receipt_email=order.email,
    )
    payment, _ = Payment.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "order": order,
            "method": PaymentMethod.CARD,
            "amount": amount,
            "stripe_payment_intent": intent.id,
            "client_secret": intent.client_secret,
        },
    )
    OrderEvent.objects.create(
        order=order, kind="payment_started", data={"payment_intent": intent.id, "amount": amount}
    )
    order_refresh_payment(order=order)
    return payment


def checkout_payment_start(*, checkout: Checkout, ip: str = "") -> Payment:
    """Saleor's pay-first flow: the checkout's stock is reserved for
    ``ORDER_CARD_PAYMENT_TIMEOUT_MINUTES`` and a manual-capture PaymentIntent is created
    for its total; ``checkout_complete`` then captures it. Nobody can be charged for
    stock that is not held: when the reservation fails, no intent is created. The hold
    goes through the stock-hold limits (``holds.hold_limits_check``, the buyer known by
    account, e-mail, phone, address and the client address ``ip``) and, unless the
    checkout already has a payment under way, the rate limit on unpaid orders, like an
    unpaid order's."""
    summary = checkout_summary(checkout)
    problems = [
        p
        for p in checkout_problems(summary)
        if not any(
            e.code == "payment_method_not_set" for errs in p.error_dict.values() for e in errs
        )
    ]
    if problems:
        raise merge_errors(problems)
    if checkout.completed_order_id:
        raise _error(
            "checkout", "Giỏ hàng đã được đặt. / Checkout already completed.", "checkout_completed"
        )
    identity = buyer_identity(
        user=checkout.user,
        email=checkout.email,
        phone=checkout.phone,
        address=checkout.shipping_address,
        ip=ip,
    )
    first_attempt = not Payment.objects.filter(
        checkout=checkout, order__isnull=True, status__in=OPEN_STATUSES
    ).exists()
    if first_attempt:
        holds.unpaid_order_rate_check(identity=identity)
    expires = timezone.now() + timedelta(minutes=settings.ORDER_CARD_PAYMENT_TIMEOUT_MINUTES)
    reference = str(checkout.token)
    with transaction.atomic():
        locations = _checkout_locations(summary)
        try:
            stock_allocate(
                items=[
                    (lv.variant.pk, locations[g.shop.pk], lv.quantity, reference)
                    for g in summary.groups
                    for lv in g.lines
                ],
                source=StockReservation.Source.CHECKOUT,
                expires_at=expires,
                release=(StockReservation.Source.CHECKOUT, reference),
            )
        except AllocationShortage as exc:
            raise _error(
                "lines",
                "Không đủ hàng cho một số sản phẩm. / Insufficient stock for some items.",
                "insufficient_stock",
            ) from exc
        holds.hold_limits_check(
            identity=identity,
            lines=[(lv.variant.pk, lv.quantity) for g in summary.groups for lv in g.lines],
            now=timezone.now(),
            names={lv.variant.pk: str(lv.variant) for g in summary.groups for lv in g.lines},
        )
        stale = list(
            Payment.objects.filter(
                checkout=checkout, order__isnull=True, status__in=OPEN_STATUSES
            ).exclude(amount=summary.total)
        )
    for payment in stale:
        payment_void_or_refund(payment, reason="amount_changed")
    existing = Payment.objects.filter(
        checkout=checkout,
        order__isnull=True,
        status=Payment.Status.PENDING,
        amount=summary.total,
        method=PaymentMethod.CARD,
    ).first()
    if existing is not None:
        return existing
    attempt = Payment.objects.filter(checkout=checkout).count() + 1
    key = f"checkout:{checkout.token}:{attempt}"
    try:
        intent = stripe_gateway.payment_intent_create(
            amount=summary.total,
            idempotency_key=key,
            manual_capture=True,
            metadata={"checkout": reference, "payment_key": key},
            receipt_email=checkout.email,
            description="OCOP Quảng Bình checkout",
        )
    except stripe_gateway.StripeUnavailable:
        stock_reservations_release(source=StockReservation.Source.CHECKOUT, reference=reference)
        raise
    payment, _ = Payment.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "checkout": checkout,
            "method": PaymentMethod.CARD,
            "amount": summary.total,
            "stripe_payment_intent": intent.id,
            "client_secret": intent.client_secret,
        },
    )
    if first_attempt:
        holds.unpaid_order_rate_record(identity=identity)
    return payment


def _checkout_locations(summary: CheckoutSummary) -> dict[int, int]:
    warehouses = dict(
        StockLocation.objects.filter(
            kind=StockLocation.Kind.WAREHOUSE, shop_id__in=[g.shop.pk for g in summary.groups]
        ).values_list("shop_id", "pk")
    )
    result = {}
    for group in summary.groups:
        if (
            group.delivery
            and group.delivery.kind == DeliveryKind.PICKUP
            and group.delivery.sale_point_id
        ):
            result[group.shop.pk] = StockLocation.objects.get(
                sale_point_id=group.delivery.sale_point_id
            ).pk
        else:
            result[group.shop.pk] = warehouses[group.shop.pk]
    return result


def checkout_payments_release(*, checkout: Checkout, reason: str) -> int:
    """A checkout that cannot become an order gives everything back: its open or
    collected payments are voided (not captured) or refunded, its stock hold released.
    Idempotent; returns how many payments it touched."""
    stock_reservations_release(
        source=StockReservation.Source.CHECKOUT, reference=str(checkout.token)
    )
    payments = list(
        Payment.objects.filter(
            checkout=checkout,
            order__isnull=True,
            status__in=[*OPEN_STATUSES, Payment.Status.SUCCEEDED],
        )
    )
    for payment in payments:
        payment_void_or_refund(payment, reason=reason)
    return len(payments)


def payment_void_or_refund(payment: Payment, *, reason: str) -> None:
    """Uncaptured → cancel the intent; captured → refund it in full. Safe to repeat."""
    if payment.method != PaymentMethod.CARD or not payment.stripe_payment_intent:
        Payment.objects.filter(pk=payment.pk, status__in=OPEN_STATUSES).update(
            status=Payment.Status.CANCELLED
        )
        return
    if payment.status == Payment.Status.SUCCEEDED:
        amount = payment.captured_amount - payment.refunded_amount
        if amount > 0:
            refund_id = stripe_gateway.refund_create(
                intent_id=payment.stripe_payment_intent,
                amount=amount,
                idempotency_key=f"auto-refund:{payment.pk}",
                metadata={"reason": reason},
            )
            with transaction.atomic():
                Refund.objects.create(
                    payment=payment,
                    amount=amount,
                    method=PaymentMethod.CARD,
                    status=Refund.Status.SUCCEEDED,
                    reason=reason,
                    stripe_refund_id=refund_id,
                )
                Payment.objects.filter(pk=payment.pk).update(
                    status=Payment.Status.REFUNDED, refunded_amount=payment.captured_amount
                )
        return
    stripe_gateway.payment_intent_cancel(
        payment.stripe_payment_intent, idempotency_key=f"void:{payment.pk}"
    )
    Payment.objects.filter(pk=payment.pk, status__in=OPEN_STATUSES).update(
        status=Payment.Status.CANCELLED
    )


def order_capture_authorized(*, order_id: int) -> None:
    """Captures the authorized (pay-first) payments of a placed order. Called after the
    order's transaction commits; a capture that fails leaves the order unpaid and is
    logged (the intent can still be captured by a retry)."""
    for payment in Payment.objects.filter(
        order_id=order_id, status=Payment.Status.AUTHORIZED, method=PaymentMethod.CARD
    ):
        try:
            intent = stripe_gateway.payment_intent_capture(
                payment.stripe_payment_intent,
                amount=payment.amount,
                idempotency_key=f"capture:{payment.pk}",
            )
        except stripe_gateway.StripeUnavailable:
            log.exception("capture failed for payment %s", payment.pk)
            continue
        payment_captured(payment.pk, amount=intent.amount_received or payment.amount)


def payment_captured(payment_id: int, *, amount: int) -> None:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status in (Payment.Status.SUCCEEDED, Payment.Status.REFUNDED):
            return
        payment.status, payment.captured_amount = Payment.Status.SUCCEEDED, amount
        payment.save(update_fields=["status", "captured_amount", "updated_at"])
    if payment.order_id:
        order = order_refresh_payment(order=Order.objects.get(pk=payment.order_id))
        if order.status in (Order.Status.EXPIRED, Order.Status.CANCELLED):
            payment_void_or_refund(payment, reason="order_closed")
            order_refresh_payment(order=order)


def dummy_payment_charge(*, checkout: Checkout, amount: int | None = None) -> Payment:
    """Saleor's dummy payment app, enabled only in demo and test settings: records a
    successful charge for the checkout total so an unmodified Saleor storefront can
    finish a checkout."""
    if not settings.DUMMY_PAYMENT_GATEWAY_ENABLED:
        raise Forbidden("Cổng thử nghiệm bị tắt. / The test gateway is disabled.")
    total = checkout_summary(checkout).total
    key = f"dummy:{checkout.token}:{amount or total}"
    payment, _ = Payment.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "checkout": checkout,
            "method": PaymentMethod.DUMMY,
            "status": Payment.Status.SUCCEEDED,
            "amount": amount or total,
            "captured_amount": amount or total,
        },
    )
    if checkout.payment_method != PaymentMethod.DUMMY:
        Checkout.objects.filter(pk=checkout.pk).update(payment_method=PaymentMethod.DUMMY)
        checkout.payment_method = PaymentMethod.DUMMY
    return payment


# --- Refunds -----------------------------------------------------------------------------


def _require_refund_actor(actor: Any, shop_order: ShopOrder) -> None:
    """Shop members and the office refund; ``None`` is the system itself (a cancellation
    by the buyer or by expiry returning what was paid)."""
    if actor is None or is_ocop_office(actor):
        return
    if (
        actor is None
        or not actor.is_authenticated
        or not ShopMembership.objects.filter(user_id=actor.pk, shop_id=shop_order.shop_id).exists()
    ):
        raise NotFound("Không tìm thấy đơn hàng. / Order not found.")


def _require_refund_power(actor: Any, shop_order: ShopOrder, amount: Any) -> None:
    """A shop member needs the ``refund`` power, and ``refund_any`` when the shop order's
    refunds would add up to more than the shop's threshold (the office and the system
    refund as before). Called with the shop order locked, so two refunds at once cannot
    both stay under the threshold."""
    if actor is None or is_ocop_office(actor):
        return
    total = shop_order.amount_refunded + (amount if isinstance(amount, int) else 0)
    require_shop_power(actor=actor, shop=shop_order.shop, power=ShopPower.REFUND, amount=total)


def refund_create(*, actor: Any, shop_order: ShopOrder, amount: int, reason: str = "") -> Refund:
    """Refunds ``amount`` đồng of a paid shop order through the method used: a Stripe
    refund for cards (idempotency key per refund), a recorded manual refund for COD and
    bank transfers. At most what the shop order collected minus earlier refunds."""
    _require_refund_actor(actor, shop_order)
    with transaction.atomic():
        shop_order = (
            ShopOrder.objects.select_for_update().select_related("order").get(pk=shop_order.pk)
        )
        _require_refund_power(actor, shop_order, amount)
        order = shop_order.order
        if not shop_order.is_paid:
            raise _error(
                "amount",
                "Đơn chưa được thanh toán nên không thể hoàn tiền. / The order is not paid.",
                "not_paid",
            )
        refundable = shop_order.total - shop_order.amount_refunded
        if not isinstance(amount, int) or amount <= 0 or amount > refundable:
            raise _error(
                "amount",
                f"Số tiền hoàn phải từ 1 đến {refundable} đ. / Refund must be 1–{refundable} VND.",
                "invalid_amount",
            )
        payment = None
        if order.payment_method in (PaymentMethod.CARD, PaymentMethod.DUMMY):
            payment = (
                Payment.objects.filter(order=order, status__in=[Payment.Status.SUCCEEDED])
                .order_by("pk")
                .first()
            )
            if payment is None or payment.captured_amount - payment.refunded_amount < amount:
                raise _error(
                    "amount",
                    "Không còn đủ tiền để hoàn trên giao dịch thẻ. / Not enough left on the card "
                    "payment.",
                    "invalid_amount",
                )
        refund = Refund.objects.create(
            shop_order=shop_order,
            payment=payment,
            amount=amount,
            method=order.payment_method,
            reason=(reason or "")[:255],
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # reserve the amount now so a concurrent refund cannot exceed the total
        ShopOrder.objects.filter(pk=shop_order.pk).update(
            amount_refunded=shop_order.amount_refunded + amount
        )
    if payment is not None and payment.method == PaymentMethod.CARD:
        try:
            refund_id = stripe_gateway.refund_create(
                intent_id=payment.stripe_payment_intent,
                amount=amount,
                idempotency_key=f"refund:{refund.pk}",
                metadata={"order": order.number, "shop_order": shop_order.number},
            )
        except stripe_gateway.StripeUnavailable:
            with transaction.atomic():
                Refund.objects.filter(pk=refund.pk).update(status=Refund.Status.FAILED)
                so = ShopOrder.objects.select_for_update().get(pk=shop_order.pk)
                ShopOrder.objects.filter(pk=so.pk).update(
                    amount_refunded=so.amount_refunded - amount
                )
            raise
        refund.stripe_refund_id = refund_id
    with transaction.atomic():
        refund.status = Refund.Status.SUCCEEDED
        refund.save(update_fields=["status", "stripe_refund_id"])
        if payment is not None:
            Payment.objects.filter(pk=payment.pk).update(
                refunded_amount=F("refunded_amount") + amount
            )
        ledger.ledger_post_refund(refund)
        OrderEvent.objects.create(
            order=order,
            shop_order=shop_order,
            kind="refunded",
            actor=refund.actor,
            data={"amount": amount, "reason": refund.reason},
        )
        order = order_refresh_payment(order=order)
        notifications.refund_succeeded(refund, order)
        audit.record(
            AuditAction.ORDER_REFUND,
            actor=refund.actor,
            target=shop_order,
            before={"amount_refunded": shop_order.amount_refunded},
            after={
                "amount_refunded": shop_order.amount_refunded + amount,
                "refund": amount,
                "method": refund.method,
                "reason": refund.reason,
            },
        )
    return refund


# --- Expiry --------------------------------------------------------------------------------


def expire_unpaid_orders(*, now: Any = None) -> int:
    """Card and bank-transfer orders not paid by ``payment_due_at`` are closed: status
    expired, shop orders cancelled, allocations released, open Stripe intents voided. A
    payment that still arrives later is refunded (card) or flagged (bank). Returns how
    many orders expired."""
    now = now or timezone.now()
    due = list(
        Order.objects.filter(status=Order.Status.UNCONFIRMED, payment_due_at__lt=now).values_list(
            "pk", flat=True
        )
    )
    expired = 0
    for order_id in due:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            if order.status != Order.Status.UNCONFIRMED or order.amount_paid >= order.total:
                continue
            order.status = Order.Status.EXPIRED
            order.save(update_fields=["status", "updated_at"])
            shop_orders = list(order.shop_orders.all())
            for shop_order in shop_orders:
                stock_reservations_release(
                    source=StockReservation.Source.ORDER, reference=shop_order.number
                )
            ShopOrder.objects.filter(order=order).exclude(status=ShopOrder.Status.CANCELLED).update(
                status=ShopOrder.Status.CANCELLED,
                cancelled_at=now,
                cancel_reason="Quá hạn thanh toán / Payment not received in time",
            )
            OrderEvent.objects.create(
                order=order, kind="expired", data={"amount_paid": order.amount_paid}
            )
            if order.amount_paid > 0:
                # partly paid: the money received goes back (cards below) or to the office
                BankTransaction.objects.filter(order=order).update(
                    needs_review=True, reviewed_at=None
                )
            open_payments = list(
                Payment.objects.filter(
                    order=order,
                    method=PaymentMethod.CARD,
                    status__in=[*OPEN_STATUSES, Payment.Status.SUCCEEDED],
                )
            )
            expired += 1
        for payment in open_payments:
            try:
                payment_void_or_refund(payment, reason="order_expired")
            except stripe_gateway.StripeUnavailable:
                log.exception("could not void payment %s of expired order", payment.pk)
    return expired


def release_abandoned_checkout_payments(*, now: Any = None) -> int:
    """Pay-first payments whose checkout never completed within the payment timeout are
    voided or refunded."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.ORDER_CARD_PAYMENT_TIMEOUT_MINUTES)
    checkouts = Checkout.objects.filter(
        Q(payments__status__in=[*OPEN_STATUSES, Payment.Status.SUCCEEDED]),
        payments__order__isnull=True,
        payments__created_at__lt=cutoff,
        completed_order__isnull=True,
    ).distinct()
    count = 0
    for checkout in checkouts:
        count += checkout_payments_release(checkout=checkout, reason="checkout_abandoned")
    return count
