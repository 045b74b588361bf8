"""Reads of the producer dashboard, scoped to the acting user: their shops, a shop's
products with what a list row shows, and one product, variant or medium of theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from marketplace.errors import NotFound

from ..models import Product, ProductMedia, ProductVariant, Shop, ShopMembership, Stock
from .ratings import ocop_rating_annotations

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def shops_for_user(*, user: Any) -> QuerySet[Shop]:
    if not user or not user.is_authenticated:
        return Shop.objects.none()
    return Shop.objects.filter(memberships__user=user).order_by("name")


def access_shop(*, user: Any, slug: str) -> Shop:
    """The shop ``slug`` if ``user`` is one of its members; ``NotFound`` otherwise (also
    for shops that exist but are someone else's)."""
    # the viewer's membership comes along (the join of ``shops_for_user``): the dashboard
    # shows only what their powers allow without a query per page
    shop = (
        shops_for_user(user=user)
        .select_related("producer")
        .filter(slug=slug)
        .annotate(
            viewer_user_id=F("memberships__user_id"),
            viewer_role=F("memberships__role"),
            viewer_powers=F("memberships__powers"),
        )
        .first()
    )
    if shop is None:
        raise NotFound(slug)
    return shop


def shop_membership_role(*, user: Any, shop: Shop) -> str | None:
    return (
        ShopMembership.objects.filter(user=user, shop=shop).values_list("role", flat=True).first()
    )


def _stock_total(location_kind: str | None = None) -> Coalesce:
    qs = Stock.objects.filter(variant__product=OuterRef("pk"))
    if location_kind:
        qs = qs.filter(location__kind=location_kind)
    total = qs.values("variant__product").annotate(t=Sum("quantity")).values("t")[:1]
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


class DashboardProductAnnotations(TypedDict):
    """What ``dashboard_product_list`` adds to each product (annotations + prefetch)."""

    variant_count: int
    min_price: int | None
    max_price: int | None
    stock_total: int
    ocop_stars: int | None
    ocop_certificate_id: int | None
    media_list: list[ProductMedia]  # prefetched, ordered by position


def dashboard_product_list(
    *,
    shop: Shop,
    query: str = "",
    status: str = "",
    product_group: str = "",
    stock: str = "",
    order: str = "-created_at",
) -> QuerySet[WithAnnotations[Product, DashboardProductAnnotations]]:
    """The shop's products for its dashboard list, with everything a row shows in a
    constant number of queries (annotations + one media prefetch)."""
    qs = Product.objects.filter(shop=shop).select_related("product_group", "origin_district")
    if query:
        # A subquery, not a join: a join would also restrict the variant annotations
        # below to the matching variants (wrong count and price range).
        matching_variants = ProductVariant.objects.filter(
            Q(sku__icontains=query) | Q(barcode=query)
        ).values("product_id")
        qs = qs.filter(
            Q(name_vi__icontains=query) | Q(name_en__icontains=query) | Q(pk__in=matching_variants)
        )
    if status:
        qs = qs.filter(status=status)
    if product_group:
        qs = qs.filter(product_group__code=product_group)
    ocop = ocop_rating_annotations()
    qs = qs.annotate(
        variant_count=Count("variants", distinct=True),
        min_price=Min("variants__price"),
        max_price=Max("variants__price"),
        stock_total=_stock_total(),
        ocop_stars=ocop["ocop_stars"],
        ocop_certificate_id=ocop["ocop_certificate_id"],
    )
    if stock == "out":
        qs = qs.filter(stock_total__lte=0)
    elif stock == "in":
        qs = qs.filter(stock_total__gt=0)
    allowed = {
        "-created_at",
        "created_at",
        "name_vi",
        "-name_vi",
        "min_price",
        "-min_price",
        "stock_total",
        "-stock_total",
    }
    qs = qs.order_by(order if order in allowed else "-created_at", "-id")
    return qs.prefetch_related(
        Prefetch(
            "media", queryset=ProductMedia.objects.order_by("position", "id"), to_attr="media_list"
        )
    )


def access_product(*, shop: Shop, product_id: int) -> Product:
    product = (
        Product.objects.filter(shop=shop, pk=product_id)
        .select_related("product_group", "category", "origin_district", "origin_commune", "shop")
        .first()
    )
    if product is None:
        raise NotFound(product_id)
    return product


def access_variant(*, shop: Shop, variant_id: int) -> ProductVariant:
    variant = (
        ProductVariant.objects.filter(product__shop=shop, pk=variant_id)
        .select_related("product")
        .first()
    )
    if variant is None:
        raise NotFound(variant_id)
    return variant


def access_media(*, shop: Shop, media_id: int) -> ProductMedia:
    media = ProductMedia.objects.filter(product__shop=shop, pk=media_id).first()
    if media is None:
        raise NotFound(media_id)
    return media


def shop_variants(*, shop: Shop) -> QuerySet[ProductVariant]:
    return (
        ProductVariant.objects.filter(product__shop=shop)
        .select_related("product")
        .order_by("product__name_vi", "position")
    )
