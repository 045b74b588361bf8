"""Delivery choices of a checkout as one method: Saleor's single shipping method over
the per-shop deliveries of a multi-vendor checkout (a shop's own method, or a cheapest /
fastest combination of one method per shop), the collection points (sale points) where
every shop's lines can be picked up, and which of these the checkout has chosen. Fees
always come from the shops' shipping configuration (``orders.selectors.shipping``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shops.models import StockLocation

from ..models import Checkout, DeliveryKind, ShippingMethod
from .cart import ShopGroup, summary_of
from .shipping import pickup_points

CHEAPEST, FASTEST, SELECTED = "cheapest", "fastest", "selected"


@dataclass(frozen=True)
class DeliveryOption:
    """A shipping method as a Saleor client sees it. For a one-shop checkout it is one of
    that shop's methods (``key`` = the method's pk); for several shops it is a combination
    of one method per shop (``key`` cheapest / fastest), priced as the sum of their fees."""

    key: str
    name_vi: str
    name_en: str
    price: int
    min_days: int | None
    max_days: int | None
    methods: dict[int, int] = field(default_factory=dict)  # shop id → shipping method id
    kind: str | None = None  # flat | weight for a shop's own method


COMBINATION_NAMES = {
    CHEAPEST: ("Tiết kiệm nhất (mỗi gian hàng gửi một kiện)", "Cheapest (one parcel per shop)"),
    FASTEST: ("Nhanh nhất (mỗi gian hàng gửi một kiện)", "Fastest (one parcel per shop)"),
    SELECTED: ("Theo lựa chọn của từng gian hàng", "As chosen for each shop"),
}


def _combination(key: str, groups: list[ShopGroup], chosen: dict[int, Any]) -> DeliveryOption:
    name_vi, name_en = COMBINATION_NAMES[key]
    return DeliveryOption(
        key=key,
        name_vi=name_vi,
        name_en=name_en,
        price=sum(o.price for o in chosen.values()),
        min_days=max(o.min_days for o in chosen.values()),
        max_days=max(o.max_days for o in chosen.values()),
        methods={shop_id: o.method_id for shop_id, o in chosen.items()},
    )


def delivery_options(checkout: Checkout) -> list[DeliveryOption]:
    """What ``Checkout.shippingMethods`` lists. Empty without an address or when a shop
    of the checkout does not ship there."""
    groups = summary_of(checkout).groups
    if not groups or any(not g.shipping_options for g in groups):
        return []
    if len(groups) == 1:
        shop_id = groups[0].shop.pk
        kinds = _method_kinds([o.method_id for o in groups[0].shipping_options])
        return [
            DeliveryOption(
                key=str(o.method_id),
                name_vi=o.name_vi,
                name_en=o.name_en or o.name_vi,
                price=o.price,
                min_days=o.min_days,
                max_days=o.max_days,
                methods={shop_id: o.method_id},
                kind=kinds.get(o.method_id),
            )
            for o in groups[0].shipping_options
        ]
    cheapest = {
        g.shop.pk: min(g.shipping_options, key=lambda o: (o.price, o.max_days, o.method_id))
        for g in groups
    }
    fastest = {
        g.shop.pk: min(g.shipping_options, key=lambda o: (o.max_days, o.price, o.method_id))
        for g in groups
    }
    options = [_combination(CHEAPEST, groups, cheapest)]
    if fastest != cheapest:
        options.append(_combination(FASTEST, groups, fastest))
    return options


def _method_kinds(method_ids: list[int]) -> dict[int, str]:
    return dict(ShippingMethod.objects.filter(pk__in=method_ids).values_list("pk", "kind"))


def selected_delivery(checkout: Checkout) -> DeliveryOption | None:
    """The shipping choice covering every shop, as one method: the option whose per-shop
    methods are the ones chosen, else a "chosen per shop" combination. ``None`` while a
    shop has no valid shipping choice or when a shop picks up at a sale point."""
    groups = summary_of(checkout).groups
    if not groups:
        return None
    chosen: dict[int, Any] = {}
    for group in groups:
        delivery = group.delivery
        if delivery is None or delivery.kind != DeliveryKind.SHIPPING or group.shipping_fee is None:
            return None
        option = next(
            (o for o in group.shipping_options if o.method_id == delivery.shipping_method_id), None
        )
        if option is None:
            return None
        chosen[group.shop.pk] = option
    methods = {shop_id: o.method_id for shop_id, o in chosen.items()}
    for option in delivery_options(checkout):
        if option.methods == methods:
            return option
    return _combination(SELECTED, groups, chosen)


def delivery_option_find(checkout: Checkout, key: str) -> DeliveryOption | None:
    """An option by its key: one listed now, or a method of one of the checkout's shops
    (which sets that shop only)."""
    for option in delivery_options(checkout):
        if option.key == key:
            return option
    if key == SELECTED:
        return selected_delivery(checkout)
    if key.isdigit():
        for group in summary_of(checkout).groups:
            for o in group.shipping_options:
                if o.method_id == int(key):
                    return DeliveryOption(
                        key=key,
                        name_vi=o.name_vi,
                        name_en=o.name_en or o.name_vi,
                        price=o.price,
                        min_days=o.min_days,
                        max_days=o.max_days,
                        methods={group.shop.pk: o.method_id},
                    )
    return None


def collection_points(checkout: Checkout) -> list[StockLocation]:
    """Sale points where every shop's lines of the checkout can be picked up (their
    stock locations, which the API shows as warehouses), provincial point first. One
    query per shop plus one."""
    cached = getattr(checkout, "_collection_points", None)
    if cached is not None:
        return cached
    groups = summary_of(checkout).groups
    common: list[int] | None = None
    for group in groups:
        points = [
            p.pk
            for p in pickup_points(
                shop_id=group.shop.pk, lines=[(lv.variant.pk, lv.quantity) for lv in group.lines]
            )
        ]
        common = points if common is None else [pk for pk in common if pk in points]
    locations: list[StockLocation] = []
    if common:
        by_point = {
            loc.sale_point_id: loc
            for loc in StockLocation.objects.filter(sale_point_id__in=common).select_related(
                "sale_point__district"
            )
        }
        locations = [by_point[pk] for pk in common if pk in by_point]
    checkout._collection_points = locations  # type: ignore[attr-defined]
    return locations


def selected_collection_point(checkout: Checkout) -> StockLocation | None:
    """The sale point every shop's lines are picked up at, if all chose the same one."""
    groups = summary_of(checkout).groups
    points = {
        g.delivery.sale_point_id
        for g in groups
        if g.delivery is not None and g.delivery.kind == DeliveryKind.PICKUP
    }
    if (
        not groups
        or len(points) != 1
        or any(g.delivery is None or g.delivery.kind != DeliveryKind.PICKUP for g in groups)
    ):
        return None
    return (
        StockLocation.objects.select_related("sale_point__district")
        .filter(sale_point_id=points.pop())
        .first()
    )


def warehouse_find(*, location_id: Any) -> StockLocation | None:
    """A sale point's stock location (a collection point). Shop warehouses are not
    collection points."""
    try:
        pk = int(location_id)
    except (TypeError, ValueError):
        return None
    return (
        StockLocation.objects.select_related("sale_point__district")
        .filter(pk=pk, kind=StockLocation.Kind.SALE_POINT, sale_point__is_active=True)
        .first()
    )
