"""E-mails about orders, in Vietnamese then English, sent after the transaction commits
(a rolled-back order never sends anything). Templates:
``orders/templates/orders/email/<name>.txt`` rendered with the order context."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from ..models import Order, Refund, ShopOrder


def _send(template: str, recipients: list[str], context: dict[str, Any]) -> None:
    recipients = [r for r in recipients if r]
    if not recipients:
        return

    def deliver() -> None:  # rendered after commit: no template work while rows are locked
        body = render_to_string(f"orders/email/{template}.txt", context)
        subject, _, text = body.partition("\n")
        send_mail(
            subject.strip(),
            text.strip() + "\n",
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=False,
        )

    transaction.on_commit(deliver)


def _shop_recipients(shop_order: ShopOrder) -> list[str]:
    shop = shop_order.shop
    emails = [shop.email or shop.producer.email]
    return [e for e in dict.fromkeys(emails) if e]


def order_placed(order: Order, *, shop_orders: list[ShopOrder] | None = None) -> None:
    """To the buyer; for cash-on-delivery orders the shops hear at once (paid orders
    notify the shops when the payment arrives: ``order_paid``)."""
    if shop_orders is None:
        shop_orders = list(order.shop_orders.select_related("shop__producer"))
    _send("order_placed", [order.email], {"order": order, "shop_orders": shop_orders})
    if order.payment_method == "cod":
        for shop_order in shop_orders:
            _send(
                "shop_new_order",
                _shop_recipients(shop_order),
                {"order": order, "shop_order": shop_order},
            )


def order_paid(order: Order) -> None:
    _send("order_paid", [order.email], {"order": order})
    for shop_order in order.shop_orders.select_related("shop__producer").exclude(
        status=ShopOrder.Status.CANCELLED
    ):
        _send(
            "shop_new_order",
            _shop_recipients(shop_order),
            {"order": order, "shop_order": shop_order},
        )


def shop_order_shipped(shop_order: ShopOrder) -> None:
    _send(
        "shop_order_shipped",
        [shop_order.order.email],
        {"order": shop_order.order, "shop_order": shop_order},
    )


def shop_order_cancelled(shop_order: ShopOrder) -> None:
    _send(
        "shop_order_cancelled",
        [shop_order.order.email],
        {"order": shop_order.order, "shop_order": shop_order},
    )


def refund_succeeded(refund: Refund, order: Order) -> None:
    _send("refund_succeeded", [order.email], {"order": order, "refund": refund})


# --- Fulfilment (orders/services/fulfilment.py) ----------------------------------------------


def shop_order_delivered(shop_order: ShopOrder) -> None:
    _send(
        "shop_order_delivered",
        [shop_order.order.email],
        {
            "order": shop_order.order,
            "shop_order": shop_order,
            "return_days": settings.ORDER_RETURN_WINDOW_DAYS,
        },
    )


def shop_order_returned(shop_order: ShopOrder) -> None:
    _send(
        "shop_order_returned",
        [shop_order.order.email],
        {"order": shop_order.order, "shop_order": shop_order},
    )


def shop_order_cancelled_to_shop(shop_order: ShopOrder) -> None:
    """The buyer, the OCOP office or the system cancelled a shop order: the shop hears,
    so nobody packs it."""
    _send(
        "shop_order_cancelled_shop",
        _shop_recipients(shop_order),
        {"order": shop_order.order, "shop_order": shop_order},
    )


def shop_order_refund_due(shop_order: ShopOrder, amount: int) -> None:
    """A paid shop order was cancelled by someone who cannot refund (the buyer, the
    system): the shop and the OCOP office are asked to refund it."""
    _send(
        "shop_order_refund_due",
        [*_shop_recipients(shop_order), settings.OCOP_OFFICE_EMAIL],
        {"order": shop_order.order, "shop_order": shop_order, "amount": amount},
    )
