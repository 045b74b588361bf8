"""The catalogue in Saleor's shape: ``Product``, ``ProductVariant``, ``ProductMedia``,
``Category``, ``Collection``, ``Channel``, ``Shop`` … plus our extensions (``Product.shop``,
``Product.ocop``, ``Product.origin``, the producer ``Shop`` fields, ``OcopInfo``,
``AdministrativeUnit``, ``ProductGroup``), one module per domain.

Objects are model instances loaded by ``shops.selectors`` (prefetched for
lists); the channel a product or variant was loaded in (noted on the request by
``context.in_channel``) drives its pricing and stock. Resolvers read prefetched data and fall back to a
query only for objects loaded one by one (e.g. a checkout line's variant).

Other apps name these types lazily (``"shops.graphql.types.ProductVariant"``), so the
package exports them."""

from .category import Category, CategoryCountableConnection, CategoryTranslation
from .channel import Channel
from .collection import Collection, CollectionCountableConnection, CollectionTranslation
from .media import ProductMedia
from .ocop import AdministrativeUnit, OcopInfo, ProductGroup
from .product import Product, ProductCountableConnection, product_list_args
from .product_type import ProductType
from .shop import Shop, ShopCountableConnection
from .stock import Stock
from .variant import ProductVariant, ProductVariantCountableConnection

__all__ = [
    "AdministrativeUnit",
    "Category",
    "CategoryCountableConnection",
    "CategoryTranslation",
    "Channel",
    "Collection",
    "CollectionCountableConnection",
    "CollectionTranslation",
    "OcopInfo",
    "Product",
    "ProductCountableConnection",
    "ProductGroup",
    "ProductMedia",
    "ProductType",
    "ProductVariant",
    "ProductVariantCountableConnection",
    "Shop",
    "ShopCountableConnection",
    "Stock",
    "product_list_args",
]
