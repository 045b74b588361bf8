"""Demo orders for the quickstart (``seed_demo``): made through the real services, so the
dashboard, the buyer's history and the ledger show every state. Idempotent: nothing is
created once the demo buyer has orders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from marketplace.models import AdministrativeUnit, User
from shops.models import Product, Shop, ShopMembership, Stock, StockLocation

from .models import DeliveryKind, LedgerEntry, Order, PaymentMethod, ShopOrder
from .selectors import cart as cart_selectors
from .services import cart, fulfilment
from .services import delivery as delivery_services
from .services.checkout import checkout_complete


def _address() -> dict[str, Any]:
    province = AdministrativeUnit.objects.get(
        generation="current", level="province", name__contains="Quảng Trị"
    )
    commune = province.children.order_by("code").first()
    assert commune is not None
    return {
        "full_name": "Nguyễn Thị Khách",
        "phone": "0912345678",
        "province": province.pk,
        "commune": commune.pk,
        "street": "25 Quang Trung",
    }


def _variants(shop: Shop, count: int) -> list[Any]:
    warehouse = StockLocation.objects.get(kind=StockLocation.Kind.WAREHOUSE, shop=shop)
    in_stock = Stock.objects.filter(
        location=warehouse,
        quantity__gte=5,
        variant__product__status=Product.Status.PUBLISHED,
        variant__is_active=True,
    ).select_related("variant")
    return [s.variant for s in in_stock.order_by("variant_id")[:count]]


def _place(user: User | None, email: str, lines: list[tuple[Any, int]], method: str) -> Order:
    checkout = cart.checkout_create(user=user, email=email)
    cart.checkout_lines_add(checkout=checkout, lines=[(v.pk, q) for v, q in lines])
    cart.checkout_contact_update(checkout=checkout, email=email, phone="0912345678")
    cart.checkout_address_update(checkout=checkout, data=_address())
    checkout.refresh_from_db()
    for group in cart_selectors.checkout_summary(checkout).groups:
        option = group.shipping_options[0]
        delivery_services.checkout_delivery_update(
            checkout=checkout,
            shop=group.shop,
            kind=DeliveryKind.SHIPPING,
            shipping_method_id=option.method_id,
        )
    cart.checkout_payment_method_update(checkout=checkout, method=method)
    checkout.refresh_from_db()
    return checkout_complete(checkout=checkout, user=user)


def seed_demo_orders() -> int:
    """A few orders of the demo buyer ``khachhang`` with the demo shop ``chuhang``: one new
    COD order across two shops, one shipped, one delivered and paid (its sale payable
    after the return window), and a guest bank-transfer order awaiting payment."""
    buyer = User.objects.filter(username="khachhang").first()
    membership = (
        ShopMembership.objects.filter(user__username="chuhang", role="owner")
        .select_related("shop", "user")
        .first()
    )
    if buyer is None or membership is None or Order.objects.filter(user=buyer).exists():
        return 0
    shop, owner = membership.shop, membership.user
    other = (
        Shop.objects.exclude(pk=shop.pk).filter(memberships__role="owner").order_by("pk").first()
    )
    mine = _variants(shop, 3)
    theirs = _variants(other, 1) if other else []
    if len(mine) < 3:
        return 0
    created = [
        _place(buyer, buyer.email, [(mine[0], 2), *[(v, 1) for v in theirs]], PaymentMethod.COD)
    ]

    shipped = _place(buyer, buyer.email, [(mine[1], 1)], PaymentMethod.COD)
    shop_order = shipped.shop_orders.get()
    fulfilment.shop_order_confirm(actor=owner, shop_order=shop_order)
    fulfilment.shop_order_pack(actor=owner, shop_order=shop_order)
    fulfilment.shop_order_ship(
        actor=owner, shop_order=shop_order, carrier="Viettel Post", tracking_number="VTP123456789"
    )
    created.append(shipped)

    delivered = _place(buyer, buyer.email, [(mine[2], 3)], PaymentMethod.COD)
    shop_order = delivered.shop_orders.get()
    fulfilment.shop_order_confirm(actor=owner, shop_order=shop_order)
    fulfilment.shop_order_pack(actor=owner, shop_order=shop_order)
    fulfilment.shop_order_ship(
        actor=owner, shop_order=shop_order, carrier="GHN", tracking_number="GHN000111222"
    )
    fulfilment.shop_order_deliver(actor=owner, shop_order=shop_order)
    fulfilment.shop_order_mark_paid(actor=owner, shop_order=shop_order)
    # demo only: as if delivered two weeks ago, so the shop has a payable balance
    past = timezone.now() - timedelta(days=14)
    ShopOrder.objects.filter(pk=shop_order.pk).update(delivered_at=past)
    LedgerEntry.objects.filter(shop_order=shop_order).update(available_at=past + timedelta(days=7))
    created.append(delivered)

    created.append(_place(None, "khach.le@example.vn", [(mine[0], 1)], PaymentMethod.VIETQR))
    return len(created)
