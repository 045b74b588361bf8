"""Marketplace extensions: OCOP certificates, product groups, administrative units
and a product's origin."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.models import AdministrativeUnit as AdministrativeUnitModel
from marketplace.models import OcopCertificate
from marketplace.models import ProductGroup as ProductGroupModel
from shops import models


class OcopIssuingLevel(graphene.Enum):
    """Who recognised an OCOP rating (marketplace extension)."""

    DISTRICT = "district"
    PROVINCE = "province"
    NATIONAL = "national"


class ProductGroup(graphene.ObjectType):
    """An OCOP product group of Decision 148/QĐ-TTg (2023) (marketplace extension)."""

    id = graphene.ID(required=True)
    code = graphene.String(required=True)
    name = graphene.String(required=True, description="Vietnamese name.")
    name_en = graphene.String(required=True, description="English name.")
    criteria_version = graphene.String(required=True)
    product_count = graphene.Int(description="Published products in the group (lists only).")

    @staticmethod
    def resolve_id(root: ProductGroupModel, info: Any) -> str:
        return graphene.relay.Node.to_global_id("ProductGroup", root.pk)

    @staticmethod
    def resolve_name(root: ProductGroupModel, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_product_count(root: ProductGroupModel, info: Any) -> int | None:
        return getattr(root, "product_count", None)


class AdministrativeUnit(graphene.ObjectType):
    """A former district or a commune (marketplace extension)."""

    id = graphene.ID(required=True)
    code = graphene.String(required=True, description="Official code.")
    name = graphene.String(required=True)
    full_name = graphene.String(required=True)
    slug = graphene.String(required=True)
    level = graphene.String(required=True, description="district | commune | province")
    product_count = graphene.Int(
        description="Published products from the unit (``districts`` only)."
    )
    shop_count = graphene.Int(description="Active shops in the unit (``districts`` only).")

    @staticmethod
    def resolve_id(root: AdministrativeUnitModel, info: Any) -> str:
        return graphene.relay.Node.to_global_id("AdministrativeUnit", root.pk)

    @staticmethod
    def resolve_product_count(root: AdministrativeUnitModel, info: Any) -> int | None:
        return getattr(root, "product_count", None)

    @staticmethod
    def resolve_shop_count(root: AdministrativeUnitModel, info: Any) -> int | None:
        return getattr(root, "shop_count", None)


class OcopInfo(graphene.ObjectType):
    """An OCOP star certificate in force (marketplace extension)."""

    stars = graphene.Int(required=True)
    score = graphene.Int(required=True)
    certificate_number = graphene.String(required=True, description="Decision number.")
    decision_date = graphene.Date(required=True)
    valid_until = graphene.Date(required=True)
    issuing_level = graphene.Field(OcopIssuingLevel, required=True)
    issuing_body = graphene.String(required=True)
    product_group = graphene.Field(ProductGroup, required=True)
    product_name = graphene.String(required=True, description="The product name on the decision.")
    criteria_version = graphene.String(required=True)

    @staticmethod
    def resolve_certificate_number(root: OcopCertificate, info: Any) -> str:
        return root.decision_number


class ProductOrigin(graphene.ObjectType):
    """Where a product is made: its commune and the former district (marketplace extension)."""

    district = graphene.Field(AdministrativeUnit, required=True)
    commune = graphene.Field(AdministrativeUnit, required=True)

    @staticmethod
    def resolve_district(root: models.Product, info: Any) -> AdministrativeUnitModel:
        return root.origin_district

    @staticmethod
    def resolve_commune(root: models.Product, info: Any) -> AdministrativeUnitModel:
        return root.origin_commune
