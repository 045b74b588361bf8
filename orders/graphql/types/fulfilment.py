"""Saleor's ``Fulfillment``: a shop order once it is shipped (each shop ships its own
parcel), with its lines as ``FulfillmentLine``. They are the same rows as ``ShopOrder``
and ``OrderLine``; the views below tell the types apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene

from marketplace.graphql.money import Money
from orders.models import OrderLine as OrderLineModel
from orders.models import ShopOrder as ShopOrderModel
from shops.models import StockLocation

from .. import enums
from .base import NODE, NODE_META
from .order_line import OrderLine
from .shop_order import FULFILLED_STATUSES, pickup_location, shop_order_node
from .warehouse import Warehouse


@dataclass(frozen=True)
class FulfillmentLineView:
    """An order line as a line of its shop order's fulfilment."""

    line: OrderLineModel


@dataclass(frozen=True)
class FulfillmentView:
    """A shipped shop order as Saleor's ``Fulfillment``."""

    shop_order: ShopOrderModel


class FulfillmentLine(graphene.ObjectType):
    class Meta:
        interfaces = NODE

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, FulfillmentLineView)

    quantity = graphene.Int(required=True)
    order_line = graphene.Field(OrderLine)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None

    @staticmethod
    def resolve_id(root: FulfillmentLineView, info: Any) -> int:
        return root.line.pk

    @staticmethod
    def resolve_quantity(root: FulfillmentLineView, info: Any) -> int:
        return root.line.quantity_fulfilled or root.line.quantity

    @staticmethod
    def resolve_order_line(root: FulfillmentLineView, info: Any) -> OrderLineModel:
        return root.line


class Fulfillment(graphene.ObjectType):
    """A shop order once it is shipped (each shop ships its own parcel)."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, FulfillmentView)

    fulfillment_order = graphene.Int(required=True)
    status = graphene.Field(enums.FulfillmentStatus, required=True)
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(FulfillmentLine))
    status_display = graphene.String()
    warehouse = graphene.Field(Warehouse)
    shipping_refunded_amount = graphene.Field(Money)
    total_refunded_amount = graphene.Field(Money)
    carrier = graphene.String(description="Marketplace extension: the carrier.")

    @classmethod
    def get_node(cls, info: Any, id: str) -> FulfillmentView | None:
        shop_order = shop_order_node(info, id)
        if shop_order is None or shop_order.status not in FULFILLED_STATUSES:
            return None
        return FulfillmentView(shop_order)

    @staticmethod
    def resolve_id(root: FulfillmentView, info: Any) -> int:
        return root.shop_order.pk

    @staticmethod
    def resolve_fulfillment_order(root: FulfillmentView, info: Any) -> int:
        suffix = root.shop_order.number.rsplit("-", 1)[-1]
        return int(suffix) if suffix.isdigit() else 1

    @staticmethod
    def resolve_status(root: FulfillmentView, info: Any) -> str:
        returned = root.shop_order.status == ShopOrderModel.Status.RETURNED
        return "RETURNED" if returned else "FULFILLED"

    @staticmethod
    def resolve_tracking_number(root: FulfillmentView, info: Any) -> str:
        return root.shop_order.tracking_number

    @staticmethod
    def resolve_created(root: FulfillmentView, info: Any) -> Any:
        return root.shop_order.shipped_at or root.shop_order.updated_at

    @staticmethod
    def resolve_lines(root: FulfillmentView, info: Any) -> list[FulfillmentLineView]:
        return [FulfillmentLineView(line) for line in root.shop_order.lines.all()]

    @staticmethod
    def resolve_status_display(root: FulfillmentView, info: Any) -> str:
        return str(root.shop_order.get_status_display())

    @staticmethod
    def resolve_warehouse(root: FulfillmentView, info: Any) -> StockLocation | None:
        return pickup_location(root.shop_order)

    @staticmethod
    def resolve_shipping_refunded_amount(root: Any, info: Any) -> None:
        return None

    @staticmethod
    def resolve_total_refunded_amount(root: FulfillmentView, info: Any) -> int:
        return root.shop_order.amount_refunded

    @staticmethod
    def resolve_carrier(root: FulfillmentView, info: Any) -> str:
        return root.shop_order.carrier
