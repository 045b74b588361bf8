"""Which part of an order the viewer sees: all of it (its buyer, the OCOP office, whoever
holds a guest order's id) or their own shops' shop orders (shop staff). Worked out once
per order and request (``request_cache``), never stored on the order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from orders.models import Order as OrderModel
from orders.models import ShopOrder as ShopOrderModel
from orders.selectors import orders as orders_selectors

from .base import request_cache, viewer


def _scopes(info: Any) -> dict[int, set[int] | None]:
    return request_cache(info).setdefault("order_scopes", {})


def order_scope(order: OrderModel, info: Any) -> set[int] | None:
    """``None``: the whole order; else the ids of the shops whose parts the viewer sees."""
    scopes = _scopes(info)
    if order.pk not in scopes:
        scopes[order.pk] = orders_selectors.order_scope(order, viewer(info), info.context)
    return scopes[order.pk]


def order_scope_limit(info: Any, order: OrderModel, shop_ids: Iterable[int]) -> None:
    """Shows the viewer only these shops' parts of ``order`` for the rest of the request
    (a staff mutation's answer is about the shop order it changed)."""
    _scopes(info)[order.pk] = set(shop_ids)


def order_shop_orders(order: OrderModel, info: Any) -> list[ShopOrderModel]:
    """The shop orders the viewer sees (all, or their own shops' for shop staff)."""
    scope = order_scope(order, info)
    shop_orders = list(order.shop_orders.all())
    return shop_orders if scope is None else [so for so in shop_orders if so.shop_id in scope]


def full_view(order: OrderModel, info: Any) -> bool:
    """Whether the viewer sees the whole order (not only their shops' parts)."""
    return order_scope(order, info) is None
