"""The shops app's reads, scoped to the acting user, one module per use case:

- ``dashboard``: the producer dashboard (their shops, products, variants, media);
- ``stock``: locations, stock rows, movements, reservations;
- ``ratings``: a product's current OCOP rating;
- ``channels``: sales channels and who sees which products;
- ``prefetch``: loading pages of products with what a storefront shows;
- ``pricing``: prices and availability in a channel;
- ``categories``: the category tree and collections;
- ``products``: public product lists (filters, sorts, text search);
- ``product_pages``: the first page of many parents' product lists at once;
- ``directory``: public shops, districts and product groups;
- ``members``: a shop's members with their roles and powers.

The package exports every public name of its modules."""

from .categories import (
    CategoryTree,
    category_product_counts,
    collection_has,
    collection_list,
    manual_collection_ids,
)
from .channels import (
    DEFAULT,
    DEFAULT_CHANNEL,
    SALE_POINT_PREFIX,
    ChannelInfo,
    channel_info,
    channel_list,
    member_shop_ids,
    public_products,
    viewer_products,
    viewer_variants,
)
from .dashboard import (
    DashboardProductAnnotations,
    access_media,
    access_product,
    access_shop,
    access_variant,
    dashboard_product_list,
    shop_membership_role,
    shop_variants,
    shops_for_user,
)
from .directory import (
    CURRENT_CRITERIA,
    ShopListFilters,
    certificates_by_shop,
    district_list,
    product_group_list,
    public_shop,
    public_shops,
    shop_certificates,
    shop_list,
)
from .members import access_shop_member, shop_member_list
from .prefetch import (
    product_certificate,
    product_media,
    product_variants,
    products_in_order,
    stock_queryset,
    variant_prefetch_queryset,
    variant_stocks,
    with_listing_data,
    with_storefront_data,
    with_variant_data,
)
from .pricing import (
    ProductPricing,
    VariantPrice,
    product_in_stock,
    product_is_sellable,
    product_pricing,
    variant_in_channel,
    variant_price,
    variant_quantity_available,
)
from .product_pages import (
    ProductPage,
    category_product_pages,
    collection_product_pages,
    shop_product_pages,
)
from .products import SEARCH_CANDIDATES, SearchWindow, nested_filters, product_list
from .ratings import ocop_rating_annotations, product_current_certificate
from .stock import (
    access_location,
    active_reservations,
    reserved_quantity,
    sale_points,
    shop_locations,
    shop_stock_list,
    stock_movements_for_shop,
    stock_reserved_quantity,
    variant_available_quantity,
)

__all__ = [
    "CURRENT_CRITERIA",
    "CategoryTree",
    "ChannelInfo",
    "DEFAULT",
    "DEFAULT_CHANNEL",
    "DashboardProductAnnotations",
    "ProductPage",
    "ProductPricing",
    "SALE_POINT_PREFIX",
    "SEARCH_CANDIDATES",
    "SearchWindow",
    "ShopListFilters",
    "VariantPrice",
    "access_location",
    "access_media",
    "access_product",
    "access_shop",
    "access_shop_member",
    "access_variant",
    "active_reservations",
    "category_product_counts",
    "category_product_pages",
    "certificates_by_shop",
    "channel_info",
    "channel_list",
    "collection_has",
    "collection_list",
    "collection_product_pages",
    "dashboard_product_list",
    "district_list",
    "manual_collection_ids",
    "member_shop_ids",
    "nested_filters",
    "ocop_rating_annotations",
    "product_certificate",
    "product_current_certificate",
    "product_group_list",
    "product_in_stock",
    "product_is_sellable",
    "product_list",
    "product_media",
    "product_pricing",
    "product_variants",
    "products_in_order",
    "public_products",
    "public_shop",
    "public_shops",
    "reserved_quantity",
    "sale_points",
    "shop_certificates",
    "shop_list",
    "shop_locations",
    "shop_member_list",
    "shop_membership_role",
    "shop_product_pages",
    "shop_stock_list",
    "shop_variants",
    "shops_for_user",
    "stock_movements_for_shop",
    "stock_queryset",
    "stock_reserved_quantity",
    "variant_available_quantity",
    "variant_in_channel",
    "variant_prefetch_queryset",
    "variant_price",
    "variant_quantity_available",
    "variant_stocks",
    "viewer_products",
    "viewer_variants",
    "with_listing_data",
    "with_storefront_data",
    "with_variant_data",
]
