"""``productChannelListingUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.ids import require_pk

from ...models import Product, ProductVariant
from ...services import listing
from ..permissions import PRODUCTS_DENIED, shop_staff
from ..staff_base import ShopStaffMutation, field_error
from .channel_listing_input import default_channel_only
from .errors import ProductChannelListingError
from .lookups import product_of


class ProductChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True, description="ID of a channel.")
    is_published = graphene.Boolean(description="Determines if object is visible to customers.")
    publication_date = graphene.Date(
        deprecation_reason="Use `publishedAt` field instead.",
        description="Publication date. ISO 8601 standard.",
    )
    published_at = graphene.DateTime(description="Publication date time. ISO 8601 standard.")
    visible_in_listings = graphene.Boolean(
        description="Determines if product is visible in product listings."
    )
    is_available_for_purchase = graphene.Boolean(
        description="Determines if product should be available for purchase in this channel."
    )
    available_for_purchase_date = graphene.Date(
        deprecation_reason="Use `availableForPurchaseAt` field instead.",
        description="A start date from which a product will be available for purchase.",
    )
    available_for_purchase_at = graphene.DateTime(
        description="A start date time from which a product will be available for purchase."
    )
    add_variants = graphene.List(
        graphene.NonNull(graphene.ID),
        description="List of variants to which the channel should be assigned.",
    )
    remove_variants = graphene.List(
        graphene.NonNull(graphene.ID),
        description="List of variants from which the channel should be unassigned.",
    )


class ProductChannelListingUpdateInput(graphene.InputObjectType):
    update_channels = graphene.List(
        graphene.NonNull(ProductChannelListingAddInput),
        description="List of channels to which the product should be assigned or updated.",
    )
    remove_channels = graphene.List(
        graphene.NonNull(graphene.ID),
        description="List of channels from which the product should be unassigned.",
    )


class ProductChannelListingUpdate(ShopStaffMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    product = graphene.Field(
        "shops.graphql.types.Product", description="An updated product instance."
    )

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product to update.")
        input = ProductChannelListingUpdateInput(
            required=True,
            description="Fields required to create or update product channel listings.",
        )

    class Meta:
        description = (
            "Publishes (`isPublished`) or unpublishes the product in default-channel and puts variants "
            "on or off sale (`addVariants`/`removeVariants`)."
        )
        error_type = ProductChannelListingError
        legacy_errors_field = "product_channel_listing_errors"

    @classmethod
    def _variants(cls, product: Product, ids: list[Any], field: str) -> list[ProductVariant]:
        pks = [require_pk(value, "ProductVariant", field) for value in ids or []]
        variants = {v.pk: v for v in product.variants.filter(pk__in=pks)}
        missing = [value for value, pk in zip(ids or [], pks, strict=True) if pk not in variants]
        if missing:
            raise field_error(
                field,
                "Phân loại không thuộc sản phẩm này. / The variant is not of this product.",
                "not_products_variant",
                variants_ids=missing,
            )
        return [variants[pk] for pk in pks]

    @classmethod
    def error_extras(cls, field: str, params: dict[str, Any]) -> dict[str, Any]:
        extras = super().error_extras(field, params)
        if params.get("variants_ids"):
            extras["variants"] = params["variants_ids"]
        return extras

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        product = product_of(user, data["id"])
        values = data["input"]
        published: bool | None = None
        activate: list[ProductVariant] = []
        deactivate: list[ProductVariant] = []
        for channel in values.get("remove_channels") or []:
            default_channel_only(channel)
            published = False
        for item in values.get("update_channels") or []:
            default_channel_only(item["channel_id"])
            if item.get("is_published") is not None:
                published = item["is_published"]
            activate += cls._variants(product, item.get("add_variants"), "addVariants")
            deactivate += cls._variants(product, item.get("remove_variants"), "removeVariants")
        product = listing.product_listing_update(
            actor=user,
            product=product,
            published=published,
            activate=activate,
            deactivate=deactivate,
        )
        return {"product": product}
