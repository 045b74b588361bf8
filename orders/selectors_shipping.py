"""Reads of a shop's shipping configuration for its dashboard, scoped to the shop:
another shop's zone or method is ``NotFound``, exactly like a missing one."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from marketplace.errors import NotFound
from marketplace.models import AdministrativeUnit
from shops.models import Shop

from .models import ShippingMethod, ShippingWeightBand, ShippingZone


def shop_shipping_zones(*, shop: Shop) -> QuerySet[ShippingZone]:
    """The shop's zones with their areas, methods and bands: four prefetches, whatever
    the number of zones and methods."""
    return (
        ShippingZone.objects.filter(shop=shop)
        .order_by("-is_active", "name", "pk")
        .prefetch_related(
            Prefetch("provinces", queryset=AdministrativeUnit.objects.order_by("name")),
            Prefetch("districts", queryset=AdministrativeUnit.objects.order_by("name")),
            Prefetch("methods", queryset=ShippingMethod.objects.order_by("-is_active", "price", "pk")
                     .prefetch_related(Prefetch("bands", queryset=ShippingWeightBand.objects.order_by("max_grams")))),
        )
    )


def access_shipping_zone(*, shop: Shop, zone_id: int) -> ShippingZone:
    zone = ShippingZone.objects.filter(shop=shop, pk=zone_id).select_related("shop").first()
    if zone is None:
        raise NotFound(zone_id)
    return zone


def access_shipping_method(*, shop: Shop, method_id: int) -> ShippingMethod:
    method = ShippingMethod.objects.filter(zone__shop=shop, pk=method_id).select_related("zone__shop").first()
    if method is None:
        raise NotFound(method_id)
    return method


def current_provinces() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(generation="current", level="province").order_by("name")


def former_districts() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(generation="former", level="district").order_by("name")
