"""``Product``, its connection and the arguments of every product list."""

from __future__ import annotations

import datetime
from typing import Any

import graphene

from marketplace.graphql.common import Image, Weight
from marketplace.graphql.connection import CountableConnection, connection_args, paginate
from marketplace.graphql.ids import key_of
from marketplace.graphql.metadata import ObjectWithMetadata
from marketplace.models import OcopCertificate
from marketplace.models import ProductGroup as ProductGroupModel
from shops import models
from shops import selectors as catalogue
from shops.attributes import product_attributes

from .. import context
from ..attributes import ObjectWithAttributes, SelectedAttribute
from ..filters import ProductFilterInput, ProductOrder, ProductWhereInput, variant_matches
from ..translations import english
from .common import (
    ContentTranslation,
    VietnameseContent,
    address_argument,
    pick_assigned,
    thumbnail_args,
    translation_field,
)
from .media import ProductMedia, media_image
from .ocop import OcopInfo, ProductOrigin
from .pricing import ProductPricingInfo
from .product_type import ProductType
from .variant import ProductVariant, ProductVariantCountableConnection


class ProductTranslation(ContentTranslation):
    class Meta:
        interfaces = (graphene.relay.Node,)


class Product(VietnameseContent, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata, ObjectWithAttributes)
        description = "Represents an individual item for sale in the storefront."

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the product (EditorJS JSON).")
    product_type = graphene.Field(ProductType, required=True)
    slug = graphene.String(required=True)
    category = graphene.Field("shops.graphql.types.category.Category")
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    charge_taxes = graphene.Boolean(
        required=True,
        deprecation_reason="Use `Channel.taxConfiguration` field "
        "to determine whether tax collection is "
        "enabled.",
    )
    weight = graphene.Field(Weight)
    default_variant = graphene.Field(ProductVariant)
    rating = graphene.Float(
        description="Rating of the product: its current OCOP stars (null without a valid "
        "certificate)."
    )
    channel = graphene.String()
    description_json = graphene.JSONString(
        deprecation_reason="Use the `description` field instead."
    )
    thumbnail = graphene.Field(Image, **thumbnail_args())
    pricing = graphene.Field(ProductPricingInfo, address=address_argument())
    is_available = graphene.Boolean(address=address_argument())
    attribute = graphene.Field(
        SelectedAttribute,
        slug=graphene.String(required=True),
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
    attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(SelectedAttribute)),
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    media_by_id = graphene.Field(ProductMedia, id=graphene.ID(required=True))
    variants = graphene.List(
        graphene.NonNull(ProductVariant),
        deprecation_reason="Use `productVariants` field instead.",
    )
    product_variants = graphene.Field(
        ProductVariantCountableConnection,
        filter=graphene.Argument(
            "shops.graphql.filters.ProductVariantFilterInput",
            deprecation_reason="Use `where` filter instead.",
        ),
        where=graphene.Argument("shops.graphql.filters.ProductVariantWhereInput"),
        sort_by=graphene.Argument("shops.graphql.filters.ProductVariantSortingInput"),
        **connection_args(),
    )
    media = graphene.List(
        graphene.NonNull(ProductMedia),
        sort_by=graphene.Argument("shops.graphql.filters.MediaSortingInput"),
    )
    collections = graphene.List(graphene.NonNull("shops.graphql.types.collection.Collection"))
    translation = translation_field(ProductTranslation)
    available_for_purchase = graphene.Date(
        deprecation_reason="Use the `availableForPurchaseAt` field to "
        "fetch the available for purchase date."
    )
    available_for_purchase_at = graphene.DateTime()
    is_available_for_purchase = graphene.Boolean()
    external_reference = graphene.String()
    # marketplace extensions
    shop = graphene.Field(
        "shops.graphql.types.shop.Shop",
        description="The producer's shop selling the product. Marketplace extension.",
    )
    ocop = graphene.Field(
        OcopInfo,
        description="The product's OCOP star certificate in force (null without "
        "one). Marketplace extension.",
    )
    origin = graphene.Field(
        ProductOrigin,
        required=True,
        description="Where the product is made. Marketplace extension.",
    )

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Product)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Product | None:
        products = catalogue.viewer_products(user=context.user(info))
        return catalogue.with_storefront_data(products.filter(pk=id)).first()

    @staticmethod
    def resolve_product_type(root: models.Product, info: Any) -> ProductGroupModel:
        return root.product_group

    @staticmethod
    def resolve_created(root: models.Product, info: Any) -> datetime.datetime:
        return root.created_at

    @staticmethod
    def resolve_charge_taxes(root: models.Product, info: Any) -> bool:
        return False

    @staticmethod
    def resolve_weight(root: models.Product, info: Any) -> None:
        return None

    @staticmethod
    def resolve_default_variant(root: models.Product, info: Any) -> models.ProductVariant | None:
        variants = catalogue.product_variants(root)
        return (
            context.in_channel(info, variants[0], context.channel_slug_of(info, root))
            if variants
            else None
        )

    @staticmethod
    def resolve_rating(root: models.Product, info: Any) -> float | None:
        certificate = catalogue.product_certificate(root)
        return float(certificate.stars) if certificate else None

    @staticmethod
    def resolve_channel(root: models.Product, info: Any) -> str:
        return context.channel_of(info, root).slug

    @staticmethod
    def resolve_thumbnail(
        root: models.Product, info: Any, size: int | None = None, format: Any = None
    ) -> Any:
        media = catalogue.product_media(root)
        return media_image(info, media[0] if media else None, size, format)

    @staticmethod
    def resolve_pricing(root: models.Product, info: Any, address: Any = None) -> Any:
        return catalogue.product_pricing(root, channel=context.channel_of(info, root))

    @staticmethod
    def resolve_is_available(root: models.Product, info: Any, address: Any = None) -> bool:
        return catalogue.product_is_sellable(root) and catalogue.product_in_stock(
            root, channel=context.channel_of(info, root)
        )

    @staticmethod
    def resolve_attribute(root: models.Product, info: Any, slug: str) -> Any:
        return pick_assigned(product_attributes(root), slug=slug)

    @staticmethod
    def resolve_attributes(root: models.Product, info: Any) -> Any:
        return product_attributes(root)

    @staticmethod
    def resolve_assigned_attribute(root: models.Product, info: Any, slug: str) -> Any:
        return pick_assigned(product_attributes(root), slug=slug)

    @staticmethod
    def resolve_assigned_attributes(root: models.Product, info: Any, limit: int = 100) -> Any:
        return pick_assigned(product_attributes(root), limit=limit)

    @staticmethod
    def resolve_media_by_id(root: models.Product, info: Any, id: str) -> models.ProductMedia | None:
        pk = key_of(id, "ProductMedia")
        return next((m for m in catalogue.product_media(root) if str(m.pk) == pk), None)

    @staticmethod
    def _variants(root: models.Product, info: Any) -> list[models.ProductVariant]:
        channel = context.channel_of(info, root)
        return [
            context.in_channel(info, v, channel.slug)
            for v in catalogue.product_variants(root)
            if catalogue.variant_in_channel(v, channel=channel, shop_id=root.shop_id)
        ]

    @classmethod
    def resolve_variants(cls, root: models.Product, info: Any) -> list[models.ProductVariant]:
        return cls._variants(root, info)

    @classmethod
    def resolve_product_variants(
        cls,
        root: models.Product,
        info: Any,
        filter: Any = None,
        where: Any = None,
        sort_by: Any = None,
        **kwargs: Any,
    ) -> Any:
        variants = [v for v in cls._variants(root, info) if variant_matches(v, filter, where)]
        if sort_by:  # LAST_MODIFIED_AT: variants change with their product, then by age
            descending = (
                getattr(sort_by.get("direction"), "value", sort_by.get("direction")) == "DESC"
            )
            variants.sort(key=lambda v: (v.created_at, v.pk), reverse=descending)
        return paginate(variants, ProductVariantCountableConnection, "productVariants", **kwargs)

    @staticmethod
    def resolve_media(
        root: models.Product, info: Any, sort_by: Any = None
    ) -> list[models.ProductMedia]:
        media = catalogue.product_media(root)
        if sort_by:
            descending = (
                getattr(sort_by.get("direction"), "value", sort_by.get("direction")) == "DESC"
            )
            media = sorted(media, key=lambda m: m.pk, reverse=descending)
        return media

    @staticmethod
    def resolve_collections(root: models.Product, info: Any) -> list[models.Collection]:
        slug = context.channel_slug_of(info, root)
        return [context.in_channel(info, c, slug) for c in context.product_collections(info, root)]

    @staticmethod
    def resolve_translation(root: models.Product, info: Any, language_code: str) -> Any:
        return english(root, language_code)

    @staticmethod
    def resolve_available_for_purchase(root: models.Product, info: Any) -> datetime.date | None:
        moment = Product.resolve_available_for_purchase_at(root, info)
        return moment.date() if moment else None

    @staticmethod
    def resolve_available_for_purchase_at(
        root: models.Product, info: Any
    ) -> datetime.datetime | None:
        if root.status != models.Product.Status.PUBLISHED:
            return None
        return root.published_at or root.created_at

    @staticmethod
    def resolve_is_available_for_purchase(root: models.Product, info: Any) -> bool:
        return catalogue.product_is_sellable(root)

    @staticmethod
    def resolve_external_reference(root: models.Product, info: Any) -> None:
        return None

    @staticmethod
    def resolve_shop(root: models.Product, info: Any) -> models.Shop:
        return root.shop

    @staticmethod
    def resolve_ocop(root: models.Product, info: Any) -> OcopCertificate | None:
        return catalogue.product_certificate(root)

    @staticmethod
    def resolve_origin(root: models.Product, info: Any) -> models.Product:
        return root


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product


def product_list_args() -> dict[str, Any]:
    return {
        "filter": graphene.Argument(
            ProductFilterInput,
            description="Filtering options for products.",
            deprecation_reason="Use `where` filter instead.",
        ),
        "where": graphene.Argument(
            ProductWhereInput, description="Where filtering options for products."
        ),
        "sort_by": graphene.Argument(ProductOrder, description="Sort products."),
        "search": graphene.String(description="Search products."),
        **connection_args(),
    }
