"""Shipping reads: what a parcel costs and which methods and pickup points serve an
address (checkout, cart, GraphQL), and a shop's shipping configuration for its dashboard,
scoped to the shop (another shop's zone or method is ``NotFound``, exactly like a missing
one). The writes are in ``orders.services.shipping``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from marketplace.errors import NotFound
from marketplace.models import AdministrativeUnit
from shops.models import SalePoint, Shop, Stock, StockLocation
from shops.selectors import reserved_quantity

from ..models import Address, ShippingMethod, ShippingWeightBand, ShippingZone


def shop_shipping_zones(*, shop: Shop) -> QuerySet[ShippingZone]:
    """The shop's zones with their areas, methods and bands: four prefetches, whatever
    the number of zones and methods."""
    return (
        ShippingZone.objects.filter(shop=shop)
        .order_by("-is_active", "name", "pk")
        .prefetch_related(
            Prefetch("provinces", queryset=AdministrativeUnit.objects.order_by("name")),
            Prefetch("districts", queryset=AdministrativeUnit.objects.order_by("name")),
            Prefetch(
                "methods",
                queryset=ShippingMethod.objects.order_by(
                    "-is_active", "price", "pk"
                ).prefetch_related(
                    Prefetch("bands", queryset=ShippingWeightBand.objects.order_by("max_grams"))
                ),
            ),
        )
    )


def access_shipping_zone(*, shop: Shop, zone_id: int) -> ShippingZone:
    zone = ShippingZone.objects.filter(shop=shop, pk=zone_id).select_related("shop").first()
    if zone is None:
        raise NotFound(zone_id)
    return zone


def access_shipping_method(*, shop: Shop, method_id: int) -> ShippingMethod:
    method = (
        ShippingMethod.objects.filter(zone__shop=shop, pk=method_id)
        .select_related("zone__shop")
        .first()
    )
    if method is None:
        raise NotFound(method_id)
    return method


def current_provinces() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(generation="current", level="province").order_by(
        "name"
    )


def former_districts() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(generation="former", level="district").order_by("name")


# --- Quotes: fees, methods and pickup points for a checkout --------------------------------

ZoneProvince = ShippingZone.provinces.through
ZoneDistrict = ShippingZone.districts.through


@dataclass
class Parcel:
    """What one shop ships in a checkout: the lines' value and total shipping weight."""

    subtotal: int  # VND
    weight_grams: int


@dataclass(frozen=True)
class ShippingOption:
    """A method the buyer may choose for one shop, priced for that shop's parcel."""

    method_id: int
    name_vi: str
    name_en: str
    price: int  # VND, after the free-above rule and weight bands
    min_days: int
    max_days: int


# --- Fees ------------------------------------------------------------------------------


def _method_price(
    method: ShippingMethod, bands: Sequence[ShippingWeightBand], parcel: Parcel
) -> int | None:
    """The fee of ``method`` for ``parcel``; ``None`` when the method cannot carry it (a
    weight method without bands, or a parcel heavier than its largest band)."""
    if method.kind == ShippingMethod.Kind.WEIGHT:
        fitting = [band for band in bands if band.max_grams >= parcel.weight_grams]
        if not fitting:
            return None
        price = min(fitting, key=lambda band: band.max_grams).price
    else:
        price = method.price
    if method.free_above is not None and parcel.subtotal >= method.free_above:
        return 0
    return int(price)


# --- Zone resolution -------------------------------------------------------------------


def _matching_zones(shop_ids: Sequence[int], address: Address) -> list[Any]:
    """Active zones of ``shop_ids`` that cover ``address``, each annotated with
    ``in_district``/``in_province``, in one query."""
    in_district: Any = Value(False, output_field=BooleanField())
    if address.district_id:
        in_district = Exists(
            ZoneDistrict.objects.filter(
                shippingzone_id=OuterRef("pk"), administrativeunit_id=address.district_id
            )
        )
    in_province = Exists(
        ZoneProvince.objects.filter(
            shippingzone_id=OuterRef("pk"), administrativeunit_id=address.province_id
        )
    )
    return list(
        ShippingZone.objects.filter(shop_id__in=shop_ids, is_active=True)
        .annotate(
            in_district=in_district,
            in_province=in_province,
            has_provinces=Exists(ZoneProvince.objects.filter(shippingzone_id=OuterRef("pk"))),
            has_districts=Exists(ZoneDistrict.objects.filter(shippingzone_id=OuterRef("pk"))),
        )
        .filter(
            Q(in_district=True) | Q(in_province=True) | Q(has_provinces=False, has_districts=False)
        )
        .order_by("pk")
    )


def _most_specific(zones: Iterable[Any]) -> dict[int, ShippingZone]:
    """Per shop, the zone listing the former district, else the province, else the
    shop's rest-of-Vietnam zone (ties, which validation prevents, go to the oldest)."""
    best: dict[int, tuple[int, ShippingZone]] = {}
    for zone in zones:
        rank = 0 if zone.in_district else 1 if zone.in_province else 2
        current = best.get(zone.shop_id)
        if current is None or rank < current[0]:
            best[zone.shop_id] = (rank, zone)
    return {shop_id: zone for shop_id, (_rank, zone) in best.items()}


def _shop_id(shop: Shop | int) -> int:
    return shop.pk if isinstance(shop, Shop) else int(shop)


def shipping_zone_for(shop_id: int, address: Address | None) -> ShippingZone | None:
    """The shop's zone for ``address``: the most specific active zone (former district,
    then province, then a zone with neither: the rest of Vietnam); ``None`` when the
    shop does not ship there or there is no address."""
    if address is None:
        return None
    return _most_specific(_matching_zones([shop_id], address)).get(shop_id)


def shipping_options(
    *,
    shops: Iterable[Shop | int],
    address: Address | None,
    parcels: dict[int, Parcel],
) -> dict[int, list[ShippingOption]]:
    """Shipping options per shop id for one checkout, cheapest first. Every shop in
    ``shops`` gets a key (an empty list: it does not ship to the address, or there is no
    address yet). ``parcels`` must hold a parcel for every shop. Three queries at most
    (zones, methods, bands), whatever the number of shops."""
    shop_ids = list(dict.fromkeys(_shop_id(shop) for shop in shops))
    missing = [shop_id for shop_id in shop_ids if shop_id not in parcels]
    if missing:
        raise ValueError(f"No parcel for shops {missing}")
    result: dict[int, list[ShippingOption]] = {shop_id: [] for shop_id in shop_ids}
    if address is None or not shop_ids:
        return result
    zones = _most_specific(_matching_zones(shop_ids, address))
    if not zones:
        return result
    shop_of_zone = {zone.pk: shop_id for shop_id, zone in zones.items()}
    methods = ShippingMethod.objects.filter(
        zone_id__in=shop_of_zone, is_active=True
    ).prefetch_related(Prefetch("bands", queryset=ShippingWeightBand.objects.order_by("max_grams")))
    for method in methods:
        shop_id = shop_of_zone[method.zone_id]
        price = _method_price(method, list(method.bands.all()), parcels[shop_id])
        if price is None:
            continue
        result[shop_id].append(
            ShippingOption(
                method_id=method.pk,
                name_vi=method.name_vi,
                name_en=method.name_en,
                price=price,
                min_days=method.min_days,
                max_days=method.max_days,
            )
        )
    for options in result.values():
        options.sort(
            key=lambda option: (option.price, option.min_days, option.max_days, option.method_id)
        )
    return result


def method_available(method: ShippingMethod, address: Address | None) -> bool:
    """Whether the buyer may still use ``method`` for ``address``: the method is active
    and its zone is the shop's active zone for the address (the one ``shipping_options``
    offers methods from). Pass a freshly loaded method."""
    if address is None or not method.is_active:
        return False
    zone = shipping_zone_for(method.zone.shop_id, address)
    return zone is not None and zone.pk == method.zone_id


def shipping_fee(*, method: ShippingMethod, parcel: Parcel, address: Address | None) -> int | None:
    """The fee (VND) of ``method`` for ``parcel`` delivered to ``address``, or ``None``
    when the method no longer applies (inactive, zone changed or no longer covers the
    address, parcel too heavy). For re-validation at checkout completion; a few queries
    per call: for many shops at once, look the chosen ``method_id`` up in
    ``shipping_options`` instead."""
    if not method_available(method, address):
        return None
    bands = list(ShippingWeightBand.objects.filter(method=method).order_by("max_grams"))
    return _method_price(method, bands, parcel)


# --- Pickup at a sale point --------------------------------------------------------------


def pickup_points(*, shop_id: int, lines: Sequence[tuple[int, int]]) -> list[SalePoint]:
    """Active sale points where every line ``(variant_id, quantity)`` of the shop can be
    picked up: the point's stock of the shop's variant, minus active unexpired
    reservations, covers the quantity. Provincial point first, then by name. One query."""
    needed: dict[int, int] = defaultdict(int)
    for variant_id, quantity in lines:
        if int(quantity) > 0:
            needed[int(variant_id)] += int(quantity)
    if not needed:
        return []
    rows = (
        Stock.objects.filter(
            shop_id=shop_id,
            variant_id__in=needed,
            location__kind=StockLocation.Kind.SALE_POINT,
            location__sale_point__is_active=True,
        )
        .annotate(held=reserved_quantity(timezone.now()))
        .select_related("location__sale_point__district")
    )
    covered: dict[int, int] = defaultdict(int)
    points: dict[int, SalePoint] = {}
    for stock in rows:
        point = stock.location.sale_point
        if point is None or stock.quantity - stock.held < needed[stock.variant_id]:
            continue
        covered[point.pk] += 1
        points[point.pk] = point
    ready = [points[pk] for pk, count in covered.items() if count == len(needed)]
    return sorted(ready, key=lambda p: (p.level != SalePoint.Level.PROVINCIAL, p.name, p.pk))
