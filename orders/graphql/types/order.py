"""Saleor's ``Order`` over ``orders.models.Order`` (loaded by ``orders.selectors.orders`` with
everything its fields read). Shop staff see only their shops' part of an order
(``scope``); the marketplace's ``Order.shopOrders`` lists the parts."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql import ids
from marketplace.graphql.common import Weight
from marketplace.graphql.connection import CountableConnection
from marketplace.graphql.enums import LanguageCodeEnum
from marketplace.graphql.money import Money, TaxedMoney
from orders.models import Address as AddressModel
from orders.models import DeliveryKind, Payment
from orders.models import Order as OrderModel
from orders.models import OrderLine as OrderLineModel
from orders.models import ShopOrder as ShopOrderModel
from orders.selectors import delivery as delivery_selectors
from orders.selectors import orders as orders_selectors

from .. import enums
from ..errors import OrderError
from .address import Address
from .base import CHANNEL, NODE_META, USER, channel_root, coverage_status, language_enum, viewer
from .delivery import DeliveryMethod, ShippingMethod
from .discounts import GiftCard, OrderDiscount, Voucher
from .fulfilment import Fulfillment, FulfillmentView
from .order_line import OrderLine
from .payments import TransactionItem
from .scope import full_view, order_shop_orders
from .shop_order import FULFILLED_STATUSES, ShopOrder, pickup_location
from .warehouse import Warehouse

ORDER_STATUS: dict[str, str] = {
    OrderModel.Status.UNCONFIRMED: "UNCONFIRMED",
    OrderModel.Status.UNFULFILLED: "UNFULFILLED",
    OrderModel.Status.PARTIALLY_FULFILLED: "PARTIALLY_FULFILLED",
    OrderModel.Status.FULFILLED: "FULFILLED",
    OrderModel.Status.COMPLETED: "FULFILLED",
    OrderModel.Status.CANCELLED: "CANCELED",
    OrderModel.Status.RETURNED: "RETURNED",
    OrderModel.Status.EXPIRED: "EXPIRED",
}
PAYMENT_STATUS: dict[str, str] = {
    OrderModel.PaymentStatus.NOT_CHARGED: "NOT_CHARGED",
    OrderModel.PaymentStatus.PENDING: "PENDING",
    OrderModel.PaymentStatus.PARTIALLY_CHARGED: "PARTIALLY_CHARGED",
    OrderModel.PaymentStatus.FULLY_CHARGED: "FULLY_CHARGED",
    OrderModel.PaymentStatus.OVERCHARGED: "FULLY_CHARGED",
    OrderModel.PaymentStatus.PARTIALLY_REFUNDED: "PARTIALLY_REFUNDED",
    OrderModel.PaymentStatus.FULLY_REFUNDED: "FULLY_REFUNDED",
}


def _order_amount(order: OrderModel, info: Any, attribute: str, order_attribute: str) -> int:
    if full_view(order, info):
        return int(getattr(order, order_attribute))
    return sum(int(getattr(so, attribute)) for so in order_shop_orders(order, info))


def _order_payments(order: OrderModel) -> list[Payment]:
    return list(order.payments.all())


def _shipping_view(shop_order: ShopOrderModel) -> delivery_selectors.DeliveryOption:
    return delivery_selectors.DeliveryOption(
        key=str(shop_order.shipping_method_id or f"order-{shop_order.pk}"),
        name_vi=shop_order.shipping_method_name,
        name_en=shop_order.shipping_method_name,
        price=shop_order.shipping_fee,
        min_days=shop_order.delivery_min_days,
        max_days=shop_order.delivery_max_days,
        methods={shop_order.shop_id: shop_order.shipping_method_id or 0},
        kind=shop_order.shipping_method.kind if shop_order.shipping_method_id else None,  # type: ignore[union-attr]
    )


class Order(graphene.ObjectType):
    """A customer order. Its ID (``Order:<token>``) is as secret as its token: a guest
    order is shown to whoever holds it, an account's order only to that account, the
    shops it concerns (their part) and the OCOP office."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, OrderModel)

    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(enums.OrderStatus, required=True)
    user = graphene.Field(USER)
    tracking_client_id = graphene.String(required=True)
    billing_address = graphene.Field(Address)
    shipping_address = graphene.Field(Address)
    shipping_method_name = graphene.String()
    collection_point_name = graphene.String()
    channel = graphene.Field(CHANNEL, required=True)
    fulfillments = graphene.NonNull(graphene.List(graphene.NonNull(Fulfillment)))
    lines = graphene.NonNull(graphene.List(graphene.NonNull(OrderLine)))
    actions = graphene.NonNull(graphene.List(graphene.NonNull(enums.OrderAction)))
    shipping_methods = graphene.NonNull(graphene.List(graphene.NonNull(ShippingMethod)))
    available_collection_points = graphene.NonNull(graphene.List(graphene.NonNull(Warehouse)))
    number = graphene.String(required=True)
    original = graphene.ID()
    origin = graphene.Field(enums.OrderOriginEnum, required=True)
    is_paid = graphene.Boolean(required=True)
    payment_status = graphene.Field(enums.PaymentChargeStatusEnum, required=True)
    payment_status_display = graphene.String(required=True)
    authorize_status = graphene.Field(enums.OrderAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(enums.OrderChargeStatusEnum, required=True)
    tax_exemption = graphene.Boolean(required=True)
    transactions = graphene.NonNull(graphene.List(graphene.NonNull(TransactionItem)))
    total = graphene.Field(TaxedMoney, required=True)
    undiscounted_total = graphene.Field(TaxedMoney, required=True)
    shipping_method = graphene.Field(
        ShippingMethod, deprecation_reason="Use `deliveryMethod` instead."
    )
    undiscounted_shipping_price = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    shipping_tax_rate = graphene.Float(required=True)
    token = graphene.String(required=True, deprecation_reason="Use `id` instead.")
    voucher = graphene.Field(Voucher)
    voucher_code = graphene.String()
    gift_cards = graphene.NonNull(graphene.List(graphene.NonNull(GiftCard)))
    customer_note = graphene.String(required=True)
    weight = graphene.Field(Weight, required=True)
    redirect_url = graphene.String()
    subtotal = graphene.Field(TaxedMoney, required=True)
    status_display = graphene.String(required=True)
    can_finalize = graphene.Boolean(required=True)
    total_authorized = graphene.Field(Money, required=True)
    total_captured = graphene.Field(
        Money, required=True, deprecation_reason="Use `totalCharged` instead."
    )
    total_charged = graphene.Field(Money, required=True)
    total_canceled = graphene.Field(Money, required=True)
    total_balance = graphene.Field(Money, required=True)
    user_email = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    delivery_method = graphene.Field(DeliveryMethod)
    language_code = graphene.String(
        required=True,
        deprecation_reason="Use the `languageCodeEnum` field to fetch the language code.",
    )
    language_code_enum = graphene.Field(LanguageCodeEnum, required=True)
    discount = graphene.Field(Money, deprecation_reason="Use discounts field.")
    discount_name = graphene.String(deprecation_reason="Use discounts field.")
    translated_discount_name = graphene.String(deprecation_reason="Use discounts field.")
    discounts = graphene.NonNull(graphene.List(graphene.NonNull(OrderDiscount)))
    errors = graphene.NonNull(graphene.List(graphene.NonNull(OrderError)))
    display_gross_prices = graphene.Boolean(required=True)
    external_reference = graphene.String()
    checkout_id = graphene.ID()
    total_granted_refund = graphene.Field(Money, required=True)
    total_refunded = graphene.Field(Money, required=True)
    total_refund_pending = graphene.Field(Money, required=True)
    total_authorize_pending = graphene.Field(Money, required=True)
    total_charge_pending = graphene.Field(Money, required=True)
    total_cancel_pending = graphene.Field(Money, required=True)
    total_remaining_grant = graphene.Field(Money, required=True)
    shop_orders = graphene.NonNull(
        graphene.List(graphene.NonNull(ShopOrder)),
        description="Marketplace extension: the order's part for each shop (for shop "
        "staff: their own shop's part only).",
    )

    @classmethod
    def get_node(cls, info: Any, id: str) -> OrderModel | None:
        return orders_selectors.order_for_viewer(token=id, user=viewer(info), cache=info.context)

    @staticmethod
    def resolve_id(root: OrderModel, info: Any) -> str:
        return str(root.token)

    @staticmethod
    def resolve_created(root: OrderModel, info: Any) -> Any:
        return root.created_at

    @staticmethod
    def resolve_updated_at(root: OrderModel, info: Any) -> Any:
        return root.updated_at

    @staticmethod
    def resolve_status(root: OrderModel, info: Any) -> str:
        return ORDER_STATUS.get(root.status, "UNFULFILLED")

    @staticmethod
    def resolve_user(root: OrderModel, info: Any) -> Any:
        return root.user if full_view(root, info) else None

    @staticmethod
    def resolve_tracking_client_id(root: Any, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_billing_address(root: OrderModel, info: Any) -> AddressModel | None:
        return root.billing_address

    @staticmethod
    def resolve_shipping_address(root: OrderModel, info: Any) -> AddressModel | None:
        return root.shipping_address

    @staticmethod
    def resolve_shipping_method_name(root: OrderModel, info: Any) -> str | None:
        names = [
            so.shipping_method_name
            for so in order_shop_orders(root, info)
            if so.delivery_kind == DeliveryKind.SHIPPING and so.shipping_method_name
        ]
        return "; ".join(dict.fromkeys(names)) or None

    @staticmethod
    def resolve_collection_point_name(root: OrderModel, info: Any) -> str | None:
        names = [
            so.sale_point.name  # type: ignore[union-attr]
            for so in order_shop_orders(root, info)
            if so.delivery_kind == DeliveryKind.PICKUP and so.sale_point_id
        ]
        return "; ".join(dict.fromkeys(names)) or None

    @staticmethod
    def resolve_channel(root: OrderModel, info: Any) -> Any:
        return channel_root(info, root.channel)

    @staticmethod
    def resolve_fulfillments(root: OrderModel, info: Any) -> list[FulfillmentView]:
        return [
            FulfillmentView(so)
            for so in order_shop_orders(root, info)
            if so.status in FULFILLED_STATUSES
        ]

    @staticmethod
    def resolve_lines(root: OrderModel, info: Any) -> list[OrderLineModel]:
        return [line for so in order_shop_orders(root, info) for line in so.lines.all()]

    @staticmethod
    def resolve_actions(root: Any, info: Any) -> list[str]:
        return []

    resolve_shipping_methods = resolve_actions
    resolve_available_collection_points = resolve_actions
    resolve_gift_cards = resolve_actions
    resolve_discounts = resolve_actions
    resolve_errors = resolve_actions

    @staticmethod
    def resolve_original(root: Any, info: Any) -> None:
        return None

    resolve_voucher = resolve_original
    resolve_voucher_code = resolve_original
    resolve_redirect_url = resolve_original
    resolve_discount = resolve_original
    resolve_discount_name = resolve_original
    resolve_translated_discount_name = resolve_original
    resolve_external_reference = resolve_original

    @staticmethod
    def resolve_origin(root: Any, info: Any) -> str:
        return "CHECKOUT"

    @staticmethod
    def resolve_is_paid(root: OrderModel, info: Any) -> bool:
        return root.payment_status in (
            OrderModel.PaymentStatus.FULLY_CHARGED,
            OrderModel.PaymentStatus.OVERCHARGED,
        )

    @staticmethod
    def resolve_payment_status(root: OrderModel, info: Any) -> str:
        return PAYMENT_STATUS.get(root.payment_status, "NOT_CHARGED")

    @staticmethod
    def resolve_payment_status_display(root: OrderModel, info: Any) -> str:
        return str(root.get_payment_status_display())

    @staticmethod
    def resolve_authorize_status(root: OrderModel, info: Any) -> str:
        authorized = sum(
            p.amount for p in _order_payments(root) if p.status == Payment.Status.AUTHORIZED
        )
        return coverage_status(authorized + root.amount_paid, root.total, over=False)

    @staticmethod
    def resolve_charge_status(root: OrderModel, info: Any) -> str:
        return coverage_status(root.amount_paid, root.total, over=True)

    @staticmethod
    def resolve_tax_exemption(root: Any, info: Any) -> bool:
        return False

    resolve_can_finalize = resolve_tax_exemption

    @staticmethod
    def resolve_transactions(root: OrderModel, info: Any) -> list[Payment]:
        return _order_payments(root) if full_view(root, info) else []

    @staticmethod
    def resolve_total(root: OrderModel, info: Any) -> int:
        return _order_amount(root, info, "total", "total")

    resolve_undiscounted_total = resolve_total

    @staticmethod
    def resolve_shipping_method(
        root: OrderModel, info: Any
    ) -> delivery_selectors.DeliveryOption | None:
        shop_orders = [
            so for so in order_shop_orders(root, info) if so.delivery_kind == DeliveryKind.SHIPPING
        ]
        if not shop_orders:
            return None
        if len(shop_orders) == 1:
            return _shipping_view(shop_orders[0])
        views = [_shipping_view(so) for so in shop_orders]
        return delivery_selectors.DeliveryOption(
            key=delivery_selectors.SELECTED,
            name_vi="; ".join(dict.fromkeys(v.name_vi for v in views)),
            name_en="; ".join(dict.fromkeys(v.name_en for v in views)),
            price=sum(v.price for v in views),
            min_days=max((v.min_days or 0) for v in views),
            max_days=max((v.max_days or 0) for v in views),
        )

    @staticmethod
    def resolve_delivery_method(root: OrderModel, info: Any) -> Any:
        shop_orders = order_shop_orders(root, info)
        points = {so.sale_point_id for so in shop_orders if so.delivery_kind == DeliveryKind.PICKUP}
        if (
            shop_orders
            and len(points) == 1
            and all(so.delivery_kind == DeliveryKind.PICKUP for so in shop_orders)
        ):
            return pickup_location(shop_orders[0])
        return Order.resolve_shipping_method(root, info)

    @staticmethod
    def resolve_undiscounted_shipping_price(root: OrderModel, info: Any) -> int:
        return _order_amount(root, info, "shipping_fee", "shipping_total")

    resolve_shipping_price = resolve_undiscounted_shipping_price

    @staticmethod
    def resolve_shipping_tax_rate(root: Any, info: Any) -> float:
        return 0.0

    @staticmethod
    def resolve_token(root: OrderModel, info: Any) -> str:
        return str(root.token)

    @staticmethod
    def resolve_customer_note(root: OrderModel, info: Any) -> str:
        return root.note

    @staticmethod
    def resolve_weight(root: OrderModel, info: Any) -> int:
        return sum(
            line.weight_grams for so in order_shop_orders(root, info) for line in so.lines.all()
        )

    @staticmethod
    def resolve_subtotal(root: OrderModel, info: Any) -> int:
        return _order_amount(root, info, "subtotal", "subtotal")

    @staticmethod
    def resolve_status_display(root: OrderModel, info: Any) -> str:
        return str(root.get_status_display())

    @staticmethod
    def resolve_total_authorized(root: OrderModel, info: Any) -> int:
        return sum(p.amount for p in _order_payments(root) if p.status == Payment.Status.AUTHORIZED)

    @staticmethod
    def resolve_total_charged(root: OrderModel, info: Any) -> int:
        return root.amount_paid

    resolve_total_captured = resolve_total_charged

    @staticmethod
    def resolve_total_canceled(root: Any, info: Any) -> int:
        return 0

    resolve_total_granted_refund = resolve_total_canceled
    resolve_total_refund_pending = resolve_total_canceled
    resolve_total_authorize_pending = resolve_total_canceled
    resolve_total_charge_pending = resolve_total_canceled
    resolve_total_cancel_pending = resolve_total_canceled
    resolve_total_remaining_grant = resolve_total_canceled

    @staticmethod
    def resolve_total_balance(root: OrderModel, info: Any) -> int:
        return root.amount_paid - root.total

    @staticmethod
    def resolve_user_email(root: OrderModel, info: Any) -> str:
        return root.email

    @staticmethod
    def resolve_is_shipping_required(root: Any, info: Any) -> bool:
        return True

    resolve_display_gross_prices = resolve_is_shipping_required

    @staticmethod
    def resolve_language_code(root: OrderModel, info: Any) -> str:
        return (root.language_code or "vi").lower()

    @staticmethod
    def resolve_language_code_enum(root: OrderModel, info: Any) -> str:
        return language_enum(root.language_code)

    @staticmethod
    def resolve_checkout_id(root: OrderModel, info: Any) -> str | None:
        return ids.global_id("Checkout", root.checkout_token) if root.checkout_token else None

    @staticmethod
    def resolve_total_refunded(root: OrderModel, info: Any) -> int:
        return root.amount_refunded

    @staticmethod
    def resolve_shop_orders(root: OrderModel, info: Any) -> list[ShopOrderModel]:
        return order_shop_orders(root, info)


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order
