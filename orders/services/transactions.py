"""Paying a checkout through a payment gateway, one transaction (payment attempt) at a
time, the way Saleor's payment apps answer: a card authorization through Stripe, the
dummy app's test charge, or cash on delivery / VietQR chosen for after the order; and a
card payment read again from Stripe. The amount is always the checkout's total."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from .. import stripe_gateway
from ..models import Checkout, Payment, PaymentMethod
from ..selectors.cart import summary_of
from ..selectors.payments import GATEWAY_METHODS, cod_available, gateway_find
from .cart import checkout_payment_method_update, checkout_require_open
from .payments import checkout_payment_start, dummy_payment_charge
from .stripe_events import stripe_event_apply


def _error(field_name: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code, params=params or None)})


@dataclass
class TransactionResult:
    """What Saleor's ``transactionInitialize``/``transactionProcess`` answer: the payment
    (Saleor's transaction), the event type, and the gateway's data for the client."""

    payment: Payment | None
    event_type: str
    message: str = ""
    psp_reference: str = ""
    amount: int = 0
    data: dict[str, Any] | None = field(default=None)


DUMMY_FAILURES = {"CHARGE_FAILURE", "AUTHORIZATION_FAILURE"}


def _check_amount(amount: Decimal | None, total: int) -> None:
    if amount is not None and Decimal(amount) != Decimal(total):
        raise _error(
            "amount",
            f"Số tiền phải bằng tổng giỏ hàng ({total} đ). / The amount must be the checkout "
            f"total ({total} VND).",
            "invalid",
        )


def checkout_transaction_initialize(
    *,
    checkout: Checkout,
    gateway_id: str,
    data: Any = None,
    amount: Decimal | None = None,
    ip: str = "",
) -> TransactionResult:
    """Starts paying a checkout with a gateway of ``payment_gateways``:

    - Stripe (``saleor.app.payment.stripe``): the stock is reserved and a manual-capture
      PaymentIntent created for the total (``payments.checkout_payment_start``); the data
      is the Stripe app's ``{"paymentIntent": {"stripeClientSecret": …}}``.
    - the dummy app (demo and test settings): a successful test charge for the total, or
      the failure the client asked for (``{"event": {"type": "CHARGE_FAILURE"}}``).
    - cash on delivery / VietQR: the checkout's payment method; nothing is charged now.

    The amount is always the checkout's total (a different ``amount`` is refused). ``ip``:
    the client's address, for the stock-hold limits of the card hold."""
    checkout_require_open(checkout)
    gateway = gateway_find(gateway_id, checkout)
    if gateway is None:
        raise _error(
            "payment_gateway",
            "Không có cổng thanh toán này. / Payment gateway not available.",
            "not_found",
        )
    summary = summary_of(checkout)
    if not summary.groups:
        raise _error("id", "Giỏ hàng trống. / The cart is empty.", "no_lines")
    _check_amount(amount, summary.total)
    method = GATEWAY_METHODS[gateway.id]
    if method == PaymentMethod.CARD:
        checkout_payment_method_update(checkout=checkout, method=method)
        payment = checkout_payment_start(checkout=checkout, ip=ip)
        return TransactionResult(
            payment=payment,
            event_type="AUTHORIZATION_ACTION_REQUIRED",
            psp_reference=payment.stripe_payment_intent,
            amount=payment.amount,
            message="Chờ xác nhận thẻ. / Waiting for the card confirmation.",
            data={
                "paymentIntent": {
                    "stripeClientSecret": payment.client_secret,
                    "client_secret": payment.client_secret,
                },
                "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
            },
        )
    if method == PaymentMethod.DUMMY:
        event = (data or {}).get("event") if isinstance(data, dict) else None
        requested = str((event or {}).get("type") or "CHARGE_SUCCESS").upper()
        if requested in DUMMY_FAILURES:
            return TransactionResult(
                payment=None,
                event_type=requested,
                amount=summary.total,
                message="Thanh toán thử nghiệm bị từ chối. / Test payment declined.",
            )
        payment = dummy_payment_charge(checkout=checkout)
        return TransactionResult(
            payment=payment,
            event_type="CHARGE_SUCCESS",
            amount=payment.amount,
            psp_reference=payment.idempotency_key,
            message="Thanh toán thử nghiệm thành công. / Test payment succeeded.",
        )
    if method == PaymentMethod.COD and not cod_available(checkout):
        raise _error(
            "payment_gateway",
            "Không áp dụng thanh toán khi nhận hàng cho đơn này. / Cash on delivery is "
            "not available for this order.",
            "invalid",
        )
    checkout_payment_method_update(checkout=checkout, method=method)
    return TransactionResult(
        payment=None,
        event_type="INFO",
        amount=summary.total,
        data={"paymentMethod": method},
        message="Thanh toán khi đặt hàng xong. / Paid after the order is placed.",
    )


def transaction_process(*, payment: Payment) -> TransactionResult:
    """Saleor's ``transactionProcess``: reads a card payment's PaymentIntent again and
    applies its state the way the matching webhook would (idempotent)."""
    if payment.method == PaymentMethod.CARD and payment.stripe_payment_intent:
        intent = stripe_gateway.payment_intent_retrieve(payment.stripe_payment_intent)
        kind = {
            "requires_capture": "payment_intent.amount_capturable_updated",
            "succeeded": "payment_intent.succeeded",
            "canceled": "payment_intent.canceled",
        }.get(intent.status)
        if kind is not None:
            stripe_event_apply(
                {
                    "id": f"sync:{intent.id}:{intent.status}",
                    "type": kind,
                    "data": {
                        "object": {
                            "id": intent.id,
                            "amount": intent.amount,
                            "amount_received": intent.amount_received,
                            "status": intent.status,
                        }
                    },
                }
            )
        payment.refresh_from_db()
    return TransactionResult(
        payment=payment,
        event_type=transaction_event_type(payment),
        psp_reference=payment.stripe_payment_intent or payment.idempotency_key,
        amount=payment.amount,
        message=payment.failure_message,
    )


def transaction_event_type(payment: Payment) -> str:
    """Saleor's event type for a payment's current state."""
    card = payment.method == PaymentMethod.CARD
    types: dict[str, str] = {
        Payment.Status.PENDING: "AUTHORIZATION_ACTION_REQUIRED" if card else "CHARGE_REQUEST",
        Payment.Status.AUTHORIZED: "AUTHORIZATION_SUCCESS",
        Payment.Status.SUCCEEDED: "CHARGE_SUCCESS",
        Payment.Status.FAILED: "AUTHORIZATION_FAILURE" if card else "CHARGE_FAILURE",
        Payment.Status.CANCELLED: "CANCEL_SUCCESS",
        Payment.Status.REFUNDED: "REFUND_SUCCESS",
    }
    return types.get(payment.status, "INFO")
