"""Builders for checkout tests and benchmarks: sellable variants with stock, shipping
for a shop, a valid Vietnamese address, a filled checkout, signed Stripe webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from django.conf import settings

from marketplace.models import AdministrativeUnit
from orders.models import Checkout, DeliveryKind, PaymentMethod
from orders.selectors import cart as cart_selectors
from orders.services import cart, shipping
from orders.services import delivery as delivery_services
from shops.models import ProductVariant, Shop
from tests.factories.shops import ProductFactory, VariantFactory, make_stock


def quang_tri() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(
        generation="current", level="province", name__contains="Quảng Trị"
    )


def address_data(**overrides: Any) -> dict[str, Any]:
    province = quang_tri()
    commune = province.children.order_by("code").first()
    data = {
        "full_name": "Nguyễn Văn An",
        "phone": "0912345678",
        "province": province.pk,
        "commune": commune.pk,
        "street": "12 Quang Trung",
    }
    data.update(overrides)
    return data


def sellable(
    shop: Shop, *, price: int = 100_000, stock: int = 10, weight: int = 500
) -> ProductVariant:
    variant = VariantFactory(product=ProductFactory(shop=shop), price=price, weight_grams=weight)
    make_stock(variant, stock)
    return variant


def ready_checkout(
    lines: list[tuple[ProductVariant, int]],
    *,
    method: str = PaymentMethod.COD,
    email: str = "buyer@example.vn",
    user: Any = None,
) -> Checkout:
    """A checkout with contact, address, the cheapest shipping per shop and ``method``."""
    checkout = cart.checkout_create(user=user, email=email)
    cart.checkout_lines_add(checkout=checkout, lines=[(v.pk, q) for v, q in lines])
    cart.checkout_contact_update(checkout=checkout, email=email, phone="0912345678")
    cart.checkout_address_update(checkout=checkout, data=address_data())
    checkout.refresh_from_db()
    for group in cart_selectors.checkout_summary(checkout).groups:
        if not group.shop.shipping_zones.exists():
            shipping.shipping_defaults_create(group.shop)
    for group in cart_selectors.checkout_summary(checkout).groups:
        option = min(group.shipping_options, key=lambda o: o.price)
        delivery_services.checkout_delivery_update(
            checkout=checkout,
            shop=group.shop,
            kind=DeliveryKind.SHIPPING,
            shipping_method_id=option.method_id,
        )
    cart.checkout_payment_method_update(checkout=checkout, method=method)
    checkout.refresh_from_db()
    return checkout


def stripe_signature(
    payload: bytes, secret: str | None = None, timestamp: int | None = None
) -> str:
    """A real ``Stripe-Signature`` header (HMAC-SHA256 over "<t>.<payload>")."""
    secret = secret or settings.STRIPE_WEBHOOK_SECRET
    timestamp = timestamp or int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def stripe_event(event_id: str, kind: str, obj: dict[str, Any]) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "api_version": "2024-06-20",
            "created": int(time.time()),
            "data": {"object": obj},
        }
    ).encode()


def post_stripe_event(
    client: Any, event_id: str, kind: str, obj: dict[str, Any], *, signature: str | None = None
):
    payload = stripe_event(event_id, kind, obj)
    return client.post(
        "/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature or stripe_signature(payload),
    )
