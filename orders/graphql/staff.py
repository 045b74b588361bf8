"""Producer-side (shop staff) order operations: the viewer's shop orders
(``shopOrders``, our extension: a producer sees only its part of a customer order, so
Saleor's ``orders`` of whole orders is not served to shop staff) and Saleor's
``orderFulfill``, which ships the viewer's shop order in one step (confirming and
packing it first if needed; a pickup order is handed over at its sale point).

``orderFulfill(order:)`` takes the customer order's id (``Order:<token>``; the viewer's
part of it is fulfilled) or a shop order's id (``ShopOrder:<pk>``). We fulfil a shop order
whole: ``lines`` may be empty (everything) or must list every line with its full
quantity from the shop order's stock location (``Warehouse:<location pk>``). The carrier
is our extension field ``carrier`` of ``OrderFulfillInput``; ``trackingNumber`` is
Saleor's."""

from __future__ import annotations

import functools
import uuid
from typing import Any

import graphene
from graphql import GraphQLError
from graphql_relay import from_global_id, to_global_id

from marketplace.errors import NotFound
from marketplace.graphql.connection import CountableConnection, paginate
from marketplace.graphql.errors import error_type
from shops.graphql.staff_base import (
    ShopStaffMutation,
    decode_pk,
    field_error,
    require_shop_staff,
    scoped,
)
from shops.selectors_staff import access_staff_shop

from ..models import ShopOrder
from ..selectors.fulfilment import OrderFilters, shop_orders_for_shop
from ..selectors.staff import (
    access_staff_shop_order,
    shop_order_lines,
    shop_orders_with_details,
    staff_shop_orders_of_order,
)
from ..services import fulfilment

ORDERS_DENIED = (
    "Chỉ nhân viên của gian hàng được xử lý đơn hàng. / To access this path, you need one of the "
    "following permissions: MANAGE_ORDERS"
)


try:  # one ``OrderError`` in the schema: the checkout schema's when it exists
    from .errors import OrderError  # type: ignore[attr-defined]
except ImportError:  # until then, the same type here
    from marketplace.graphql.enums import AddressTypeEnum

    OrderErrorCode = graphene.Enum(
        "OrderErrorCode",
        [
            (code, code)
            for code in (
                "BILLING_ADDRESS_NOT_SET",
                "CANNOT_CANCEL_FULFILLMENT",
                "CANNOT_CANCEL_ORDER",
                "CANNOT_DELETE",
                "CANNOT_DISCOUNT",
                "CANNOT_REFUND",
                "CANNOT_FULFILL_UNPAID_ORDER",
                "CAPTURE_INACTIVE_PAYMENT",
                "GIFT_CARD_LINE",
                "NOT_EDITABLE",
                "FULFILL_ORDER_LINE",
                "GRAPHQL_ERROR",
                "INVALID",
                "PRODUCT_NOT_PUBLISHED",
                "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
                "NOT_FOUND",
                "ORDER_NO_SHIPPING_ADDRESS",
                "PAYMENT_ERROR",
                "PAYMENT_MISSING",
                "TRANSACTION_ERROR",
                "REQUIRED",
                "SHIPPING_METHOD_NOT_APPLICABLE",
                "SHIPPING_METHOD_REQUIRED",
                "TAX_ERROR",
                "UNIQUE",
                "VOID_INACTIVE_PAYMENT",
                "ZERO_QUANTITY",
                "INVALID_QUANTITY",
                "INSUFFICIENT_STOCK",
                "DUPLICATED_INPUT_ITEM",
                "NOT_AVAILABLE_IN_CHANNEL",
                "CHANNEL_INACTIVE",
                "INVALID_VOUCHER",
                "INVALID_VOUCHER_CODE",
                "NON_EDITABLE_GIFT_LINE",
                "NON_REMOVABLE_GIFT_LINE",
                "MISSING_ADDRESS_DATA",
            )
        ],
    )
    OrderError = error_type(
        "OrderError",
        OrderErrorCode,
        warehouse=graphene.ID(description="Warehouse ID which causes the error."),
        order_lines=graphene.List(
            graphene.NonNull(graphene.ID),
            description="List of order line IDs that cause the error.",
        ),
        variants=graphene.List(
            graphene.NonNull(graphene.ID),
            description="List of product variants that are associated with the error",
        ),
        address_type=graphene.Field(
            AddressTypeEnum, description="A type of address that causes the error."
        ),
    )


# --- shopOrders ---------------------------------------------------------------------------------


@functools.cache
def shop_order_connection() -> type[CountableConnection]:
    """The connection of the checkout schema's ``ShopOrder`` type, built on first use so
    that this module imports without it."""
    from .types import ShopOrder as ShopOrderType  # type: ignore[attr-defined]

    class ShopOrderCountableConnection(CountableConnection):
        class Meta:
            node = ShopOrderType

    return ShopOrderCountableConnection


class ShopOrderFilterInput(graphene.InputObjectType):
    """Extension: filters of the producer's shop orders (as on its dashboard)."""

    status = graphene.List(
        graphene.NonNull("orders.graphql.types.ShopOrderStatusEnum"),
        description="Shop order statuses.",
    )
    payment = graphene.String(description="PAID, UNPAID, REFUNDED or COD.")
    search = graphene.String(description="Order number, buyer's e-mail, name or phone.")
    created_from = graphene.Date(description="Placed on or after this day.")
    created_to = graphene.Date(description="Placed on or before this day.")


def _shop_reference(value: Any) -> str | None:
    if not value:
        return None
    try:
        type_name, pk = from_global_id(str(value))
    except Exception:  # noqa: BLE001 - a plain slug
        type_name, pk = "", ""
    return pk if type_name == "Shop" and pk else str(value)


def resolve_shop_orders(
    root: Any,
    info: Any,
    shop: Any = None,
    filter: Any = None,  # noqa: A002 - Saleor's name
    **kwargs: Any,
) -> Any:
    user = info.context.user
    if not user.is_authenticated:
        raise GraphQLError(ORDERS_DENIED, extensions={"exception": {"code": "PermissionDenied"}})
    try:
        staff_shop = access_staff_shop(user=user, reference=_shop_reference(shop))
    except NotFound:
        if shop:
            raise GraphQLError(
                f"Không tìm thấy gian hàng: {shop}. / Couldn't resolve shop: {shop}."
            ) from None
        raise GraphQLError(
            ORDERS_DENIED, extensions={"exception": {"code": "PermissionDenied"}}
        ) from None
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
        shop_orders_with_details(queryset), shop_order_connection(), "shopOrders", **kwargs
    )


# --- orderFulfill --------------------------------------------------------------------------------


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


def _shop_orders_of(user: Any, value: Any) -> list[ShopOrder]:
    """The viewer's shop orders named by ``order`` (an ``Order`` or ``ShopOrder`` id)."""
    if not value:
        raise field_error("order", "Cần `order`. / `order` is required.", "required")
    try:
        type_name, pk = from_global_id(str(value))
    except Exception:  # noqa: BLE001
        type_name, pk = "", ""
    if type_name == "ShopOrder" and pk:
        if not pk.isdigit():
            raise field_error(
                "order", f"Invalid ID: {value}. Expected: ShopOrder.", "graphql_error"
            )
        lookup = {"pk": int(pk)}
        return [
            scoped(
                "order", value, lambda: access_staff_shop_order(user=user, shop_order_lookup=lookup)
            )
        ]
    if type_name == "Order" and pk:
        token = _uuid(pk)  # an order's id is its token, as in Saleor
        if token is None:
            raise field_error(
                "order", f"Không tìm thấy: {value}. / Couldn't resolve id: {value}.", "not_found"
            )
        return scoped(
            "order",
            value,
            lambda: staff_shop_orders_of_order(user=user, order_lookup={"token": token}),
        )
    raise field_error("order", f"Invalid ID: {value}. Expected: Order.", "graphql_error")


def _line_id(pk: int) -> str:
    return to_global_id("OrderLine", pk)


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
        decode_pk(item.get("order_line_id"), ("OrderLine",), "orderLineId") for item in lines
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
            location = decode_pk(stock["warehouse"], ("Warehouse",), "warehouse")
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
    code_map = {
        "invalid_transition": "INVALID",
        "not_paid": "CANNOT_FULFILL_UNPAID_ORDER",
        "max_length": "INVALID",
        "not_found": "NOT_FOUND",
    }
    field_map = {"status": "order"}

    fulfillments = graphene.List(
        graphene.NonNull("orders.graphql.types.Fulfillment"),
        description="List of created fulfillments (the shipped shop order).",
    )
    order = graphene.Field("orders.graphql.types.Order", description="Fulfilled order.")
    shop_order = graphene.Field(
        "orders.graphql.types.ShopOrder",
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
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = require_shop_staff(info, ORDERS_DENIED)
        values = data["input"]
        shop_order = clean_lines(
            _shop_orders_of(user, data.get("order")), values.get("lines") or []
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
        order._saleor_scope = {shop_order.shop_id}  # type: ignore[attr-defined]
        return {"order": order, "shop_order": shop_order, "fulfillments": [shop_order]}
