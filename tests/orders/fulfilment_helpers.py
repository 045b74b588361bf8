"""What the shop-order state machine tests share (tests/orders/test_fulfilment*.py): reading
a shop order back, its stock, reservations and events, a snapshot of everything a step may
change, and ``advance`` along the happy path."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from orders.models import LedgerEntry, Order, OrderEvent, Payment, ShopOrder
from orders.services import fulfilment
from shops.models import Stock, StockReservation

S = ShopOrder.Status
O = Order.Status  # noqa: E741


def first(order: Order) -> ShopOrder:
    return order.shop_orders.order_by("id").first()


def fresh(shop_order: ShopOrder) -> ShopOrder:
    return ShopOrder.objects.select_related("order").get(pk=shop_order.pk)


def on_hand(variant, location=None) -> int:
    stock = Stock.objects.get(variant=variant, **({"location": location} if location else {}))
    return stock.quantity


def reservation_statuses(shop_order: ShopOrder) -> list[str]:
    return list(
        StockReservation.objects.filter(source="order", reference=shop_order.number)
        .order_by("id")
        .values_list("status", flat=True)
    )


def kinds(shop_order: ShopOrder) -> list[str]:
    return list(
        OrderEvent.objects.filter(shop_order=shop_order)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def snapshot(shop_order: ShopOrder) -> tuple[Any, ...]:
    so = fresh(shop_order)
    return (
        so.status,
        so.is_paid,
        so.carrier,
        so.tracking_number,
        so.cancel_reason,
        so.delivery_failed,
        so.confirmed_at,
        so.shipped_at,
        so.delivered_at,
        so.cancelled_at,
        so.completed_at,
        so.order.status,
        OrderEvent.objects.filter(order=so.order).count(),
        reservation_statuses(so),
        list(Stock.objects.order_by("id").values_list("quantity", flat=True)),
        Payment.objects.filter(order=so.order).count(),
        LedgerEntry.objects.filter(shop_order=so).count(),
    )


def advance(shop_order: ShopOrder, actor, to: str) -> ShopOrder:
    """Takes ``shop_order`` along the happy path up to status ``to``."""
    pickup = shop_order.delivery_kind == "pickup"
    steps = {
        S.CONFIRMED: lambda: fulfilment.shop_order_confirm(actor=actor, shop_order=shop_order),
        S.PACKED: lambda: fulfilment.shop_order_pack(actor=actor, shop_order=shop_order),
        S.SHIPPED: lambda: fulfilment.shop_order_ship(
            actor=actor, shop_order=shop_order, carrier="GHN", tracking_number="GHN123456"
        ),
        S.DELIVERED: lambda: fulfilment.shop_order_deliver(actor=actor, shop_order=shop_order),
    }
    path = [S.CONFIRMED, S.PACKED] + ([] if pickup else [S.SHIPPED]) + [S.DELIVERED]
    stop = {S.CANCELLED: S.UNFULFILLED, S.RETURNED: S.SHIPPED, S.COMPLETED: S.DELIVERED}.get(to, to)
    for status in path:
        if fresh(shop_order).status == stop:
            break
        steps[status]()
    if to == S.COMPLETED:
        ShopOrder.objects.filter(pk=shop_order.pk).update(
            delivered_at=timezone.now() - datetime.timedelta(days=8)
        )
        fulfilment.shop_order_complete(actor=None, shop_order=shop_order)
    elif to == S.CANCELLED:
        fulfilment.shop_order_cancel(
            actor=actor, shop_order=shop_order, reason="Hết hàng / Out of stock"
        )
    elif to == S.RETURNED:
        fulfilment.shop_order_return(
            actor=actor, shop_order=shop_order, reason="Không liên lạc được", delivery_failed=True
        )
    result = fresh(shop_order)
    assert result.status == to
    return result
