"""Producer-side (shop staff) catalogue mutations, stitched into the root schema by
``marketplace/graphql/schema.py``."""

from __future__ import annotations

import graphene

from . import mutations


class StaffMutation(graphene.ObjectType):
    product_create = mutations.ProductCreate.Field()
    product_update = mutations.ProductUpdate.Field()
    product_delete = mutations.ProductDelete.Field()
    product_channel_listing_update = mutations.ProductChannelListingUpdate.Field()
    product_media_create = mutations.ProductMediaCreate.Field()
    product_variant_create = mutations.ProductVariantCreate.Field()
    product_variant_update = mutations.ProductVariantUpdate.Field()
    product_variant_stocks_update = mutations.ProductVariantStocksUpdate.Field()
    product_variant_channel_listing_update = mutations.ProductVariantChannelListingUpdate.Field()
