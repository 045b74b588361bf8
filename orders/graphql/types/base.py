"""What the orders app's GraphQL types share: their interfaces, the string references to
other apps' types, the viewer, a per-request store and the catalogue's channel."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.metadata import ObjectWithMetadata
from shops.graphql.context import channel, in_channel

NODE = (graphene.relay.Node,)
NODE_META = (graphene.relay.Node, ObjectWithMetadata)
VARIANT = "shops.graphql.types.ProductVariant"
SHOP = "shops.graphql.types.Shop"
CHANNEL = "shops.graphql.types.Channel"
USER = "marketplace.graphql.account.types.User"


def language_enum(code: str | None) -> str:
    """``LanguageCodeEnum`` name of a stored language code (Vietnamese by default)."""
    code = (code or "vi").upper().replace("-", "_")
    return code if code in {"VI", "EN"} or code.startswith(("VI_", "EN_")) else "VI"


def viewer(info: Any) -> Any:
    return getattr(info.context, "user", None)


def request_cache(info: Any) -> dict[str, Any]:
    """This app's per-request store on ``info.context`` (the request): what one response
    works out once, e.g. which part of an order the viewer sees."""
    context = info.context
    store = getattr(context, "_orders_graphql", None)
    if store is None:
        store = {}
        context._orders_graphql = store
    return store


def channel_root(info: Any, slug: str) -> Any:
    """The catalogue's ``Channel`` root (a ``ChannelInfo``, cached per request)."""
    return channel(info, slug)


def variant_in_channel(info: Any, variant: Any, slug: str) -> Any:
    """A variant as the catalogue's ``ProductVariant`` sold in channel ``slug`` (drives its
    pricing and availability; noted on the request, not on the instance)."""
    return in_channel(info, variant, slug)


def coverage_status(covered: int, total: int, *, over: bool) -> str:
    """Saleor's authorize/charge status of ``covered`` out of ``total``."""
    if over and covered > total:
        return "OVERCHARGED"
    if covered >= total:
        return "FULL"
    return "PARTIAL" if covered > 0 else "NONE"
