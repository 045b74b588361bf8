"""How each shop's lines of a checkout reach the buyer: a shipping method offered for the
address and parcel, or pickup at a sale point holding all of them — chosen per shop (the
storefront, our API extension) or, through Saleor's single delivery method, for every
shop of a multi-vendor checkout at once (a per-shop combination, or one collection
point). Fees are never taken from the client (``orders.selectors.delivery``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shops.models import Shop

from ..models import Checkout, CheckoutDelivery, DeliveryKind
from ..selectors.cart import checkout_summary, summary_of
from ..selectors.delivery import collection_points, delivery_option_find, warehouse_find
from ..selectors.shipping import pickup_points
from .cart import checkout_require_open, checkout_touch


def _error(field: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


@transaction.atomic
def checkout_delivery_update(
    *,
    checkout: Checkout,
    shop: Shop | int,
    kind: str,
    shipping_method_id: int | None = None,
    sale_point_id: int | None = None,
) -> CheckoutDelivery:
    """Chooses how one shop's lines reach the buyer: a shipping method offered for the
    address and parcel, or pickup at a sale point that holds all of them."""
    checkout_require_open(checkout)
    shop_id = shop if isinstance(shop, int) else shop.pk
    group = next((g for g in checkout_summary(checkout).groups if g.shop.pk == shop_id), None)
    if group is None:
        raise _error(
            "shop",
            "Giỏ hàng không có sản phẩm của gian hàng này. / No lines of this shop.",
            "not_found",
        )
    values: dict[str, Any] = {"kind": kind, "shipping_method_id": None, "sale_point_id": None}
    if kind == DeliveryKind.SHIPPING:
        if checkout.shipping_address is None:
            raise _error(
                "shipping_address",
                "Vui lòng nhập địa chỉ giao hàng trước. / Set the address first.",
                "shipping_address_not_set",
            )
        if shipping_method_id not in {o.method_id for o in group.shipping_options}:
            raise _error(
                "shipping_method",
                "Phương thức giao hàng không áp dụng cho địa chỉ này. / "
                "This shipping method is not available for the address.",
                "shipping_method_not_applicable",
            )
        values["shipping_method_id"] = shipping_method_id
    elif kind == DeliveryKind.PICKUP:
        points = pickup_points(
            shop_id=shop_id, lines=[(line.variant.pk, line.quantity) for line in group.lines]
        )
        if sale_point_id not in {p.pk for p in points}:
            raise _error(
                "sale_point",
                "Điểm bán này không có đủ hàng để nhận. / This sale point cannot "
                "supply these items for pickup.",
                "invalid",
            )
        values["sale_point_id"] = sale_point_id
    else:
        raise _error(
            "kind", "Hình thức nhận hàng không hợp lệ. / Invalid delivery kind.", "invalid"
        )
    delivery, _ = CheckoutDelivery.objects.update_or_create(
        checkout=checkout, shop_id=shop_id, defaults=values
    )
    checkout_touch(checkout)
    return delivery


@transaction.atomic
def checkout_delivery_clear(*, checkout: Checkout) -> Checkout:
    checkout_require_open(checkout)
    CheckoutDelivery.objects.filter(checkout=checkout).delete()
    return checkout


@transaction.atomic
def checkout_shipping_choose(*, checkout: Checkout, key: str) -> Checkout:
    """Saleor's single delivery method on a multi-vendor checkout: one of the options the
    checkout lists (a shop's method for a one-shop checkout, a per-shop combination for
    several shops) sets every shop it covers; a method of one shop sets that shop."""
    checkout_require_open(checkout)
    if checkout.shipping_address_id is None:
        raise _error(
            "delivery_method_id",
            "Vui lòng nhập địa chỉ giao hàng trước. / Set the shipping address first.",
            "shipping_address_not_set",
        )
    option = delivery_option_find(checkout, key)
    if option is None:
        raise _error(
            "delivery_method_id",
            "Phương thức giao hàng không áp dụng cho giỏ hàng này. / This "
            "delivery method is not available for the checkout.",
            "delivery_method_not_applicable",
        )
    for shop_id, method_id in option.methods.items():
        checkout_delivery_update(
            checkout=checkout,
            shop=shop_id,
            kind=DeliveryKind.SHIPPING,
            shipping_method_id=method_id,
        )
    return checkout


@transaction.atomic
def checkout_pickup_choose(*, checkout: Checkout, location_id: int) -> Checkout:
    """Pickup of every shop's lines at one sale point (a Saleor collection point)."""
    checkout_require_open(checkout)
    point = next((loc for loc in collection_points(checkout) if loc.pk == location_id), None)
    if point is None or point.sale_point_id is None:
        raise _error(
            "delivery_method_id",
            "Điểm bán này không có đủ hàng để nhận. / This collection point "
            "cannot supply the checkout.",
            "delivery_method_not_applicable",
        )
    for group in summary_of(checkout).groups:
        checkout_delivery_update(
            checkout=checkout,
            shop=group.shop.pk,
            kind=DeliveryKind.PICKUP,
            sale_point_id=point.sale_point_id,
        )
    return checkout


def checkout_shop_delivery_set(
    *,
    checkout: Checkout,
    shop_id: int,
    shipping_method_id: int | None = None,
    location_id: int | None = None,
) -> Checkout:
    """Our extension: one shop's delivery — a shipping method or pickup at a sale point
    (given as its stock location, Saleor's warehouse)."""
    checkout_require_open(checkout)
    if (shipping_method_id is None) == (location_id is None):
        raise _error(
            "shipping_method_id",
            "Chọn một phương thức giao hàng hoặc một điểm nhận hàng. / Give a "
            "shipping method or a collection point.",
            "invalid",
        )
    if shipping_method_id is not None:
        checkout_delivery_update(
            checkout=checkout,
            shop=shop_id,
            kind=DeliveryKind.SHIPPING,
            shipping_method_id=shipping_method_id,
        )
        return checkout
    location = warehouse_find(location_id=location_id)
    checkout_delivery_update(
        checkout=checkout,
        shop=shop_id,
        kind=DeliveryKind.PICKUP,
        sale_point_id=location.sale_point_id if location else None,
    )
    return checkout
