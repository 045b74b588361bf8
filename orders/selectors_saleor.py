"""Reads behind the Saleor-compatible checkout API: the checkout a viewer may reach, the
delivery choices a multi-vendor checkout offers through Saleor's single-method fields,
collection points, payment gateways, what a checkout has paid, and orders scoped to the
viewer. Prices and fees always come from the catalogue (``orders.selectors``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from marketplace.permissions import is_ocop_office
from shops.models import ProductMedia, ShopMembership, StockLocation

from . import selectors, stripe_gateway
from .models import (
    DEFAULT_CHANNEL,
    Checkout,
    DeliveryKind,
    Order,
    OrderLine,
    Payment,
    PaymentMethod,
    ShopOrder,
)
from .selectors_checkout import checkout_expired, cod_allowed

ADDRESS_RELATED = ("province", "district", "commune")
CHECKOUT_RELATED = tuple(
    f"{kind}_address__{unit}" for kind in ("shipping", "billing") for unit in ADDRESS_RELATED
)

# --- Checkouts ------------------------------------------------------------------------------


def checkout_for_viewer(
    *, token: Any, user: Any, include_completed: bool = False
) -> Checkout | None:
    """The checkout with ``token`` if the viewer may use it: anyone holding the token of
    an anonymous checkout (Saleor's semantics), only its owner for a checkout attached
    to an account. Expired checkouts are gone (Saleor deletes them)."""
    try:
        token = uuid.UUID(str(token))
    except (TypeError, ValueError):
        return None
    found = Checkout.objects.select_related("user", *CHECKOUT_RELATED).filter(token=token)
    if not include_completed:
        found = found.filter(completed_order__isnull=True)
    checkout = found.first()
    if checkout is None:
        return None
    if checkout.user_id is not None and (
        user is None or not user.is_authenticated or user.pk != checkout.user_id
    ):
        return None
    if checkout.completed_order_id is None and checkout_expired(checkout):
        return None
    return checkout


def checkout_reload(checkout: Checkout) -> Checkout:
    """A fresh copy after a write (totals and choices are computed again)."""
    return Checkout.objects.select_related("user", *CHECKOUT_RELATED).get(pk=checkout.pk)


def summary_of(checkout: Checkout) -> selectors.CheckoutSummary:
    """The priced checkout, computed once per loaded checkout object."""
    cached = getattr(checkout, "_saleor_summary", None)
    if cached is None:
        cached = selectors.checkout_summary(checkout, with_media=False)
        checkout._saleor_summary = cached  # type: ignore[attr-defined]
    return cached


# --- Delivery: Saleor's single shipping method over per-shop deliveries ---------------------

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


def _combination(
    key: str, groups: list[selectors.ShopGroup], chosen: dict[int, Any]
) -> DeliveryOption:
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
    from .models import ShippingMethod

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
    from .selectors_shipping import pickup_points

    cached = getattr(checkout, "_saleor_points", None)
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
    checkout._saleor_points = locations  # type: ignore[attr-defined]
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


# --- Payment gateways -----------------------------------------------------------------------

DUMMY_GATEWAY = "saleor.io.dummy-payment-app"
STRIPE_GATEWAY = "saleor.app.payment.stripe"
#: the id of Saleor's first Stripe app, accepted as an alias
STRIPE_GATEWAY_LEGACY = "app.saleor.stripe"
COD_GATEWAY = "ocop.cod"
VIETQR_GATEWAY = "ocop.vietqr"
GATEWAY_METHODS = {
    DUMMY_GATEWAY: PaymentMethod.DUMMY,
    STRIPE_GATEWAY: PaymentMethod.CARD,
    STRIPE_GATEWAY_LEGACY: PaymentMethod.CARD,
    COD_GATEWAY: PaymentMethod.COD,
    VIETQR_GATEWAY: PaymentMethod.VIETQR,
}


@dataclass(frozen=True)
class Gateway:
    id: str
    name: str
    config: list[tuple[str, str | None]]
    currencies: tuple[str, ...] = ("VND",)


def payment_gateways(checkout: Checkout | None = None) -> list[Gateway]:
    """In demo and test settings Saleor's dummy payment app comes first (an unmodified
    Saleor storefront pays with the first gateway it supports), then Stripe when it is
    configured, then cash on delivery (when allowed for the checkout's phone and total)
    and VietQR bank transfer."""
    gateways = []
    if settings.DUMMY_PAYMENT_GATEWAY_ENABLED:
        gateways.append(Gateway(DUMMY_GATEWAY, "Dummy Payment App", []))
    if stripe_gateway.is_configured():
        gateways.append(
            Gateway(STRIPE_GATEWAY, "Stripe", [("publishableKey", settings.STRIPE_PUBLISHABLE_KEY)])
        )
    if checkout is None or cod_available(checkout):
        gateways.append(Gateway(COD_GATEWAY, "Thanh toán khi nhận hàng / Cash on delivery", []))
    gateways.append(Gateway(VIETQR_GATEWAY, "Chuyển khoản VietQR / Bank transfer (VietQR)", []))
    return gateways


def gateway_find(gateway_id: str, checkout: Checkout | None = None) -> Gateway | None:
    if gateway_id == STRIPE_GATEWAY_LEGACY:
        gateway_id = STRIPE_GATEWAY
    return next((g for g in payment_gateways(checkout) if g.id == gateway_id), None)


def cod_available(checkout: Checkout) -> bool:

    ok, _message = cod_allowed(phone=checkout.phone, total=summary_of(checkout).total)
    return ok


def checkout_payments(checkout: Checkout) -> list[Payment]:
    cached = getattr(checkout, "_saleor_payments", None)
    if cached is None:
        cached = list(Payment.objects.filter(checkout=checkout).order_by("pk"))
        checkout._saleor_payments = cached  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True)
class Coverage:
    authorized: int  # held on a card, not captured
    charged: int
    total: int

    @property
    def covered(self) -> int:
        return self.authorized + self.charged


def checkout_coverage(checkout: Checkout) -> Coverage:
    """What the checkout's pay-first payments hold and collected, against its total."""
    authorized = charged = 0
    for payment in checkout_payments(checkout):
        if payment.order_id is not None:
            continue
        if payment.status == Payment.Status.AUTHORIZED:
            authorized += payment.amount
        elif payment.status == Payment.Status.SUCCEEDED:
            charged += payment.captured_amount or payment.amount
    return Coverage(authorized=authorized, charged=charged, total=summary_of(checkout).total)


def payment_by_key(*, key: str, user: Any) -> Payment | None:
    """A payment by its idempotency key (what the API shows as the transaction's ID),
    only when its checkout or order is the viewer's to see."""
    payment = (
        Payment.objects.select_related("checkout", "order").filter(idempotency_key=key).first()
    )
    if payment is None:
        return None
    if payment.checkout is not None:
        owner = payment.checkout.user_id
    elif payment.order is not None:
        owner = payment.order.user_id
    else:
        return None
    if owner is not None and not (user is not None and user.is_authenticated and user.pk == owner):
        return None
    return payment


# --- Orders ---------------------------------------------------------------------------------


def orders_prefetched(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """Orders with everything the API's order fields read: addresses, shop orders with
    their shop, sale point and lines (with variant and product) — a fixed number of
    queries for any number of orders. Replaces the queryset's own prefetches."""
    return (
        queryset.prefetch_related(None)
        .select_related(
            "user",
            *(
                f"{kind}_address__{unit}"
                for kind in ("shipping", "billing")
                for unit in ADDRESS_RELATED
            ),
        )
        .prefetch_related(
            Prefetch(
                "shop_orders",
                queryset=ShopOrder.objects.select_related(
                    "shop", "sale_point__location", "shipping_method"
                )
                .prefetch_related(
                    Prefetch(
                        "lines",
                        queryset=OrderLine.objects.select_related("variant__product")
                        .prefetch_related(
                            Prefetch(
                                "variant__product__media",
                                queryset=ProductMedia.objects.order_by("position", "id"),
                            )
                        )
                        .order_by("id"),
                    )
                )
                .order_by("id"),
            ),
            Prefetch("payments", queryset=Payment.objects.order_by("pk")),
        )
    )


def viewer_shop_ids(user: Any, cache: Any = None) -> set[int]:
    """The shops the viewer works for (cached on ``cache``, e.g. the request)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(cache, "_saleor_shop_ids", None) if cache is not None else None
    if cached is None:
        cached = set(
            ShopMembership.objects.filter(user_id=user.pk).values_list("shop_id", flat=True)
        )
        if cache is not None:
            cache._saleor_shop_ids = cached
    return cached


def order_scope(order: Order, user: Any, cache: Any = None) -> set[int] | None:
    """Which shop orders of ``order`` the viewer sees: ``None`` = all of it (the buyer,
    the OCOP office, anyone holding a guest order's token), a set of shop ids for shop
    staff, an empty set for nobody."""
    if is_ocop_office(user):
        return None
    if user is not None and user.is_authenticated and user.pk == order.user_id:
        return None
    shop_ids = viewer_shop_ids(user, cache)
    order_shops = {so.shop_id for so in order.shop_orders.all()}
    if shop_ids and order_shops & shop_ids:
        # a shop's staff see their own part only — even of a guest order, whose token
        # they know from their own dashboard: never another shop's lines
        return order_shops & shop_ids
    if order.user_id is None:
        return None  # a guest order: whoever holds its token is its buyer
    return set()


def order_for_viewer(*, token: Any, user: Any, cache: Any = None) -> Order | None:
    """An order by its token (what its global ID carries): a guest order for whoever
    holds the token; an account's order for its buyer, the shops it concerns and the
    OCOP office; ``None`` otherwise (never "exists but not yours")."""
    try:
        token = uuid.UUID(str(token))
    except (TypeError, ValueError):
        return None
    order = orders_prefetched(Order.objects.filter(token=token)).first()
    if order is None:
        return None
    scope = order_scope(order, user, cache)
    if scope is not None and not scope:
        return None
    return order


def channel_exists(slug: str) -> bool:
    """``default-channel`` or an active sale point's ``sale-point-<code>``."""
    from shops.models import SalePoint

    if slug == DEFAULT_CHANNEL:
        return True
    code = slug.removeprefix("sale-point-")
    return code != slug and SalePoint.objects.filter(code=code, is_active=True).exists()
