"""Reads for order fulfilment on the shop's side: a shop's orders (dashboard), one shop
order scoped to its shop, and a shop order's events. Every query is scoped before it
runs; lists issue a fixed number of queries whatever the page size. The buyer's side is
``orders.selectors.orders``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.errors import NotFound
from marketplace.validators import normalize_phone
from shops.models import Shop

from ..models import OrderEvent, ShopOrder
from .orders import NOT_FOUND

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
    # days at the ends of the calendar (0001-01-01, 9999-12-31) bound nothing, and their
    # midnights in Vietnam do not fit a UTC datetime
    if filters.date_from and filters.date_from > datetime.date.min:
        queryset = queryset.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to and filters.date_to < datetime.date.max:
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
