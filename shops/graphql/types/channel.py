"""``Channel``: the online store or one sale point."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import DEFAULT_COUNTRY, CountryDisplay
from marketplace.graphql.metadata import ObjectWithMetadata
from shops import models
from shops import selectors as catalogue

from .. import context
from .warehouse import WAREHOUSE


class AllocationStrategyEnum(graphene.Enum):
    PRIORITIZE_SORTING_ORDER = "PRIORITIZE_SORTING_ORDER"
    PRIORITIZE_HIGH_STOCK = "PRIORITIZE_HIGH_STOCK"


class StockSettings(graphene.ObjectType):
    allocation_strategy = graphene.Field(AllocationStrategyEnum, required=True)

    @staticmethod
    def resolve_allocation_strategy(root: Any, info: Any) -> str:
        return "PRIORITIZE_SORTING_ORDER"


def _channel_root(info: Any, root: Any) -> catalogue.ChannelInfo:
    """A channel from a ``ChannelInfo`` or a slug string (orders store the slug)."""
    return root if isinstance(root, catalogue.ChannelInfo) else context.channel(info, str(root))


class Channel(graphene.ObjectType):
    """The online store (``default-channel``) or one sale point (``sale-point-<code>``).
    Resolved from a ``ChannelInfo`` or a channel slug."""

    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    currency_code = graphene.String(required=True)
    default_country = graphene.Field(CountryDisplay, required=True)
    warehouses = graphene.NonNull(
        graphene.List(graphene.NonNull(WAREHOUSE)),
        description="Where the channel's goods are: for a sale point its showroom; "
        "for the online store, none listed (each shop ships from its own "
        "warehouse).",
    )
    countries = graphene.List(graphene.NonNull(CountryDisplay))
    stock_settings = graphene.Field(StockSettings, required=True)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, catalogue.ChannelInfo)

    @classmethod
    def get_node(cls, info: Any, id: str) -> catalogue.ChannelInfo | None:
        return catalogue.channel_info(id)

    @staticmethod
    def resolve_id(root: Any, info: Any) -> str:
        return _channel_root(info, root).slug

    @staticmethod
    def resolve_slug(root: Any, info: Any) -> str:
        return _channel_root(info, root).slug

    @staticmethod
    def resolve_name(root: Any, info: Any) -> str:
        return _channel_root(info, root).name

    @staticmethod
    def resolve_is_active(root: Any, info: Any) -> bool:
        return _channel_root(info, root).is_active

    @staticmethod
    def resolve_currency_code(root: Any, info: Any) -> str:
        return "VND"

    @staticmethod
    def resolve_default_country(root: Any, info: Any) -> str:
        return DEFAULT_COUNTRY

    @staticmethod
    def resolve_warehouses(root: Any, info: Any) -> list[models.StockLocation]:
        channel = _channel_root(info, root)
        if channel.location_id is None:
            return []
        return list(models.StockLocation.objects.filter(pk=channel.location_id))

    @staticmethod
    def resolve_countries(root: Any, info: Any) -> list[str]:
        return [DEFAULT_COUNTRY]

    @staticmethod
    def resolve_stock_settings(root: Any, info: Any) -> Any:
        return root
