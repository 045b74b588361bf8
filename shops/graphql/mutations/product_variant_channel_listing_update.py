"""``productVariantChannelListingUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.scalars import PositiveDecimal

from ...services import listing
from ..permissions import PRODUCTS_DENIED, shop_staff
from ..staff_base import ShopStaffMutation, field_error
from .channel_listing_input import default_channel_only, whole_dong
from .errors import PREORDER_DEPRECATED, ProductChannelListingError
from .lookups import variant_of


class ProductVariantChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True, description="ID of a channel.")
    price = PositiveDecimal(
        required=True, description="Price of the particular variant in channel (VND)."
    )
    cost_price = PositiveDecimal(description="Cost price of the variant in channel.")
    prior_price = PositiveDecimal(
        description="The value of the previous price before discount (our compare-at price)."
    )
    preorder_threshold = graphene.Int(
        deprecation_reason=PREORDER_DEPRECATED,
        description="The threshold for preorder variant in channel.",
    )


class ProductVariantChannelListingUpdate(ShopStaffMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    variant = graphene.Field(
        "shops.graphql.types.ProductVariant", description="An updated product variant instance."
    )

    class Arguments:
        id = graphene.ID(description="ID of a product variant to update.")
        input = graphene.List(
            graphene.NonNull(ProductVariantChannelListingAddInput),
            required=True,
            description="List of fields required to create or upgrade product variant channel "
            "listings.",
        )
        sku = graphene.String(description="SKU of a product variant to update.")

    class Meta:
        description = (
            "Sets the variant's price in default-channel (integer VND) and puts it on sale. Sale points "
            "sell at the same price."
        )
        error_type = ProductChannelListingError
        legacy_errors_field = "product_channel_listing_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        variant = variant_of(user, data.get("id"), data.get("sku"))
        listings = data["input"]
        if len(listings) != 1:
            raise field_error(
                "input",
                "Cần đúng một dòng cho default-channel. / Exactly one listing, for "
                "default-channel, is expected.",
                "invalid" if listings else "required",
            )
        listing_input = listings[0]
        default_channel_only(listing_input["channel_id"])
        if listing_input.get("preorder_threshold") is not None:
            raise field_error(
                "preorderThreshold",
                "Chưa hỗ trợ đặt trước. / Preorder is not supported.",
                "invalid",
            )
        price = whole_dong(listing_input["price"], "price")
        prior: Any = listing.KEEP
        if "prior_price" in listing_input:
            prior = (
                None
                if listing_input["prior_price"] is None
                else whole_dong(listing_input["prior_price"], "priorPrice")
            )
        variant = listing.variant_price_set(
            actor=user, variant=variant, price=price, compare_at_price=prior
        )
        return {"variant": variant}
