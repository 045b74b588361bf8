"""Sales channels and who sees which products.

Visibility: lists show published products of active shops only. A shop's own staff
(``ShopMembership``) also reach their unpublished products by id or slug — never another
shop's. Channels: ``default-channel`` sells from each shop's warehouse; every sale point
is a channel ``sale-point-<code>`` selling what it holds on consignment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from ..models import Product, ProductVariant, SalePoint, ShopMembership, Stock

DEFAULT_CHANNEL = "default-channel"
SALE_POINT_PREFIX = "sale-point-"


@dataclass(frozen=True)
class ChannelInfo:
    """A sales channel: the online store, or one sale point (``location_id`` is where its
    stock is)."""

    slug: str
    name: str
    is_active: bool = True
    sale_point_id: int | None = None
    location_id: int | None = None

    @property
    def is_default(self) -> bool:
        return self.sale_point_id is None


DEFAULT = ChannelInfo(slug=DEFAULT_CHANNEL, name="Chợ OCOP trực tuyến / OCOP online marketplace")


def _sale_point_channel(point: SalePoint) -> ChannelInfo:
    location = getattr(point, "location", None)
    return ChannelInfo(
        slug=point.channel_slug,
        name=point.name,
        is_active=point.is_active,
        sale_point_id=point.pk,
        location_id=location.pk if location else None,
    )


def channel_list() -> list[ChannelInfo]:
    """The online store, then every sale point (one query)."""
    points = SalePoint.objects.select_related("location").order_by("level", "name")
    return [DEFAULT, *(_sale_point_channel(p) for p in points)]


def channel_info(slug: str | None) -> ChannelInfo | None:
    """The channel ``slug`` (``None``: the online store); ``None`` when unknown."""
    if not slug or slug == DEFAULT_CHANNEL:
        return DEFAULT
    if not slug.startswith(SALE_POINT_PREFIX):
        return None
    point = (
        SalePoint.objects.select_related("location")
        .filter(code=slug[len(SALE_POINT_PREFIX) :])
        .first()
    )
    return _sale_point_channel(point) if point else None


# --- who sees what -------------------------------------------------------------------


def member_shop_ids(user: Any) -> list[int]:
    if not user or not getattr(user, "is_authenticated", False):
        return []
    return list(ShopMembership.objects.filter(user=user).values_list("shop_id", flat=True))


def _public_q() -> Q:
    return Q(status=Product.Status.PUBLISHED, shop__is_active=True)


def _channel_q(channel: ChannelInfo) -> Q:
    if channel.is_default:
        return Q()
    return Q(
        Exists(
            Stock.objects.filter(location_id=channel.location_id, variant__product=OuterRef("pk"))
        )
    )


def public_products(*, channel: ChannelInfo = DEFAULT) -> QuerySet[Product]:
    """Published products of active shops, in ``channel`` (a sale point: what it holds)."""
    return Product.objects.filter(_public_q() & _channel_q(channel))


def viewer_products(*, user: Any, channel: ChannelInfo = DEFAULT) -> QuerySet[Product]:
    """What ``user`` may open one by one: the public products, plus every product of the
    shops they work for (drafts included)."""
    own = member_shop_ids(user)
    visible = _public_q() & _channel_q(channel)
    if own:
        visible |= Q(shop_id__in=own)
    return Product.objects.filter(visible)


def viewer_variants(*, user: Any, channel: ChannelInfo = DEFAULT) -> QuerySet[ProductVariant]:
    """Active variants of products ``user`` may see (all variants for their own shops)."""
    own = member_shop_ids(user)
    visible = Q(is_active=True, product__in=public_products(channel=channel))
    if own:
        visible |= Q(product__shop_id__in=own)
    return ProductVariant.objects.filter(visible)
