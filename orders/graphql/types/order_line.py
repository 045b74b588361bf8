"""Saleor's ``OrderLine`` over ``orders.models.OrderLine``: what was sold, with names,
SKU and price as they were when the order was placed."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql import ids
from marketplace.graphql.common import Image, ThumbnailFormatEnum, absolute_url
from marketplace.graphql.money import Money, TaxedMoney
from orders.models import OrderLine as OrderLineModel
from orders.selectors import orders as orders_selectors
from shops.thumbnails import thumbnail_url

from .. import enums
from .base import NODE_META, VARIANT, variant_in_channel, viewer
from .scope import order_shop_orders


class OrderLine(graphene.ObjectType):
    """What was sold: names, SKU and price as they were when the order was placed."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, OrderLineModel)

    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    product_variant_id = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    tax_rate = graphene.Float(required=True)
    thumbnail = graphene.Field(
        Image,
        size=graphene.Int(description="Size of thumbnail."),
        format=graphene.Argument(ThumbnailFormatEnum, description="The format of the image."),
    )
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(TaxedMoney, required=True)
    unit_discount = graphene.Field(Money, required=True)
    unit_discount_reason = graphene.String()
    unit_discount_value = graphene.Field(
        "marketplace.graphql.scalars.PositiveDecimal", required=True
    )
    unit_discount_type = graphene.Field(enums.DiscountValueTypeEnum)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(TaxedMoney, required=True)
    is_price_overridden = graphene.Boolean()
    price_override_reason = graphene.String()
    variant = graphene.Field(VARIANT)
    translated_product_name = graphene.String(required=True)
    translated_variant_name = graphene.String(required=True)
    sale_id = graphene.ID()
    quantity_to_fulfill = graphene.Int(required=True)
    voucher_code = graphene.String()
    is_gift = graphene.Boolean()

    @classmethod
    def get_node(cls, info: Any, id: str) -> OrderLineModel | None:
        if not str(id).isdigit():
            return None
        line = OrderLineModel.objects.select_related("shop_order__order").filter(pk=int(id)).first()
        if line is None:
            return None
        order = orders_selectors.order_for_viewer(
            token=line.shop_order.order.token, user=viewer(info), cache=info.context
        )
        if order is None:
            return None
        return next(
            (
                ln
                for so in order_shop_orders(order, info)
                for ln in so.lines.all()
                if ln.pk == line.pk
            ),
            None,
        )

    @staticmethod
    def resolve_id(root: OrderLineModel, info: Any) -> int:
        return root.pk

    @staticmethod
    def resolve_product_name(root: OrderLineModel, info: Any) -> str:
        return root.product_name

    @staticmethod
    def resolve_variant_name(root: OrderLineModel, info: Any) -> str:
        return root.variant_name

    @staticmethod
    def resolve_product_sku(root: OrderLineModel, info: Any) -> str:
        return root.sku

    @staticmethod
    def resolve_product_variant_id(root: OrderLineModel, info: Any) -> str | None:
        return ids.global_id("ProductVariant", root.variant_id) if root.variant_id else None

    @staticmethod
    def resolve_is_shipping_required(root: Any, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_tax_rate(root: Any, info: Any) -> float:
        return 0.0

    @staticmethod
    def resolve_thumbnail(
        root: OrderLineModel, info: Any, size: int | None = None, format: Any = None
    ) -> Any:
        variant = root.variant
        if variant is None:
            return None
        media = list(variant.product.media.all())
        if not media:
            return None
        fmt = (
            "jpeg"
            if str(getattr(format, "value", format) or "WEBP").upper() == "ORIGINAL"
            else "webp"
        )
        return {
            "url": absolute_url(info, thumbnail_url(media[0], size or 256, fmt)),
            "alt": media[0].alt,
        }

    @staticmethod
    def resolve_unit_price(root: OrderLineModel, info: Any) -> int:
        return root.unit_price

    resolve_undiscounted_unit_price = resolve_unit_price

    @staticmethod
    def resolve_unit_discount(root: Any, info: Any) -> int:
        return 0

    resolve_unit_discount_value = resolve_unit_discount

    @staticmethod
    def resolve_unit_discount_reason(root: Any, info: Any) -> None:
        return None

    resolve_unit_discount_type = resolve_unit_discount_reason
    resolve_price_override_reason = resolve_unit_discount_reason
    resolve_sale_id = resolve_unit_discount_reason
    resolve_voucher_code = resolve_unit_discount_reason

    @staticmethod
    def resolve_total_price(root: OrderLineModel, info: Any) -> int:
        return root.total

    resolve_undiscounted_total_price = resolve_total_price

    @staticmethod
    def resolve_is_price_overridden(root: Any, info: Any) -> bool:
        return False

    resolve_is_gift = resolve_is_price_overridden

    @staticmethod
    def resolve_variant(root: OrderLineModel, info: Any) -> Any:
        return variant_in_channel(info, root.variant, root.shop_order.order.channel)

    @staticmethod
    def resolve_translated_product_name(root: OrderLineModel, info: Any) -> str:
        order = root.shop_order.order
        if (order.language_code or "").lower().startswith("en") and root.product_name_en:
            return root.product_name_en
        return root.product_name

    @staticmethod
    def resolve_translated_variant_name(root: OrderLineModel, info: Any) -> str:
        return root.variant_name

    @staticmethod
    def resolve_quantity_to_fulfill(root: OrderLineModel, info: Any) -> int:
        return max(root.quantity - root.quantity_fulfilled, 0)
