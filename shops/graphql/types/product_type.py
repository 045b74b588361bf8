"""Saleor's ``ProductType``: our OCOP product groups."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import Weight
from marketplace.graphql.metadata import ObjectWithMetadata
from marketplace.models import ProductGroup as ProductGroupModel
from shops.attributes import ATTRIBUTES

from ..attributes import Attribute


class ProductTypeKindEnum(graphene.Enum):
    NORMAL = "NORMAL"
    GIFT_CARD = "GIFT_CARD"


class ProductType(graphene.ObjectType):
    """Our product types are the OCOP product groups."""

    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True, deprecation_reason="Field no longer supported")
    is_shipping_required = graphene.Boolean(required=True)
    weight = graphene.Field(Weight)
    kind = graphene.Field(ProductTypeKindEnum, required=True)
    product_attributes = graphene.List(graphene.NonNull(Attribute))

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, ProductGroupModel)

    @classmethod
    def get_node(cls, info: Any, id: str) -> ProductGroupModel | None:
        return ProductGroupModel.objects.filter(pk=id).first()

    @staticmethod
    def resolve_name(root: ProductGroupModel, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_slug(root: ProductGroupModel, info: Any) -> str:
        return root.code

    @staticmethod
    def resolve_has_variants(root: ProductGroupModel, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_is_shipping_required(root: ProductGroupModel, info: Any) -> bool:
        return root.code != "du-lich"  # community tourism services are not shipped

    @staticmethod
    def resolve_weight(root: ProductGroupModel, info: Any) -> None:
        return None

    @staticmethod
    def resolve_kind(root: ProductGroupModel, info: Any) -> str:
        return "NORMAL"

    @staticmethod
    def resolve_product_attributes(root: ProductGroupModel, info: Any) -> list[Any]:
        return [a for a in ATTRIBUTES.values() if not a.variant_selection]
