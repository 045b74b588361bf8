"""Saleor's filter and sort inputs of ``menus``."""

from __future__ import annotations

import graphene

from marketplace.graphql.common import OrderDirection
from shops.graphql.filters import (
    MetadataFilter,
)


class MenuFilterInput(graphene.InputObjectType):
    search = graphene.String()
    slug = graphene.List(graphene.NonNull(graphene.String))
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class MenuSortField(graphene.Enum):
    NAME = "NAME"
    ITEMS_COUNT = "ITEMS_COUNT"


class MenuSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(MenuSortField, required=True)
