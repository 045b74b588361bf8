"""Saleor's ``orderFulfill`` for shop staff: ships the viewer's shop order in one step
(confirming and packing it first if needed; a pickup order is handed over at its sale
point).

``order`` is the customer order's id (``Order:<token>``; the viewer's part of it is
fulfilled) or a shop order's id (``ShopOrder:<pk>``). A shop order is fulfilled whole:
``lines`` may be empty (everything) or must list every line with its full quantity from
the shop order's stock location (``Warehouse:<location pk>``). The carrier is our
extension field ``carrier`` of ``OrderFulfillInput``; ``trackingNumber`` is Saleor's."""

from __future__ import annotations

import uuid
from typing import Any

import graphene
from django.core.exceptions import ValidationError

from marketplace.errors import NotFound
from marketplace.graphql import ids
from shops.graphql.permissions import shop_staff
from shops.graphql.staff_base import ShopStaffMutation

from ...models import ShopOrder
from ...selectors.staff import access_staff_shop_order, shop_order_lines, staff_shop_orders_of_order
from ...services import fulfilment
from ..errors import ORDERS_DENIED, OrderError
from ..types.fulfilment import Fulfillment, FulfillmentView
from ..types.order import Order
from ..types.scope import order_scope_limit
from ..types.shop_order import ShopOrder as ShopOrderType


def field_error(field: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _not_found(value: Any) -> ValidationError:
    return field_error(
        "order", f"Không tìm thấy: {value}. / Couldn't resolve id: {value}.", "not_found"
    )


class OrderFulfillStockInput(graphene.InputObjectType):
    quantity = graphene.Int(
        required=True, description="The number of line items to be fulfilled from given warehouse."
    )
    warehouse = graphene.ID(
        required=True,
        description="ID of the warehouse from which the item will be "
        "fulfilled (the shop order's stock location).",
    )


class OrderFulfillLineInput(graphene.InputObjectType):
    order_line_id = graphene.ID(description="The ID of the order line.")
    stocks = graphene.List(
        graphene.NonNull(OrderFulfillStockInput),
        required=True,
        description="List of stock items to create.",
    )


class OrderFulfillInput(graphene.InputObjectType):
    lines = graphene.List(
        graphene.NonNull(OrderFulfillLineInput),
        required=True,
        description="List of items informing how to fulfill the order (empty: all of it).",
    )
    notify_customer = graphene.Boolean(
        description="If true, send an email notification to the customer (the "
        "buyer is always told)."
    )
    allow_stock_to_be_exceeded = graphene.Boolean(
        default_value=False,
        description="If true, then allow proceed fulfillment when stock is exceeded (not here).",
    )
    tracking_number = graphene.String(description="Fulfillment tracking number.")
    carrier = graphene.String(
        description="Extension: the carrier (GHN, Viettel Post, VNPost…); required for "
        "shipping orders."
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _line_id(pk: int) -> str:
    return ids.global_id("OrderLine", pk)


def clean_lines(shop_orders: list[ShopOrder], lines: list[dict[str, Any]]) -> ShopOrder:
    """The one shop order ``lines`` fulfil, checked whole: every line, its full quantity,
    from the shop order's stock location."""
    if not lines:
        if len(shop_orders) > 1:
            raise field_error(
                "order",
                "Đơn có phần của nhiều gian hàng của bạn: dùng id ShopOrder hoặc liệt kê "
                "`lines`. / The order has parts of several of your shops: use a ShopOrder id or "
                "list `lines`.",
                "invalid",
            )
        return shop_orders[0]
    line_pks = [
        ids.require_pk(item.get("order_line_id"), "OrderLine", "orderLineId") for item in lines
    ]
    if len(set(line_pks)) != len(line_pks):
        raise field_error(
            "orderLineId",
            "Dòng đơn bị lặp lại. / Duplicated order line.",
            "duplicated_input_item",
            order_lines=[_line_id(pk) for pk in line_pks],
        )
    owner = {
        line.pk: (shop_order, line)
        for shop_order in shop_orders
        for line in shop_order_lines(shop_order=shop_order)
    }
    unknown = [pk for pk in line_pks if pk not in owner]
    if unknown:
        raise field_error(
            "orderLineId",
            "Không tìm thấy dòng đơn. / Couldn't resolve order line.",
            "not_found",
            order_lines=[_line_id(pk) for pk in unknown],
        )
    chosen = {owner[pk][0].pk for pk in line_pks}
    if len(chosen) > 1:
        raise field_error(
            "lines",
            "Mỗi lần giao một phần đơn của một gian hàng. / Fulfil one shop's part at a time.",
            "invalid",
            order_lines=[_line_id(pk) for pk in line_pks],
        )
    shop_order = owner[line_pks[0]][0]
    for pk, item in zip(line_pks, lines, strict=True):
        line = owner[pk][1]
        quantity = sum(stock["quantity"] for stock in item["stocks"])
        for stock in item["stocks"]:
            if stock["quantity"] < 0:
                raise field_error(
                    "quantity",
                    "Số lượng không được âm. / Quantity must not be negative.",
                    "invalid_quantity",
                    order_lines=[_line_id(pk)],
                )
            location = ids.require_pk(stock["warehouse"], "Warehouse", "warehouse")
            if location != shop_order.stock_location_id:
                raise field_error(
                    "warehouse",
                    "Hàng của đơn được giữ tại kho khác. / The order's stock is held at "
                    "another warehouse.",
                    "invalid",
                    warehouse=stock["warehouse"],
                    order_lines=[_line_id(pk)],
                )
        if quantity == 0:
            raise field_error(
                "lines",
                "Total quantity must be larger than 0. / Số lượng phải lớn hơn 0.",
                "zero_quantity",
                order_lines=[_line_id(pk)],
            )
        if quantity != line.quantity:
            raise field_error(
                "orderLineId",
                f"Chỉ giao đủ cả dòng ({line.quantity}). / A line is fulfilled whole "
                f"({line.quantity}); partial fulfilment is not supported.",
                "fulfill_order_line",
                order_lines=[_line_id(pk)],
            )
    missing = [
        pk
        for pk, (owner_order, _line) in owner.items()
        if owner_order.pk == shop_order.pk and pk not in line_pks
    ]
    if missing:
        raise field_error(
            "lines",
            "Cần giao tất cả các dòng của đơn. / Every line of the shop order is fulfilled "
            "together; partial fulfilment is not supported.",
            "fulfill_order_line",
            order_lines=[_line_id(pk) for pk in missing],
        )
    return shop_order


class OrderFulfill(ShopStaffMutation):
    field_map = {"status": "order"}
    permission = shop_staff(ORDERS_DENIED)

    fulfillments = graphene.List(
        graphene.NonNull(Fulfillment),
        description="List of created fulfillments (the shipped shop order).",
    )
    order = graphene.Field(Order, description="Fulfilled order.")
    shop_order = graphene.Field(
        ShopOrderType,
        description="Extension: the fulfilled shop order (the viewer's part).",
    )

    class Arguments:
        input = OrderFulfillInput(
            required=True, description="Fields required to create a fulfillment."
        )
        order = graphene.ID(
            description="ID of the order to be fulfilled (an Order or one of its ShopOrders)."
        )

    class Meta:
        description = (
            "Ships the viewer's shop order (confirming and packing it first if needed) — or hands a "
            "pickup order over at its sale point. The order's stock is consumed."
        )
        error_type = OrderError
        legacy_errors_field = "order_errors"

    @classmethod
    def error_extras(cls, field: str, params: dict[str, Any]) -> dict[str, Any]:
        extras = super().error_extras(field, params)
        extras.pop("variants", None)
        return extras

    @classmethod
    def clean_order(cls, user: Any, value: Any) -> list[ShopOrder]:
        """The viewer's shop orders named by ``order`` (an ``Order`` or ``ShopOrder`` id)."""
        if not value:
            raise field_error("order", "Cần `order`. / `order` is required.", "required")
        type_name, key = ids.split_global_id(value)
        if type_name == "ShopOrder" and key:
            return [
                cls.get_node(
                    value,
                    "ShopOrder",
                    "order",
                    lambda pk: access_staff_shop_order(user=user, shop_order_lookup={"pk": pk}),
                )
            ]
        # an order's id is its token, as in Saleor; anything else is Saleor's GRAPHQL_ERROR
        token = _uuid(ids.require_key(value, "Order", "order"))
        if token is None:
            raise _not_found(value)
        try:
            return staff_shop_orders_of_order(user=user, order_lookup={"token": token})
        except NotFound:
            raise _not_found(value) from None

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        values = data["input"]
        shop_order = clean_lines(
            cls.clean_order(user, data.get("order")), values.get("lines") or []
        )
        shop_order = fulfilment.shop_order_fulfil(
            actor=user,
            shop_order=shop_order,
            carrier=values.get("carrier") or "",
            tracking_number=values.get("tracking_number") or "",
        )
        # as stored (the service leaves enum members on the instance)
        shop_order = access_staff_shop_order(user=user, shop_order_lookup={"pk": shop_order.pk})
        order = shop_order.order
        # the Order type shows shop staff only their shops' parts — also of a guest order
        order_scope_limit(info, order, {shop_order.shop_id})
        return {
            "order": order,
            "shop_order": shop_order,
            "fulfillments": [FulfillmentView(shop_order)],
        }
