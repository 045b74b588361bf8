"""Producer-side (shop staff) catalogue operations in Saleor's shape: ``productCreate``,
``productUpdate``, ``productDelete``, ``productVariantCreate``, ``productVariantUpdate``,
``productVariantStocksUpdate``, ``productVariantChannelListingUpdate``,
``productChannelListingUpdate`` and ``productMediaCreate`` (multipart upload).

Only a member of a shop (``ShopMembership``) may call them — anyone else gets Saleor's
top-level permission error — and every id is looked up inside the viewer's own shops,
so another shop's product is ``NOT_FOUND`` exactly like a missing one. Each mutation
cleans its input into our fields (``*_input`` modules: how Saleor's inputs map onto ours)
and calls one service of ``shops.services``. A new variant stays off sale at 0 đ until
``productVariantChannelListingUpdate`` gives it a price in ``default-channel``.

One mutation per module (``product_create`` …), the input cleaning they share in
``*_input`` modules, the lookups in ``lookups``."""

from .product_channel_listing_update import ProductChannelListingUpdate
from .product_create import ProductCreate
from .product_delete import ProductDelete
from .product_media_create import ProductMediaCreate
from .product_update import ProductUpdate
from .product_variant_channel_listing_update import ProductVariantChannelListingUpdate
from .product_variant_create import ProductVariantCreate
from .product_variant_stocks_update import ProductVariantStocksUpdate
from .product_variant_update import ProductVariantUpdate

__all__ = [
    "ProductChannelListingUpdate",
    "ProductCreate",
    "ProductDelete",
    "ProductMediaCreate",
    "ProductUpdate",
    "ProductVariantChannelListingUpdate",
    "ProductVariantCreate",
    "ProductVariantStocksUpdate",
    "ProductVariantUpdate",
]
