"""Reads for a producer's staff acting through the API: their shop orders, found by the
customer order or by the shop order, only inside their own shops (``NotFound`` for
anything else, whether it exists or not)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from marketplace.errors import NotFound
from shops.models import ProductMedia
from shops.selectors import shops_for_user

from ..models import OrderLine, ShopOrder
from .orders import NOT_FOUND


def staff_shop_orders_of_order(*, user: Any, order_lookup: dict[str, Any]) -> list[ShopOrder]:
    """The parts of one customer order (``order_lookup`` such as ``{"pk": 3}`` or
    ``{"token": …}``) that belong to the staff member's shops; ``NotFound`` if none."""
    lookup = {f"order__{key}": value for key, value in order_lookup.items()}
    shop_orders = list(
        ShopOrder.objects.filter(shop__in=shops_for_user(user=user), **lookup)
        .select_related("order", "shop", "stock_location")
        .order_by("pk")
    )
    if not shop_orders:
        raise NotFound(NOT_FOUND)
    return shop_orders


def access_staff_shop_order(*, user: Any, shop_order_lookup: dict[str, Any]) -> ShopOrder:
    """One shop order of the staff member's shops by ``{"pk": …}`` or ``{"number": …}``."""
    shop_order = (
        ShopOrder.objects.filter(shop__in=shops_for_user(user=user), **shop_order_lookup)
        .select_related("order", "shop", "stock_location")
        .first()
    )
    if shop_order is None:
        raise NotFound(NOT_FOUND)
    return shop_order


def shop_order_lines(*, shop_order: ShopOrder) -> QuerySet[OrderLine]:
    return OrderLine.objects.filter(shop_order=shop_order).order_by("pk")


def shop_orders_with_details(queryset: QuerySet[ShopOrder]) -> QuerySet[ShopOrder]:
    """Shop orders with what the API's shop order fields read (shop, sale point, lines
    with variant, product and images): a fixed number of queries for any page size."""
    return queryset.select_related(
        "shop", "sale_point__location", "shipping_method", "order"
    ).prefetch_related(
        Prefetch(
            "lines",
            queryset=OrderLine.objects.select_related("variant__product")
            .prefetch_related(
                Prefetch(
                    "variant__product__media",
                    queryset=ProductMedia.objects.order_by("position", "id"),
                )
            )
            .order_by("id"),
        )
    )
