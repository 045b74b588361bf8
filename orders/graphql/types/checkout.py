"""Saleor's ``Checkout`` over ``orders.models.Checkout`` (priced once per object through
``orders.selectors.cart.summary_of``) and the marketplace's ``CheckoutShopDelivery`` (one shop's
part of a checkout, with its own delivery choice)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import Weight
from marketplace.graphql.connection import CountableConnection
from marketplace.graphql.enums import LanguageCodeEnum
from marketplace.graphql.money import Money, TaxedMoney
from orders.models import Checkout as CheckoutModel
from orders.models import DeliveryKind, Payment
from orders.selectors import cart as cart_selectors
from orders.selectors import checkout as checkout_selectors
from orders.selectors import delivery as delivery_selectors
from orders.selectors import payments as payments_selectors
from orders.selectors.shipping import pickup_points
from shops.models import StockLocation

from .. import enums
from .address import Address
from .base import (
    CHANNEL,
    NODE_META,
    SHOP,
    USER,
    channel_root,
    coverage_status,
    language_enum,
    variant_in_channel,
    viewer,
)
from .checkout_line import (
    CheckoutLine,
    CheckoutProblem,
    CheckoutProblemDeliveryMethodInvalid,
    line_problems,
)
from .delivery import Delivery, DeliveryMethod, ShippingMethod
from .discounts import GiftCard, Voucher
from .payments import PaymentGateway, TransactionItem
from .warehouse import Warehouse


class CheckoutShopDelivery(graphene.ObjectType):
    """Marketplace extension: one shop's part of a checkout and how it reaches the buyer
    (set with ``checkoutShopDeliveryUpdate``)."""

    shop = graphene.Field(SHOP, required=True)
    lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLine)))
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(
        TaxedMoney, description="The chosen delivery's fee; null until chosen."
    )
    total_price = graphene.Field(TaxedMoney, required=True)
    shipping_methods = graphene.NonNull(
        graphene.List(graphene.NonNull(ShippingMethod)),
        description="This shop's methods for the address and parcel.",
    )
    available_collection_points = graphene.NonNull(
        graphene.List(graphene.NonNull(Warehouse)),
        description="Sale points holding all of this shop's lines.",
    )
    delivery_method = graphene.Field(
        DeliveryMethod, description="The chosen shipping method or collection point."
    )
    weight = graphene.Field(Weight, required=True)

    @staticmethod
    def resolve_shop(root: cart_selectors.ShopGroup, info: Any) -> Any:
        return root.shop

    @staticmethod
    def resolve_subtotal_price(root: cart_selectors.ShopGroup, info: Any) -> int:
        return root.subtotal

    @staticmethod
    def resolve_shipping_price(root: cart_selectors.ShopGroup, info: Any) -> int | None:
        return root.shipping_fee

    @staticmethod
    def resolve_total_price(root: cart_selectors.ShopGroup, info: Any) -> int:
        return root.total

    @staticmethod
    def resolve_shipping_methods(
        root: cart_selectors.ShopGroup, info: Any
    ) -> list[delivery_selectors.DeliveryOption]:
        return [
            delivery_selectors.DeliveryOption(
                key=str(o.method_id),
                name_vi=o.name_vi,
                name_en=o.name_en or o.name_vi,
                price=o.price,
                min_days=o.min_days,
                max_days=o.max_days,
                methods={root.shop.pk: o.method_id},
            )
            for o in root.shipping_options
        ]

    @staticmethod
    def resolve_available_collection_points(
        root: cart_selectors.ShopGroup, info: Any
    ) -> list[StockLocation]:
        points = pickup_points(
            shop_id=root.shop.pk, lines=[(lv.variant.pk, lv.quantity) for lv in root.lines]
        )
        by_point = {
            loc.sale_point_id: loc
            for loc in StockLocation.objects.filter(
                sale_point_id__in=[p.pk for p in points]
            ).select_related("sale_point__district")
        }
        return [by_point[p.pk] for p in points if p.pk in by_point]

    @staticmethod
    def resolve_delivery_method(root: cart_selectors.ShopGroup, info: Any) -> Any:
        delivery = root.delivery
        if delivery is None:
            return None
        if delivery.kind == DeliveryKind.PICKUP:
            return (
                StockLocation.objects.select_related("sale_point__district")
                .filter(sale_point_id=delivery.sale_point_id)
                .first()
            )
        option = next(
            (o for o in root.shipping_options if o.method_id == delivery.shipping_method_id), None
        )
        if option is None:
            return None
        return delivery_selectors.DeliveryOption(
            key=str(option.method_id),
            name_vi=option.name_vi,
            name_en=option.name_en or option.name_vi,
            price=option.price,
            min_days=option.min_days,
            max_days=option.max_days,
            methods={root.shop.pk: option.method_id},
        )

    @staticmethod
    def resolve_weight(root: cart_selectors.ShopGroup, info: Any) -> int:
        return root.weight_grams


class Checkout(graphene.ObjectType):
    """A checkout. Its ID (``Checkout:<token>``) is all an anonymous buyer needs; a
    checkout attached to an account is visible to that account only."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, CheckoutModel)

    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    last_change = graphene.DateTime(required=True, deprecation_reason="Use `updatedAt` instead.")
    user = graphene.Field(USER)
    channel = graphene.Field(CHANNEL, required=True)
    billing_address = graphene.Field(Address)
    shipping_address = graphene.Field(Address)
    customer_note = graphene.String(required=True)
    discount = graphene.Field(Money)
    discount_name = graphene.String()
    translated_discount_name = graphene.String()
    voucher = graphene.Field(Voucher)
    voucher_code = graphene.String()
    available_shipping_methods = graphene.NonNull(
        graphene.List(graphene.NonNull(ShippingMethod)),
        deprecation_reason="Use `shippingMethods` instead.",
    )
    shipping_methods = graphene.NonNull(graphene.List(graphene.NonNull(ShippingMethod)))
    available_collection_points = graphene.NonNull(graphene.List(graphene.NonNull(Warehouse)))
    available_payment_gateways = graphene.NonNull(
        graphene.List(graphene.NonNull(PaymentGateway)),
        deprecation_reason="The field will be removed in Saleor 4.0.",
    )
    email = graphene.String()
    gift_cards = graphene.NonNull(graphene.List(graphene.NonNull(GiftCard)))
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    stock_reservation_expires = graphene.DateTime()
    lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLine)))
    shipping_price = graphene.Field(TaxedMoney, required=True)
    delivery = graphene.Field(Delivery)
    shipping_method = graphene.Field(ShippingMethod, deprecation_reason="Use `delivery` instead.")
    delivery_method = graphene.Field(DeliveryMethod, deprecation_reason="Use `delivery` instead.")
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    tax_exemption = graphene.Boolean(required=True)
    token = graphene.UUID(required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    total_balance = graphene.Field(Money, required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True)
    transactions = graphene.List(graphene.NonNull(TransactionItem))
    display_gross_prices = graphene.Boolean(required=True)
    authorize_status = graphene.Field(enums.CheckoutAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(enums.CheckoutChargeStatusEnum, required=True)
    problems = graphene.List(graphene.NonNull(CheckoutProblem))
    deliveries = graphene.NonNull(
        graphene.List(graphene.NonNull(CheckoutShopDelivery)),
        description="Marketplace extension: the checkout's lines by shop, each with its "
        "own delivery choice.",
    )

    @classmethod
    def get_node(cls, info: Any, id: str) -> CheckoutModel | None:
        return checkout_selectors.checkout_for_viewer(token=id, user=viewer(info))

    @staticmethod
    def resolve_id(root: CheckoutModel, info: Any) -> str:
        return str(root.token)

    @staticmethod
    def resolve_created(root: CheckoutModel, info: Any) -> Any:
        return root.created_at

    @staticmethod
    def resolve_updated_at(root: CheckoutModel, info: Any) -> Any:
        return root.updated_at

    resolve_last_change = resolve_updated_at

    @staticmethod
    def resolve_user(root: CheckoutModel, info: Any) -> Any:
        return root.user

    @staticmethod
    def resolve_channel(root: CheckoutModel, info: Any) -> Any:
        return channel_root(info, root.channel)

    @staticmethod
    def resolve_customer_note(root: CheckoutModel, info: Any) -> str:
        return root.note

    @staticmethod
    def resolve_discount(root: CheckoutModel, info: Any) -> int:
        return 0

    @staticmethod
    def resolve_discount_name(root: Any, info: Any) -> None:
        return None

    resolve_translated_discount_name = resolve_discount_name
    resolve_voucher = resolve_discount_name
    resolve_voucher_code = resolve_discount_name
    resolve_stock_reservation_expires = resolve_discount_name

    @staticmethod
    def resolve_shipping_methods(
        root: CheckoutModel, info: Any
    ) -> list[delivery_selectors.DeliveryOption]:
        return delivery_selectors.delivery_options(root)

    resolve_available_shipping_methods = resolve_shipping_methods

    @staticmethod
    def resolve_available_collection_points(root: CheckoutModel, info: Any) -> list[StockLocation]:
        return delivery_selectors.collection_points(root)

    @staticmethod
    def resolve_available_payment_gateways(
        root: CheckoutModel, info: Any
    ) -> list[payments_selectors.Gateway]:
        return payments_selectors.payment_gateways(root)

    @staticmethod
    def resolve_email(root: CheckoutModel, info: Any) -> str | None:
        return root.email or None

    @staticmethod
    def resolve_gift_cards(root: Any, info: Any) -> list[Any]:
        return []

    @staticmethod
    def resolve_is_shipping_required(root: CheckoutModel, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_quantity(root: CheckoutModel, info: Any) -> int:
        return cart_selectors.summary_of(root).quantity

    @staticmethod
    def resolve_lines(root: CheckoutModel, info: Any) -> list[cart_selectors.LineView]:
        lines = [lv for g in cart_selectors.summary_of(root).groups for lv in g.lines]
        for line in lines:
            variant_in_channel(info, line.variant, root.channel)
        return lines

    @staticmethod
    def resolve_shipping_price(root: CheckoutModel, info: Any) -> int:
        return cart_selectors.summary_of(root).shipping_total

    @staticmethod
    def resolve_delivery(
        root: CheckoutModel, info: Any
    ) -> delivery_selectors.DeliveryOption | None:
        return delivery_selectors.selected_delivery(root)

    resolve_shipping_method = resolve_delivery

    @staticmethod
    def resolve_delivery_method(root: CheckoutModel, info: Any) -> Any:
        return delivery_selectors.selected_delivery(
            root
        ) or delivery_selectors.selected_collection_point(root)

    @staticmethod
    def resolve_subtotal_price(root: CheckoutModel, info: Any) -> int:
        return cart_selectors.summary_of(root).subtotal

    @staticmethod
    def resolve_tax_exemption(root: Any, info: Any) -> bool:
        return False

    @staticmethod
    def resolve_total_price(root: CheckoutModel, info: Any) -> int:
        return cart_selectors.summary_of(root).total

    @staticmethod
    def resolve_total_balance(root: CheckoutModel, info: Any) -> int:
        coverage = payments_selectors.checkout_coverage(root)
        return coverage.charged - coverage.total

    @staticmethod
    def resolve_language_code(root: CheckoutModel, info: Any) -> str:
        return language_enum(root.language_code)

    @staticmethod
    def resolve_transactions(root: CheckoutModel, info: Any) -> list[Payment]:
        return payments_selectors.checkout_payments(root)

    @staticmethod
    def resolve_display_gross_prices(root: Any, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_authorize_status(root: CheckoutModel, info: Any) -> str:
        coverage = payments_selectors.checkout_coverage(root)
        return coverage_status(coverage.covered, coverage.total, over=False)

    @staticmethod
    def resolve_charge_status(root: CheckoutModel, info: Any) -> str:
        coverage = payments_selectors.checkout_coverage(root)
        return coverage_status(coverage.charged, coverage.total, over=True)

    @staticmethod
    def resolve_problems(root: CheckoutModel, info: Any) -> list[Any]:
        problems: list[Any] = []
        for group in cart_selectors.summary_of(root).groups:
            delivery = group.delivery
            if (
                delivery is not None
                and delivery.kind == DeliveryKind.SHIPPING
                and group.shipping_fee is None
            ):
                problems.append(
                    CheckoutProblemDeliveryMethodInvalid(
                        delivery=delivery_selectors.DeliveryOption(
                            key=str(delivery.shipping_method_id or ""),
                            name_vi="",
                            name_en="",
                            price=0,
                            min_days=None,
                            max_days=None,
                        )
                    )
                )
            for line in group.lines:
                problems.extend(line_problems(line))
        return problems

    @staticmethod
    def resolve_deliveries(root: CheckoutModel, info: Any) -> list[cart_selectors.ShopGroup]:
        return cart_selectors.summary_of(root).groups


class CheckoutCountableConnection(CountableConnection):
    class Meta:
        node = Checkout
