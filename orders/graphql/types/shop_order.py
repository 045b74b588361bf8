"""The marketplace's ``ShopOrder`` over ``orders.models.ShopOrder``: one shop's part of a
customer order, with its own status, shipping fee and tracking."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.connection import CountableConnection
from marketplace.graphql.money import TaxedMoney
from orders.models import DeliveryKind
from orders.models import OrderLine as OrderLineModel
from orders.models import ShopOrder as ShopOrderModel
from orders.selectors import orders as orders_selectors
from shops.models import StockLocation

from .base import NODE, SHOP, viewer
from .order_line import OrderLine
from .scope import order_shop_orders
from .warehouse import Warehouse

FULFILLED_STATUSES = (
    ShopOrderModel.Status.SHIPPED,
    ShopOrderModel.Status.DELIVERED,
    ShopOrderModel.Status.COMPLETED,
    ShopOrderModel.Status.RETURNED,
)


def pickup_location(shop_order: ShopOrderModel) -> StockLocation | None:
    """The stock location of the sale point where a pickup order is collected."""
    point = shop_order.sale_point
    return getattr(point, "location", None) if point is not None else None


def shop_order_node(info: Any, id: str) -> ShopOrderModel | None:
    """A shop order by pk, if it is part of an order the viewer sees and of their part."""
    if not str(id).isdigit():
        return None
    token = ShopOrderModel.objects.filter(pk=int(id)).values_list("order__token", flat=True).first()
    order = token and orders_selectors.order_for_viewer(
        token=token, user=viewer(info), cache=info.context
    )
    if not order:
        return None
    return next((so for so in order_shop_orders(order, info) if so.pk == int(id)), None)


ShopOrderStatusEnum = graphene.Enum(
    "ShopOrderStatusEnum", [(value.upper(), value) for value in ShopOrderModel.Status.values]
)
DeliveryKindEnum = graphene.Enum(
    "DeliveryKindEnum", [(value.upper(), value) for value in DeliveryKind.values]
)


class ShopOrder(graphene.ObjectType):
    """Marketplace extension: one shop's part of an order — what that shop fulfils, with
    its own status, shipping fee and tracking."""

    class Meta:
        interfaces = NODE

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, ShopOrderModel)

    number = graphene.String(required=True)
    status = graphene.Field(ShopOrderStatusEnum, required=True)
    status_display = graphene.String(required=True)
    shop = graphene.Field(SHOP, required=True)
    lines = graphene.NonNull(graphene.List(graphene.NonNull(OrderLine)))
    subtotal = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total = graphene.Field(TaxedMoney, required=True)
    is_paid = graphene.Boolean(required=True)
    delivery_kind = graphene.Field(DeliveryKindEnum, required=True)
    shipping_method_name = graphene.String()
    collection_point = graphene.Field(Warehouse)
    minimum_delivery_days = graphene.Int()
    maximum_delivery_days = graphene.Int()
    carrier = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    shipped_at = graphene.DateTime()
    delivered_at = graphene.DateTime()
    cancel_reason = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> ShopOrderModel | None:
        return shop_order_node(info, id)

    @staticmethod
    def resolve_id(root: ShopOrderModel, info: Any) -> int:
        return root.pk

    @staticmethod
    def resolve_status(root: ShopOrderModel, info: Any) -> str:
        return root.status

    @staticmethod
    def resolve_status_display(root: ShopOrderModel, info: Any) -> str:
        return str(root.get_status_display())

    @staticmethod
    def resolve_lines(root: ShopOrderModel, info: Any) -> list[OrderLineModel]:
        return list(root.lines.all())

    @staticmethod
    def resolve_subtotal(root: ShopOrderModel, info: Any) -> int:
        return root.subtotal

    @staticmethod
    def resolve_shipping_price(root: ShopOrderModel, info: Any) -> int:
        return root.shipping_fee

    @staticmethod
    def resolve_shipping_method_name(root: ShopOrderModel, info: Any) -> str | None:
        return root.shipping_method_name or None

    @staticmethod
    def resolve_collection_point(root: ShopOrderModel, info: Any) -> StockLocation | None:
        return pickup_location(root)

    @staticmethod
    def resolve_minimum_delivery_days(root: ShopOrderModel, info: Any) -> int | None:
        return root.delivery_min_days

    @staticmethod
    def resolve_maximum_delivery_days(root: ShopOrderModel, info: Any) -> int | None:
        return root.delivery_max_days

    @staticmethod
    def resolve_created(root: ShopOrderModel, info: Any) -> Any:
        return root.created_at

    @staticmethod
    def resolve_cancel_reason(root: ShopOrderModel, info: Any) -> str | None:
        return root.cancel_reason or None


class ShopOrderCountableConnection(CountableConnection):
    class Meta:
        node = ShopOrder
