"""Saleor's ``Warehouse`` over ``shops.models.StockLocation``: a shop's warehouse, or a
sale point (a collection point where buyers pick up). The catalogue's stock and
collection-point fields refer to it by name (``orders.graphql.types.warehouse.Warehouse``)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.permissions import is_ocop_office
from orders.selectors import orders as orders_selectors
from shops.models import StockLocation

from .. import enums
from .address import Address, PlainAddress
from .base import NODE_META, viewer


def location_address(location: StockLocation) -> PlainAddress:
    """A stock location's address: its sale point's, or its shop's for a warehouse."""
    point = location.sale_point
    if point is not None:
        district = point.district.full_name if point.district_id else ""  # type: ignore[union-attr]
        return PlainAddress(
            key=f"sale-point-{point.pk}",
            name=point.name,
            street=point.address,
            city=district,
            area="",
            phone=point.phone,
        )
    shop = location.shop
    return PlainAddress(
        key=f"warehouse-{location.pk}",
        name=location.name,
        street=getattr(shop, "address", ""),
        city="",
        area="",
        phone=getattr(shop, "phone", ""),
    )


class Warehouse(graphene.ObjectType):
    """A place holding stock: a shop's warehouse, or a sale point (a collection point
    where buyers pick up; ``clickAndCollectOption`` LOCAL)."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, StockLocation)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)
    address = graphene.Field(Address, required=True)
    company_name = graphene.String(
        required=True, deprecation_reason="Use `Address.companyName` instead."
    )
    click_and_collect_option = graphene.Field(
        enums.WarehouseClickAndCollectOptionEnum, required=True
    )
    external_reference = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> StockLocation | None:
        if not str(id).isdigit():
            return None
        location = (
            StockLocation.objects.select_related("sale_point__district", "shop")
            .filter(pk=int(id))
            .first()
        )
        if location is None or location.kind == StockLocation.Kind.SALE_POINT:
            return location
        user = viewer(info)
        if is_ocop_office(user) or location.shop_id in orders_selectors.viewer_shop_ids(
            user, info.context
        ):
            return location
        return None

    @staticmethod
    def resolve_id(root: StockLocation, info: Any) -> int:
        return root.pk

    @staticmethod
    def resolve_name(root: StockLocation, info: Any) -> str:
        return root.sale_point.name if root.sale_point_id else root.name  # type: ignore[union-attr]

    @staticmethod
    def resolve_slug(root: StockLocation, info: Any) -> str:
        return root.sale_point.channel_slug if root.sale_point_id else f"warehouse-{root.pk}"  # type: ignore[union-attr]

    @staticmethod
    def resolve_email(root: StockLocation, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_is_private(root: StockLocation, info: Any) -> bool:
        return root.kind != StockLocation.Kind.SALE_POINT

    @staticmethod
    def resolve_address(root: StockLocation, info: Any) -> PlainAddress:
        return location_address(root)

    @staticmethod
    def resolve_company_name(root: StockLocation, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_click_and_collect_option(root: StockLocation, info: Any) -> str:
        return "LOCAL" if root.kind == StockLocation.Kind.SALE_POINT else "DISABLED"

    @staticmethod
    def resolve_external_reference(root: StockLocation, info: Any) -> str | None:
        return None
