"""Saleor's ``Warehouse`` as the catalogue sees it: the checkout part's type when it
defines one, a stand-in over a stock location otherwise."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.metadata import ObjectWithMetadata
from shops import models


def _warehouse_type() -> Any:
    import importlib

    try:
        module = importlib.import_module("orders.graphql.types")
    except ImportError:
        module = None
    return getattr(module, "Warehouse", None) or _WarehouseFallback


class _WarehouseFallback(graphene.ObjectType):
    """Saleor's ``Warehouse`` (stand-in until the checkout part defines it): a stock location."""

    class Meta:
        name = "Warehouse"
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None

    @staticmethod
    def resolve_slug(root: models.StockLocation, info: Any) -> str:
        return f"location-{root.pk}"

    @staticmethod
    def resolve_email(root: models.StockLocation, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_is_private(root: models.StockLocation, info: Any) -> bool:
        return root.kind == models.StockLocation.Kind.WAREHOUSE
