"""``Category`` and its connection."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import Image
from marketplace.graphql.connection import CountableConnection, connection_args, paginate
from marketplace.graphql.metadata import ObjectWithMetadata
from shops import models

from .. import context, resolvers
from ..translations import english
from .common import ContentTranslation, VietnameseContent, thumbnail_args, translation_field
from .product import ProductCountableConnection, product_list_args


class CategoryTranslation(ContentTranslation):
    class Meta:
        interfaces = (graphene.relay.Node,)


class Category(VietnameseContent, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)
        description = "Represents a single category of products."

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    slug = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)
    level = graphene.Int(required=True)
    description_json = graphene.JSONString(
        deprecation_reason="Use the `description` field instead."
    )
    updated_at = graphene.DateTime(required=True)
    ancestors = graphene.Field(lambda: CategoryCountableConnection, **connection_args())
    products = graphene.Field(
        ProductCountableConnection, channel=graphene.String(), **product_list_args()
    )
    children = graphene.Field(lambda: CategoryCountableConnection, **connection_args())
    background_image = graphene.Field(Image, **thumbnail_args())
    translation = translation_field(CategoryTranslation)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Category)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Category | None:
        return context.category_tree(info).by_id.get(int(id)) if str(id).isdigit() else None

    @staticmethod
    def resolve_parent(root: models.Category, info: Any) -> models.Category | None:
        return context.category_tree(info).by_id.get(root.parent_id) if root.parent_id else None

    @staticmethod
    def resolve_level(root: models.Category, info: Any) -> int:
        return context.category_tree(info).level(root)

    @staticmethod
    def resolve_ancestors(root: models.Category, info: Any, **kwargs: Any) -> Any:
        connection = paginate(
            context.category_tree(info).ancestors(root),
            CategoryCountableConnection,
            "ancestors",
            **kwargs,
        )
        context.expect(info, "category", [edge.node for edge in connection.edges])
        return connection

    @staticmethod
    def resolve_children(root: models.Category, info: Any, **kwargs: Any) -> Any:
        tree = context.category_tree(info)
        # the children of every category of the response so far (in memory): the next level's
        # nested lists are loaded for all of them at once, not per parent (depth-first execution)
        context.expect(
            info,
            "category",
            [
                child
                for pk in (*context.expected(info, "category"), root.pk)
                for child in tree.children.get(pk, [])
            ],
        )
        return paginate(
            tree.children.get(root.pk, []), CategoryCountableConnection, "children", **kwargs
        )

    @staticmethod
    def resolve_products(
        root: models.Category, info: Any, channel: str | None = None, **kwargs: Any
    ) -> Any:
        return resolvers.resolve_nested_products(
            info, "category", root, connection=ProductCountableConnection, channel=channel, **kwargs
        )

    @staticmethod
    def resolve_background_image(root: models.Category, info: Any, **_: Any) -> None:
        return None

    @staticmethod
    def resolve_translation(root: models.Category, info: Any, language_code: str) -> Any:
        return english(root, language_code)


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = Category
