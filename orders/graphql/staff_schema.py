"""Producer-side (shop staff) order operations, stitched into the root schema by
``marketplace/graphql/schema.py``: the viewer's shop orders (``shopOrders``, our
extension: a producer sees only its part of a customer order, so Saleor's ``orders`` of
whole orders is not served to shop staff) and Saleor's ``orderFulfill``."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLError

from marketplace.errors import NotFound
from marketplace.graphql import ids
from marketplace.graphql.connection import connection_args, paginate
from shops.selectors_staff import access_staff_shop

from ..selectors.fulfilment import OrderFilters, shop_orders_for_shop
from ..selectors.staff import shop_orders_with_details
from .errors import ORDERS_DENIED
from .mutations.order_fulfill import OrderFulfill
from .types.shop_order import ShopOrderCountableConnection, ShopOrderStatusEnum


class ShopOrderFilterInput(graphene.InputObjectType):
    """Extension: filters of the producer's shop orders (as on its dashboard)."""

    status = graphene.List(
        graphene.NonNull(ShopOrderStatusEnum), description="Shop order statuses."
    )
    payment = graphene.String(description="PAID, UNPAID, REFUNDED or COD.")
    search = graphene.String(description="Order number, buyer's e-mail, name or phone.")
    created_from = graphene.Date(description="Placed on or after this day.")
    created_to = graphene.Date(description="Placed on or before this day.")


def _denied() -> GraphQLError:
    return GraphQLError(ORDERS_DENIED, extensions={"exception": {"code": "PermissionDenied"}})


def resolve_shop_orders(
    root: Any,
    info: Any,
    shop: Any = None,
    filter: Any = None,  # noqa: A002 - Saleor's name
    **kwargs: Any,
) -> Any:
    """The shop orders of the viewer's shop (``shop``: a ``Shop`` id or a slug; needed
    only by staff of several shops), filtered as on the dashboard."""
    user = info.context.user
    if not user.is_authenticated:
        raise _denied()
    reference = (ids.key_of(shop, "Shop") or str(shop)) if shop else None
    try:
        staff_shop = access_staff_shop(user=user, reference=reference)
    except NotFound:
        if shop:
            raise GraphQLError(
                f"Không tìm thấy gian hàng: {shop}. / Couldn't resolve shop: {shop}."
            ) from None
        raise _denied() from None
    except LookupError:
        raise GraphQLError(
            "Bạn thuộc nhiều gian hàng: chọn `shop`. / You belong to several shops: choose `shop`."
        ) from None
    filter = filter or {}  # noqa: A001
    statuses = [str(getattr(status, "value", status)) for status in filter.get("status") or []]
    filters = OrderFilters(
        payment=(filter.get("payment") or "").lower(),
        q=filter.get("search") or "",
        date_from=filter.get("created_from"),
        date_to=filter.get("created_to"),
    )
    queryset = shop_orders_for_shop(staff_shop, filters)
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    return paginate(
        shop_orders_with_details(queryset), ShopOrderCountableConnection, "shopOrders", **kwargs
    )


class StaffQuery(graphene.ObjectType):
    shop_orders = graphene.Field(
        ShopOrderCountableConnection,
        shop=graphene.ID(
            description="The producer shop (global ID or slug); needed only by staff of several "
            "shops."
        ),
        filter=ShopOrderFilterInput(description="Filtering options for shop orders."),
        resolver=resolve_shop_orders,
        description="Extension: the orders of the viewer's shop — its part of each customer order, newest first. "
        "Shop staff only.",
        **connection_args(),
    )


class StaffMutation(graphene.ObjectType):
    order_fulfill = OrderFulfill.Field()
