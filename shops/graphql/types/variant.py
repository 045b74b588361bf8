"""``ProductVariant`` and its connection."""

from __future__ import annotations

import datetime
from typing import Any

import graphene
from django.conf import settings

from marketplace.graphql.common import CountryCode, Weight
from marketplace.graphql.connection import CountableConnection
from marketplace.graphql.metadata import ObjectWithMetadata
from shops import models
from shops import selectors as catalogue
from shops.attributes import variant_attributes

from .. import context
from ..attributes import ObjectWithAttributes, SelectedAttribute, VariantAttributeScope
from ..permissions import check_shop_access
from ..translations import LanguageDisplayMixin, english
from .common import address_argument, pick_assigned, translation_field
from .media import ProductMedia
from .pricing import VariantPricingInfo
from .stock import Stock


class ProductVariantTranslation(LanguageDisplayMixin, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)

    @staticmethod
    def resolve_name(root: tuple[models.ProductVariant, str], info: Any) -> str:
        return root[0].name


class ProductVariant(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata, ObjectWithAttributes)
        description = "Represents a version of a product such as different size or color."

    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field("shops.graphql.types.product.Product", required=True)
    track_inventory = graphene.Boolean(required=True)
    quantity_limit_per_customer = graphene.Int()
    weight = graphene.Field(Weight)
    channel = graphene.String()
    pricing = graphene.Field(VariantPricingInfo, address=address_argument())
    attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(SelectedAttribute)),
        variant_selection=graphene.Argument(
            VariantAttributeScope, description="Define scope of returned attributes."
        ),
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    media = graphene.List(graphene.NonNull(ProductMedia))
    translation = translation_field(ProductVariantTranslation)
    stocks = graphene.List(
        graphene.NonNull(Stock),
        address=address_argument(),
        country_code=graphene.Argument(CountryCode),
        description="Stocks for the product variant. Staff of its shop only.",
    )
    quantity_available = graphene.Int(
        address=address_argument(),
        country_code=graphene.Argument(CountryCode),
        description="Quantity of a product available for sale in the channel.",
    )
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    external_reference = graphene.String()

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.ProductVariant)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.ProductVariant | None:
        variants = catalogue.viewer_variants(user=context.user(info))
        return variants.filter(pk=id).select_related("product").first()

    @staticmethod
    def resolve_name(root: models.ProductVariant, info: Any) -> str:
        return root.name

    @staticmethod
    def resolve_product(root: models.ProductVariant, info: Any) -> models.Product:
        return context.in_channel(info, root.product, context.channel_slug_of(info, root))

    @staticmethod
    def resolve_track_inventory(root: models.ProductVariant, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_quantity_limit_per_customer(root: models.ProductVariant, info: Any) -> None:
        return None

    @staticmethod
    def resolve_weight(root: models.ProductVariant, info: Any) -> int | None:
        return root.weight_grams or None

    @staticmethod
    def resolve_channel(root: models.ProductVariant, info: Any) -> str:
        return context.channel_of(info, root).slug

    @staticmethod
    def resolve_pricing(root: models.ProductVariant, info: Any, address: Any = None) -> Any:
        channel = context.channel_of(info, root)
        if not catalogue.variant_in_channel(root, channel=channel, shop_id=root.product.shop_id):
            return None
        return catalogue.variant_price(root)

    @staticmethod
    def resolve_attributes(
        root: models.ProductVariant, info: Any, variant_selection: Any = None
    ) -> Any:
        return variant_attributes(root, getattr(variant_selection, "value", variant_selection))

    @staticmethod
    def resolve_assigned_attribute(root: models.ProductVariant, info: Any, slug: str) -> Any:
        return pick_assigned(variant_attributes(root), slug=slug)

    @staticmethod
    def resolve_assigned_attributes(
        root: models.ProductVariant, info: Any, limit: int = 100
    ) -> Any:
        return pick_assigned(variant_attributes(root), limit=limit)

    @staticmethod
    def resolve_media(root: models.ProductVariant, info: Any) -> list[models.ProductMedia]:
        # Our images belong to the product; a variant shows the product's images.
        return catalogue.product_media(root.product)

    @staticmethod
    def resolve_translation(root: models.ProductVariant, info: Any, language_code: str) -> Any:
        return english(root, language_code) if root.name else None

    @staticmethod
    def resolve_stocks(root: models.ProductVariant, info: Any, **_: Any) -> list[models.Stock]:
        check_shop_access(info, [root.product.shop_id])
        return catalogue.variant_stocks(root)

    @staticmethod
    def resolve_quantity_available(root: models.ProductVariant, info: Any, **_: Any) -> int:
        available = catalogue.variant_quantity_available(
            root, channel=context.channel_of(info, root), shop_id=root.product.shop_id
        )
        return min(available, settings.CHECKOUT_MAX_LINE_QUANTITY)

    @staticmethod
    def resolve_created(root: models.ProductVariant, info: Any) -> datetime.datetime:
        return root.created_at

    @staticmethod
    def resolve_updated_at(root: models.ProductVariant, info: Any) -> datetime.datetime:
        return max(root.created_at, root.product.updated_at)

    @staticmethod
    def resolve_external_reference(root: models.ProductVariant, info: Any) -> None:
        return None


class ProductVariantCountableConnection(CountableConnection):
    class Meta:
        node = ProductVariant
