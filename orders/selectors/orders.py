"""Customer orders as their readers see them: one order through ``access_order`` (its
buyer, whoever proves holding its token, and for the API the OCOP office and the shops
it concerns; ``NotFound`` for anyone else, never "exists but not yours"), which shop
orders of it a reader sees, the buyer's order history, and the signed tracking link of
the order e-mail."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core import signing
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from marketplace.errors import NotFound
from marketplace.links import absolute_url
from marketplace.permissions import is_ocop_office
from shops.models import ProductMedia, ShopMembership

from ..models import Order, OrderEvent, OrderLine, Payment, ShopOrder
from .checkout import ADDRESS_RELATED

NOT_FOUND = "Không tìm thấy đơn hàng. / Order not found."
TRACKING_SALT = "orders.tracking"

OrderRelated = Callable[[QuerySet[Order]], QuerySet[Order]]


# --- What is loaded with an order -----------------------------------------------------------


def order_page_related(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """What the buyer's pages show: the shipping address, shop orders with their shop,
    sale point and lines, and the events ("placed" once for the buyer: the order's own
    event, not each shop order's). A fixed number of queries."""
    return queryset.select_related(
        *(f"shipping_address__{unit}" for unit in ADDRESS_RELATED)
    ).prefetch_related(
        Prefetch(
            "shop_orders",
            queryset=ShopOrder.objects.select_related("shop", "sale_point")
            .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
            .order_by("id"),
        ),
        Prefetch(
            "events",
            queryset=OrderEvent.objects.exclude(shop_order__isnull=False, kind="placed").order_by(
                "created_at", "id"
            ),
        ),
    )


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


# --- Who reads an order ---------------------------------------------------------------------


def viewer_shop_ids(user: Any, cache: Any = None) -> set[int]:
    """The shops the viewer works for (cached on ``cache``, e.g. the request)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(cache, "_viewer_shop_ids", None) if cache is not None else None
    if cached is None:
        cached = set(
            ShopMembership.objects.filter(user_id=user.pk).values_list("shop_id", flat=True)
        )
        if cache is not None:
            cache._viewer_shop_ids = cached
    return cached


def order_scope(order: Order, user: Any, cache: Any = None) -> set[int] | None:
    """Which shop orders of ``order`` the viewer sees: ``None`` = all of it (the buyer,
    the OCOP office, anyone holding a guest order's token), a set of shop ids for shop
    staff, an empty set for nobody."""
    if is_ocop_office(user):
        return None
    if _is_buyer(order, user):
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


def _is_buyer(order: Order, user: Any) -> bool:
    return user is not None and user.is_authenticated and user.pk == order.user_id


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def access_order(
    *,
    actor: Any,
    number: str | None = None,
    token: Any = None,
    order_id: int | None = None,
    guest_tokens: Iterable[Any] = (),
    staff: bool = False,
    related: OrderRelated | None = order_page_related,
    cache: Any = None,
) -> Order:
    """THE lookup of one customer order, by ``number``, ``token`` or ``order_id``
    (exactly one of them), inside what ``actor`` may read. Readers:

    - its buyer: ``actor`` signed in as the account that placed it;
    - whoever proves holding its token: the order's token is in ``guest_tokens`` (the
      browser session that placed it, the payment page's link, a verified tracking
      link of the order e-mail);
    - with ``staff`` (the API, Saleor's semantics): the OCOP office, the staff of a shop
      the order concerns (``order_scope`` then limits them to their own part), and
      anyone for a guest order (placed without an account) looked up by its token.

    ``NotFound`` for a missing or malformed number or token and for anyone else's order
    alike. ``related`` loads what the caller shows (the buyer's pages by default;
    ``orders_prefetched`` for the API; ``None`` for the order row alone); ``cache``
    (e.g. the request) keeps the viewer's shops between lookups."""
    if [number, token, order_id].count(None) != 2:
        raise TypeError("access_order() takes one of number, token and order_id")
    queryset = Order.objects.all()
    if token is not None:
        key = _uuid(token)
        if key is None:
            raise NotFound(NOT_FOUND)
        queryset = queryset.filter(token=key)
    elif order_id is not None:
        queryset = queryset.filter(pk=order_id)
    else:
        queryset = queryset.filter(number=str(number))
    if related is not None:
        queryset = related(queryset)
    order = queryset.first()
    if order is None or not _may_read(
        order,
        actor,
        by_token=token is not None,
        guest_tokens=guest_tokens,
        staff=staff,
        cache=cache,
    ):
        raise NotFound(NOT_FOUND)
    return order


def _may_read(
    order: Order,
    actor: Any,
    *,
    by_token: bool,
    guest_tokens: Iterable[Any],
    staff: bool,
    cache: Any,
) -> bool:
    if _is_buyer(order, actor):
        return True
    if order.token in {_uuid(value) for value in guest_tokens}:
        return True
    if not staff:
        return False
    if is_ocop_office(actor):
        return True
    if by_token and order.user_id is None:
        return True
    order_shops = {so.shop_id for so in order.shop_orders.all()}
    return bool(order_shops & viewer_shop_ids(actor, cache))


def order_for_viewer(*, token: Any, user: Any, cache: Any = None) -> Order | None:
    """``access_order`` for the API's nullable order fields: an order by its token (what
    its global ID carries) with everything its fields read, for its buyer, the shops it
    concerns and the OCOP office (a guest order for whoever holds the token); ``None``
    otherwise."""
    try:
        return access_order(
            actor=user, token=token, staff=True, related=orders_prefetched, cache=cache
        )
    except NotFound:
        return None


# --- The buyer's orders ---------------------------------------------------------------------


def orders_of_buyer(user: Any) -> QuerySet[Order]:
    """The signed-in buyer's orders, newest first, each with its shop orders."""
    if user is None or not user.is_authenticated:
        return Order.objects.none()
    return (
        Order.objects.filter(user=user)
        .prefetch_related(
            Prefetch(
                "shop_orders", queryset=ShopOrder.objects.select_related("shop").order_by("id")
            )
        )
        .order_by("-created_at", "-id")
    )


# --- The tracking link of the order e-mail --------------------------------------------------


def tracking_token_sign(order: Order) -> str:
    """The signed value of the order's tracking link (no account needed)."""
    return signing.dumps(str(order.token), salt=TRACKING_SALT)


def tracking_token_read(signed: str) -> str:
    """The order token inside a signed tracking value; ``NotFound`` for a tampered one.
    Whoever holds the link proves holding the order (``access_order(guest_tokens=…)``)."""
    try:
        return str(signing.loads(signed, salt=TRACKING_SALT))
    except signing.BadSignature as exc:
        raise NotFound(NOT_FOUND) from exc


def tracking_path(order: Order) -> str:
    return reverse("orders:order_track", args=[tracking_token_sign(order)])


def tracking_url(order: Order) -> str:
    """The absolute tracking link for e-mails (``SITE_URL`` + path)."""
    return absolute_url(tracking_path(order))
