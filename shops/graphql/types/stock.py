"""``Stock``: a variant's stock at one location, for the staff of its shop."""

from __future__ import annotations

from typing import Any

import graphene

from shops import models

from .. import context
from .warehouse import WAREHOUSE


class Stock(graphene.ObjectType):
    """Stock of a variant at one location. Staff of the variant's shop only."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    warehouse = graphene.Field(WAREHOUSE, required=True)
    product_variant = graphene.Field("shops.graphql.types.variant.ProductVariant", required=True)
    quantity = graphene.Int(required=True)
    quantity_allocated = graphene.Int(required=True)
    quantity_reserved = graphene.Int(required=True)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, models.Stock)

    @classmethod
    def get_node(cls, info: Any, id: str) -> models.Stock | None:
        own = context.member_shop_ids(info)
        return (
            models.Stock.objects.filter(pk=id, shop_id__in=own)
            .select_related("location", "variant")
            .first()
        )

    @staticmethod
    def resolve_warehouse(root: models.Stock, info: Any) -> models.StockLocation:
        return root.location

    @staticmethod
    def resolve_product_variant(root: models.Stock, info: Any) -> models.ProductVariant:
        return root.variant

    @staticmethod
    def resolve_quantity_allocated(root: models.Stock, info: Any) -> int:
        return int(getattr(root, "reserved", 0) or 0)

    @staticmethod
    def resolve_quantity_reserved(root: models.Stock, info: Any) -> int:
        return int(getattr(root, "reserved", 0) or 0)
