"""Saleor's CMS pages. We publish none: ``page`` is always null and ``pages`` empty, and
``MenuItem.page`` is null. The types exist because Saleor's storefront documents select
them (and page-reference attributes name them)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import OrderDirection
from marketplace.graphql.connection import CountableConnection, connection_args, paginate
from marketplace.graphql.enums import LanguageCodeEnum, slug_language_argument
from marketplace.graphql.metadata import ObjectWithMetadata

from .attributes import Attribute, ObjectWithAttributes, SelectedAttribute
from .filters import (
    AssignedAttributeWhereInput,
    GlobalIDFilterInput,
    MetadataFilter,
    MetadataFilterInput,
    StringFilterInput,
)
from .translations import LanguageDisplayMixin


class PageTranslation(LanguageDisplayMixin, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    title = graphene.String()
    content = graphene.JSONString()
    content_json = graphene.JSONString(deprecation_reason="Use the `content` field instead.")


class PageType(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    attributes = graphene.List(graphene.NonNull(Attribute))
    has_pages = graphene.Boolean()

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None


class Page(graphene.ObjectType):
    """Saleor's CMS page. We publish none (see the module docstring)."""

    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata, ObjectWithAttributes)

    seo_title = graphene.String()
    seo_description = graphene.String()
    title = graphene.String(required=True)
    content = graphene.JSONString()
    publication_date = graphene.Date(
        deprecation_reason="Use the `publishedAt` field to fetch the publication date."
    )
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    slug = graphene.String(required=True)
    page_type = graphene.Field(PageType, required=True)
    created = graphene.DateTime(required=True)
    content_json = graphene.JSONString(
        required=True, deprecation_reason="Use the `content` field instead."
    )
    translation = graphene.Field(
        PageTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )
    attribute = graphene.Field(
        SelectedAttribute,
        slug=graphene.String(required=True),
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
    attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(SelectedAttribute)),
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None


class PageCountableConnection(CountableConnection):
    class Meta:
        node = Page


class PageSortField(graphene.Enum):
    TITLE = "TITLE"
    SLUG = "SLUG"
    VISIBILITY = "VISIBILITY"
    CREATION_DATE = "CREATION_DATE"
    PUBLICATION_DATE = "PUBLICATION_DATE"
    PUBLISHED_AT = "PUBLISHED_AT"
    CREATED_AT = "CREATED_AT"
    RANK = "RANK"


class PageSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(PageSortField, required=True)


class PageFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    page_types = graphene.List(graphene.NonNull(graphene.ID))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class PageWhereInput(graphene.InputObjectType):
    metadata = graphene.Field(MetadataFilterInput)
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.Field(StringFilterInput)
    page_type = graphene.Field(GlobalIDFilterInput)
    attributes = graphene.List(graphene.NonNull(AssignedAttributeWhereInput))
    AND = graphene.List(graphene.NonNull(lambda: PageWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: PageWhereInput))


class Query(graphene.ObjectType):
    page = graphene.Field(
        Page,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=slug_language_argument(),
        channel=graphene.String(),
        description="A CMS page (we publish none: always null).",
    )
    pages = graphene.Field(
        PageCountableConnection,
        sort_by=graphene.Argument(PageSortingInput),
        filter=graphene.Argument(PageFilterInput, deprecation_reason="Use `where` filter instead."),
        search=graphene.String(),
        where=graphene.Argument(PageWhereInput),
        channel=graphene.String(),
        **connection_args(),
        description="CMS pages (we publish none: always empty).",
    )

    @staticmethod
    def resolve_page(root: Any, info: Any, **kwargs: Any) -> None:
        return None

    @staticmethod
    def resolve_pages(
        root: Any,
        info: Any,
        sort_by: Any = None,
        filter: Any = None,
        search: Any = None,
        where: Any = None,
        channel: Any = None,
        **page: Any,
    ) -> Any:
        return paginate([], PageCountableConnection, "pages", **page)
