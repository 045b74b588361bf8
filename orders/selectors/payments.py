"""How a checkout can be paid and what it has paid: the payment gateways offered (the
dummy app in demo and test settings, Stripe when configured, cash on delivery when the
phone and total allow it, VietQR bank transfer), what the checkout's pay-first payments
cover, and a payment found by its idempotency key for whoever may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from marketplace.validators import normalize_phone

from .. import stripe_gateway
from ..models import Checkout, Payment, PaymentMethod, ShopOrder
from .cart import summary_of

DUMMY_GATEWAY = "saleor.io.dummy-payment-app"
STRIPE_GATEWAY = "saleor.app.payment.stripe"
#: the id of Saleor's first Stripe app, accepted as an alias
STRIPE_GATEWAY_LEGACY = "app.saleor.stripe"
COD_GATEWAY = "ocop.cod"
VIETQR_GATEWAY = "ocop.vietqr"
GATEWAY_METHODS = {
    DUMMY_GATEWAY: PaymentMethod.DUMMY,
    STRIPE_GATEWAY: PaymentMethod.CARD,
    STRIPE_GATEWAY_LEGACY: PaymentMethod.CARD,
    COD_GATEWAY: PaymentMethod.COD,
    VIETQR_GATEWAY: PaymentMethod.VIETQR,
}


@dataclass(frozen=True)
class Gateway:
    id: str
    name: str
    config: list[tuple[str, str | None]]
    currencies: tuple[str, ...] = ("VND",)


def payment_gateways(checkout: Checkout | None = None) -> list[Gateway]:
    """In demo and test settings Saleor's dummy payment app comes first (an unmodified
    Saleor storefront pays with the first gateway it supports), then Stripe when it is
    configured, then cash on delivery (when allowed for the checkout's phone and total)
    and VietQR bank transfer."""
    gateways = []
    if settings.DUMMY_PAYMENT_GATEWAY_ENABLED:
        gateways.append(Gateway(DUMMY_GATEWAY, "Dummy Payment App", []))
    if stripe_gateway.is_configured():
        gateways.append(
            Gateway(STRIPE_GATEWAY, "Stripe", [("publishableKey", settings.STRIPE_PUBLISHABLE_KEY)])
        )
    if checkout is None or cod_available(checkout):
        gateways.append(Gateway(COD_GATEWAY, "Thanh toán khi nhận hàng / Cash on delivery", []))
    gateways.append(Gateway(VIETQR_GATEWAY, "Chuyển khoản VietQR / Bank transfer (VietQR)", []))
    return gateways


def gateway_find(gateway_id: str, checkout: Checkout | None = None) -> Gateway | None:
    if gateway_id == STRIPE_GATEWAY_LEGACY:
        gateway_id = STRIPE_GATEWAY
    return next((g for g in payment_gateways(checkout) if g.id == gateway_id), None)


def cod_available(checkout: Checkout) -> bool:
    ok, _message = cod_allowed(phone=checkout.phone, total=summary_of(checkout).total)
    return ok


def checkout_payments(checkout: Checkout) -> list[Payment]:
    cached = getattr(checkout, "_payments", None)
    if cached is None:
        cached = list(Payment.objects.filter(checkout=checkout).order_by("pk"))
        checkout._payments = cached  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True)
class Coverage:
    authorized: int  # held on a card, not captured
    charged: int
    total: int

    @property
    def covered(self) -> int:
        return self.authorized + self.charged


def checkout_coverage(checkout: Checkout) -> Coverage:
    """What the checkout's pay-first payments hold and collected, against its total."""
    authorized = charged = 0
    for payment in checkout_payments(checkout):
        if payment.order_id is not None:
            continue
        if payment.status == Payment.Status.AUTHORIZED:
            authorized += payment.amount
        elif payment.status == Payment.Status.SUCCEEDED:
            charged += payment.captured_amount or payment.amount
    return Coverage(authorized=authorized, charged=charged, total=summary_of(checkout).total)


def payment_by_key(*, key: str, user: Any) -> Payment | None:
    """A payment by its idempotency key (what the API shows as the transaction's ID),
    only when its checkout or order is the viewer's to see."""
    payment = (
        Payment.objects.select_related("checkout", "order").filter(idempotency_key=key).first()
    )
    if payment is None:
        return None
    if payment.checkout is not None:
        owner = payment.checkout.user_id
    elif payment.order is not None:
        owner = payment.order.user_id
    else:
        return None
    if owner is not None and not (user is not None and user.is_authenticated and user.pk == owner):
        return None
    return payment


def cod_allowed(*, phone: str, total: int) -> tuple[bool, str]:
    """COD is refused above ``COD_MAX_ORDER_TOTAL`` and for a phone number with
    ``COD_MAX_FAILED_DELIVERIES`` failed COD deliveries in the last
    ``COD_FAILURE_WINDOW_DAYS`` days."""
    if total > settings.COD_MAX_ORDER_TOTAL:
        return False, (
            "Đơn hàng vượt hạn mức thanh toán khi nhận hàng. / "
            "The order is above the cash-on-delivery limit."
        )
    since = timezone.now() - timedelta(days=settings.COD_FAILURE_WINDOW_DAYS)
    failures = ShopOrder.objects.filter(
        order__phone=normalize_phone(phone),
        order__payment_method=PaymentMethod.COD,
        delivery_failed=True,
        created_at__gte=since,
    ).count()
    if failures >= settings.COD_MAX_FAILED_DELIVERIES:
        return False, (
            "Số điện thoại này có nhiều đơn giao không thành công; vui lòng thanh toán trước. / "
            "Too many failed cash-on-delivery orders for this phone; please pay in advance."
        )
    return True, ""
