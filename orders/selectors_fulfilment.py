"""Reads for order fulfilment: a shop's orders (dashboard), one shop order scoped to its
shop, the buyer's orders, and the signed tracking link that opens an order without an
account. Every query is scoped before it runs; lists issue a fixed number of queries
whatever the page size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.errors import NotFound
from marketplace.validators import normalize_phone
from shops.models import Shop

from .models import Order, OrderEvent, ShopOrder

TRACKING_SALT = "orders.tracking"
NOT_FOUND = "Không tìm thấy đơn hàng. / Order not found."

PAYMENT_FILTERS = {
    "paid": ("Đã thanh toán / Paid", Q(is_paid=True, amount_refunded=0)),
    "unpaid": ("Chưa thanh toán / Unpaid", Q(is_paid=False)),
    "refunded": ("Đã hoàn tiền / Refunded", Q(amount_refunded__gt=0)),
    "cod": ("Thu khi giao (COD) / Cash on delivery", Q(order__payment_method="cod")),
}

#: Labels of ``OrderEvent.kind`` shown in event logs.
EVENT_LABELS = {
    "placed": _("Đặt hàng / Placed"),
    "paid": _("Đã thanh toán / Paid"),
    "payment_started": _("Bắt đầu thanh toán / Payment started"),
    "payment_failed": _("Thanh toán thất bại / Payment failed"),
    "expired": _("Hết hạn thanh toán / Payment expired"),
    "confirmed": _("Đã xác nhận / Confirmed"),
    "packed": _("Đã đóng gói / Packed"),
    "shipped": _("Đã giao cho vận chuyển / Shipped"),
    "delivered": _("Đã giao hàng / Delivered"),
    "completed": _("Hoàn tất / Completed"),
    "cancelled": _("Đã huỷ / Cancelled"),
    "returned": _("Trả hàng / Returned"),
    "cod_paid": _("Đã thu tiền COD / Cash collected"),
    "refunded": _("Đã hoàn tiền / Refunded"),
    "refund_due": _("Chờ hoàn tiền / Refund due"),
    "refund_failed": _("Hoàn tiền thất bại / Refund failed"),
    "external_refund": _("Hoàn tiền ngoài hệ thống / Refunded outside the marketplace"),
}


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    payment: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def shop_orders_for_shop(shop: Shop, filters: OrderFilters | None = None) -> QuerySet[ShopOrder]:
    """The shop's orders, newest first, with what the list shows (order, buyer address,
    item count) in the same query."""
    filters = filters or OrderFilters()
    queryset = (
        ShopOrder.objects.filter(shop=shop)
        .select_related("order", "order__shipping_address", "sale_point")
        .annotate(item_count=Sum("lines__quantity"))
        .order_by("-created_at", "-id")
    )
    if filters.status in ShopOrder.Status.values:
        queryset = queryset.filter(status=filters.status)
    if filters.payment in PAYMENT_FILTERS:
        queryset = queryset.filter(PAYMENT_FILTERS[filters.payment][1])
    if filters.date_from:
        queryset = queryset.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(
            created_at__lt=_day_start(filters.date_to + datetime.timedelta(days=1))
        )
    q = filters.q.strip()
    if q:
        match = (
            Q(number__icontains=q)
            | Q(order__email__icontains=q)
            | Q(order__shipping_address__full_name__icontains=q)
            | Q(order__phone__icontains=q)
            | Q(order__shipping_address__phone__icontains=q)
        )
        digits = q.replace(" ", "").replace(".", "")
        if digits.lstrip("+").isdigit() and len(digits) >= 4:
            normalized = normalize_phone(digits)
            match |= Q(order__phone__icontains=normalized) | Q(
                order__shipping_address__phone__icontains=normalized
            )
            if digits.startswith("0"):  # a partial local number: match without the leading 0
                match |= Q(order__phone__icontains=digits[1:])
        queryset = queryset.filter(match)
    return queryset


def access_shop_order(shop: Shop, number: str) -> ShopOrder:
    """The shop order ``number`` of ``shop`` with everything its page shows; ``NotFound``
    for a missing number and for another shop's order alike."""
    shop_order = (
        ShopOrder.objects.filter(shop=shop, number=number)
        .select_related(
            "order__user",
            "order__shipping_address__province",
            "order__shipping_address__district",
            "order__shipping_address__commune",
            "order__billing_address",
            "shop__producer",
            "sale_point",
            "stock_location",
            "shipping_method",
        )
        .prefetch_related("lines", "refunds")
        .first()
    )
    if shop_order is None:
        raise NotFound(NOT_FOUND)
    return shop_order


def shop_order_events(shop_order: ShopOrder) -> QuerySet[OrderEvent]:
    """The shop order's own events and the order-wide ones (placed, paid, expired) —
    never another shop's."""
    return (
        OrderEvent.objects.filter(
            Q(shop_order=shop_order) | Q(order_id=shop_order.order_id, shop_order__isnull=True)
        )
        .exclude(shop_order__isnull=True, kind="placed")  # the shop order has its own
        .select_related("actor")
        .order_by("created_at", "id")
    )


# --- Buyer side -----------------------------------------------------------------------------


def _buyer_shop_orders() -> Prefetch:
    return Prefetch(
        "shop_orders",
        queryset=ShopOrder.objects.select_related("shop", "sale_point")
        .prefetch_related("lines")
        .order_by("id"),
    )


def orders_of_buyer(user: Any) -> QuerySet[Order]:
    """The signed-in buyer's orders, newest first, each with its shop orders."""
    if user is None or not user.is_authenticated:
        return Order.objects.none()
    return (
        Order.objects.filter(user=user)
        .prefetch_related(
            Prefetch(
                "shop_orders", queryset=ShopOrder.objects.select_related("shop").order_by("id")
            )
        )
        .order_by("-created_at", "-id")
    )


def _order_page_queryset() -> QuerySet[Order]:
    return Order.objects.select_related(
        "shipping_address__province",
        "shipping_address__district",
        "shipping_address__commune",
    ).prefetch_related(
        _buyer_shop_orders(),
        # "placed" once for the buyer: the order's event, not each shop order's
        Prefetch(
            "events",
            queryset=OrderEvent.objects.exclude(shop_order__isnull=False, kind="placed").order_by(
                "created_at", "id"
            ),
        ),
    )


def access_buyer_order(user: Any, number: str) -> Order:
    """The buyer's own order ``number``; ``NotFound`` for anyone else's."""
    if user is None or not user.is_authenticated:
        raise NotFound(NOT_FOUND)
    order = _order_page_queryset().filter(user=user, number=number).first()
    if order is None:
        raise NotFound(NOT_FOUND)
    return order


def tracking_token_sign(order: Order) -> str:
    """The signed value of the order's tracking link (no account needed)."""
    return signing.dumps(str(order.token), salt=TRACKING_SALT)


def tracking_path(order: Order) -> str:
    return reverse("orders:order_track", args=[tracking_token_sign(order)])


def tracking_url(order: Order) -> str:
    """The absolute tracking link for e-mails (``SITE_URL`` + path)."""
    base = getattr(settings, "SITE_URL", "") or "http://localhost:8000"
    return base.rstrip("/") + tracking_path(order)


def order_for_tracking(signed: str) -> Order:
    """The order behind a signed tracking value; ``NotFound`` for a tampered or unknown
    one."""
    try:
        token = signing.loads(signed, salt=TRACKING_SALT)
    except signing.BadSignature as exc:
        raise NotFound(NOT_FOUND) from exc
    try:
        order = _order_page_queryset().filter(token=token).first()
    except (ValidationError, ValueError) as exc:  # a signed value that is not a UUID
        raise NotFound(NOT_FOUND) from exc
    if order is None:
        raise NotFound(NOT_FOUND)
    return order
