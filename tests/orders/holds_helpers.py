"""What the stock-hold tests share: a guest's VietQR checkout of a variant built through
the services, and reading what is held."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from orders.models import Checkout, PaymentMethod
from orders.services import cart
from shops.models import ProductVariant, StockReservation
from tests.orders.builders import address_data, ready_checkout


def guest_checkout(
    variant: ProductVariant,
    quantity: int,
    *,
    email: str = "an@example.vn",
    phone: str = "0912345678",
    method: str = PaymentMethod.VIETQR,
    user: Any = None,
    **address: Any,
) -> Checkout:
    """A checkout ready to place: ``quantity`` of ``variant``, contact and a Quảng Trị
    address (``address`` overrides its fields), cheapest shipping, ``method``."""
    checkout = ready_checkout([(variant, quantity)], method=method, email=email, user=user)
    cart.checkout_contact_update(checkout=checkout, email=email, phone=phone)
    if address:
        cart.checkout_address_update(checkout=checkout, data=address_data(**address))
    checkout.refresh_from_db()
    return checkout


def held(variant: ProductVariant, source: str = StockReservation.Source.ORDER) -> int:
    """Units of ``variant`` held by active reservations (expired or not)."""
    return (
        StockReservation.objects.filter(
            stock__variant=variant, source=source, status=StockReservation.Status.ACTIVE
        ).aggregate(t=Sum("quantity"))["t"]
        or 0
    )


def codes(exc: Any) -> list[str]:
    return [e.code for errors in exc.error_dict.values() for e in errors]
