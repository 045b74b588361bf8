"""The shops app's part of the GraphQL schema (stitched in marketplace/graphql/schema.py):
Saleor's catalogue queries plus the marketplace's shops, districts and product groups."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.connection import connection_args
from marketplace.graphql.enums import slug_language_argument
from marketplace.graphql.ids import key_of, pk_of
from shops import selectors as catalogue
from shops.attributes import ATTRIBUTES

from . import resolvers
from .attributes import ASSIGNED_ATTRIBUTE_TYPES, Attribute
from .filters import (
    CategoryFilterInput,
    CategorySortingInput,
    CategoryWhereInput,
    CollectionFilterInput,
    CollectionSortingInput,
    CollectionWhereInput,
    ProductVariantFilterInput,
    ProductVariantSortingInput,
    ProductVariantWhereInput,
    ShopFilterInput,
)
from .types import (
    AdministrativeUnit,
    Category,
    CategoryCountableConnection,
    Channel,
    Collection,
    CollectionCountableConnection,
    Product,
    ProductCountableConnection,
    ProductGroup,
    ProductType,
    ProductVariant,
    ProductVariantCountableConnection,
    Shop,
    ShopCountableConnection,
    product_list_args,
)

#: Types reachable only through an interface; the root schema lists them (``types=``).
TYPES: list[Any] = [*ASSIGNED_ATTRIBUTE_TYPES]


class CatalogueQuery(graphene.ObjectType):
    # Products, variants, categories and collections (comments, not docstrings: a root
    # class's docstring would be published as a description).

    product = graphene.Field(
        Product,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=slug_language_argument(),
        external_reference=graphene.String(),
        channel=graphene.String(),
        description="Look up a product by ID, slug or external reference.",
    )
    products = graphene.Field(
        ProductCountableConnection,
        channel=graphene.String(),
        **product_list_args(),
        description="List of the shop's products.",
    )
    product_variant = graphene.Field(
        ProductVariant,
        id=graphene.ID(),
        sku=graphene.String(),
        external_reference=graphene.String(),
        channel=graphene.String(),
    )
    product_variants = graphene.Field(
        ProductVariantCountableConnection,
        ids=graphene.List(graphene.NonNull(graphene.ID)),
        channel=graphene.String(),
        filter=graphene.Argument(
            ProductVariantFilterInput, deprecation_reason="Use `where` filter instead."
        ),
        where=graphene.Argument(ProductVariantWhereInput),
        search=graphene.String(),
        sort_by=graphene.Argument(ProductVariantSortingInput),
        **connection_args(),
    )
    product_type = graphene.Field(ProductType, id=graphene.ID(required=True))
    categories = graphene.Field(
        CategoryCountableConnection,
        filter=graphene.Argument(CategoryFilterInput),
        where=graphene.Argument(CategoryWhereInput),
        sort_by=graphene.Argument(CategorySortingInput),
        level=graphene.Int(),
        **connection_args(),
    )
    category = graphene.Field(
        Category,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=slug_language_argument(),
    )
    collections = graphene.Field(
        CollectionCountableConnection,
        filter=graphene.Argument(CollectionFilterInput),
        where=graphene.Argument(CollectionWhereInput),
        sort_by=graphene.Argument(CollectionSortingInput),
        channel=graphene.String(),
        **connection_args(),
    )
    collection = graphene.Field(
        Collection,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=slug_language_argument(),
        channel=graphene.String(),
    )

    @staticmethod
    def resolve_product(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_product(info, **kwargs)

    @staticmethod
    def resolve_products(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_product_list(info, connection=ProductCountableConnection, **kwargs)

    @staticmethod
    def resolve_product_variant(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_product_variant(info, **kwargs)

    @staticmethod
    def resolve_product_variants(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_product_variants(
            info, connection=ProductVariantCountableConnection, **kwargs
        )

    @staticmethod
    def resolve_product_type(root: Any, info: Any, id: str) -> Any:
        pk = pk_of(id, "ProductType")
        return ProductType.get_node(info, str(pk)) if pk is not None else None

    @staticmethod
    def resolve_categories(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_categories(info, connection=CategoryCountableConnection, **kwargs)

    @staticmethod
    def resolve_category(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_category(info, **kwargs)

    @staticmethod
    def resolve_collections(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_collections(
            info, connection=CollectionCountableConnection, **kwargs
        )

    @staticmethod
    def resolve_collection(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_collection(info, **kwargs)


class Query(graphene.ObjectType):
    # Channels, attributes, shops, districts and product groups: after CatalogueQuery, the
    # storefront's menus and the CMS pages in the root schema's field order.

    channel = graphene.Field(Channel, id=graphene.ID(), slug=graphene.String())
    channels = graphene.List(graphene.NonNull(Channel))
    attribute = graphene.Field(
        Attribute, id=graphene.ID(), slug=graphene.String(), external_reference=graphene.String()
    )
    shop = graphene.Field(
        graphene.NonNull(Shop),
        slug=graphene.String(
            description="A producer's shop (marketplace extension); without it, the marketplace's settings."
        ),
        description="Return information about the shop.",
    )
    shops = graphene.Field(
        ShopCountableConnection,
        filter=graphene.Argument(ShopFilterInput),
        **connection_args(),
        description="Producer shops. Marketplace extension.",
    )
    districts = graphene.NonNull(
        graphene.List(graphene.NonNull(AdministrativeUnit)),
        description="Quảng Bình's former districts with product and shop counts. "
        "Marketplace extension.",
    )
    product_groups = graphene.NonNull(
        graphene.List(graphene.NonNull(ProductGroup)),
        description="OCOP product groups (Decision 148/2023) with product counts. "
        "Marketplace extension.",
    )

    @staticmethod
    def resolve_channel(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_channel(info, **kwargs)

    @staticmethod
    def resolve_channels(root: Any, info: Any) -> Any:
        return catalogue.channel_list()

    @staticmethod
    def resolve_attribute(
        root: Any,
        info: Any,
        id: str | None = None,
        slug: str | None = None,
        external_reference: str | None = None,
    ) -> Any:
        key = key_of(id, "Attribute") if id is not None else slug
        return ATTRIBUTES.get(key or "")

    @staticmethod
    def resolve_shop(root: Any, info: Any, slug: str | None = None) -> Any:
        return resolvers.resolve_shop(info, slug=slug)

    @staticmethod
    def resolve_shops(root: Any, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_shops(info, connection=ShopCountableConnection, **kwargs)

    @staticmethod
    def resolve_districts(root: Any, info: Any) -> Any:
        return catalogue.district_list()

    @staticmethod
    def resolve_product_groups(root: Any, info: Any) -> Any:
        return catalogue.product_group_list()


class Mutation(graphene.ObjectType):
    pass
