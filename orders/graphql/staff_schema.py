"""Producer-side (shop staff) order operations, stitched into the root schema by
``marketplace/graphql/schema.py``."""

from __future__ import annotations

import graphene

from marketplace.graphql.connection import connection_args

from . import staff


class StaffQuery(graphene.ObjectType):
    shop_orders = graphene.Field(
        lambda: staff.shop_order_connection(),
        shop=graphene.ID(
            description="The producer shop (global ID or slug); needed only by staff of several "
            "shops."
        ),
        filter=staff.ShopOrderFilterInput(description="Filtering options for shop orders."),
        resolver=staff.resolve_shop_orders,
        description="Extension: the orders of the viewer's shop — its part of each customer order, newest first. "
        "Shop staff only.",
        **connection_args(),
    )


class StaffMutation(graphene.ObjectType):
    order_fulfill = staff.OrderFulfill.Field()
