"""``Collection`` and its connection."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import Image
from marketplace.graphql.connection import CountableConnection
from marketplace.graphql.metadata import ObjectWithMetadata
from shops import models
from shops import selectors as catalogue

from .. import context, resolvers
from ..translations import english
from .common import ContentTranslation, VietnameseContent, thumbnail_args, translation_field
from .product import ProductCountableConnection, product_list_args


class CollectionTranslation(ContentTranslation):
    class Meta:
        interfaces = (graphene.relay.Node,)


class Collection(VietnameseContent, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)
        description = "Represents a collection of products."

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    slug = graphene.String(required=True)
    channel = graphene.String()
    description_json = graphene.JSONString(
        deprecation_reason="Use the `description` field instead."
    )
    products = graphene.Field(ProductCountableConnection, **product_list_args())
    background_image = graphene.Field(Image, **thumbnail_args())
    translation = translation_field(CollectionTranslation)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Collection)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Collection | None:
        return catalogue.collection_list().filter(pk=id).first() if str(id).isdigit() else None

    @staticmethod
    def resolve_channel(root: models.Collection, info: Any) -> str:
        return context.channel_of(info, root).slug

    @staticmethod
    def resolve_products(root: models.Collection, info: Any, **kwargs: Any) -> Any:
        return resolvers.resolve_nested_products(
            info,
            "collection",
            root,
            connection=ProductCountableConnection,
            channel=context.channel_slug_of(info, root),
            **kwargs,
        )

    @staticmethod
    def resolve_background_image(
        root: models.Collection, info: Any, size: int | None = None, format: Any = None
    ) -> Any:
        """The first product image of a manual collection (rule collections have none)."""
        return None

    @staticmethod
    def resolve_translation(root: models.Collection, info: Any, language_code: str) -> Any:
        return english(root, language_code)


class CollectionCountableConnection(CountableConnection):
    class Meta:
        node = Collection
