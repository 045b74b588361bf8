"""Loading pages of products with everything a storefront shows (variants with channel
stock, media, category, shop and producer, current OCOP certificate, product group, origin
units) in a constant number of queries, and reading what was prefetched."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from marketplace.models import OcopCertificate

from ..models import Product, ProductMedia, ProductVariant, Shop, Stock
from .stock import reserved_quantity


def stock_queryset() -> QuerySet[Stock]:
    return Stock.objects.annotate(reserved=reserved_quantity()).select_related("location")


def variant_prefetch_queryset() -> QuerySet[ProductVariant]:
    """Active variants in position order, each with ``stock_list`` (stocks with their
    location and ``reserved`` quantity)."""
    return (
        ProductVariant.objects.filter(is_active=True)
        .order_by("position", "id")
        .prefetch_related(Prefetch("stocks", queryset=stock_queryset(), to_attr="stock_list"))
    )


def with_storefront_data(
    products: QuerySet[Product], *, day: datetime.date | None = None
) -> QuerySet[Product]:
    """``products`` loading, per page, in five queries whatever its size: the rows with
    category, shop, producer, product group and origin units; ``variant_list`` (active,
    with ``stock_list``); ``media_list``; ``current_certificates`` (valid on ``day``, best
    first)."""
    day = day or timezone.localdate()
    certificates = (
        OcopCertificate.objects.valid_on(day)
        .select_related("product_group")
        .order_by("-stars", "-decision_date", "-pk")
    )
    return products.select_related(
        "category",
        "shop__producer__district",
        "shop__producer__commune",
        "product_group",
        "origin_district",
        "origin_commune",
    ).prefetch_related(
        Prefetch("variants", queryset=variant_prefetch_queryset(), to_attr="variant_list"),
        Prefetch(
            "media", queryset=ProductMedia.objects.order_by("position", "id"), to_attr="media_list"
        ),
        Prefetch("certificates", queryset=certificates, to_attr="current_certificates"),
    )


def with_listing_data(
    products: QuerySet[Product], *, day: datetime.date | None = None
) -> QuerySet[Product]:
    """``with_storefront_data`` for pages of many products: the same attributes, but the
    shop (with its producer and the producer's units) and the origin units are loaded once
    per distinct row (a page holds few shops and places) instead of being joined into, and
    built again for, every product row. Eight queries per page whatever its size."""
    day = day or timezone.localdate()
    certificates = (
        OcopCertificate.objects.valid_on(day)
        .select_related("product_group")
        .order_by("-stars", "-decision_date", "-pk")
    )
    return products.select_related("category", "product_group").prefetch_related(
        Prefetch(
            "shop", queryset=Shop.objects.select_related("producer__district", "producer__commune")
        ),
        "origin_district",
        "origin_commune",
        Prefetch("variants", queryset=variant_prefetch_queryset(), to_attr="variant_list"),
        Prefetch(
            "media", queryset=ProductMedia.objects.order_by("position", "id"), to_attr="media_list"
        ),
        Prefetch("certificates", queryset=certificates, to_attr="current_certificates"),
    )


def with_variant_data(variants: QuerySet[ProductVariant]) -> QuerySet[ProductVariant]:
    """Variants loading, per page, their product and shop (joined), ``stock_list`` and
    their product's ``media_list`` in a constant number of queries."""
    return variants.select_related("product__shop").prefetch_related(
        Prefetch("stocks", queryset=stock_queryset(), to_attr="stock_list"),
        Prefetch(
            "product__media",
            queryset=ProductMedia.objects.order_by("position", "id"),
            to_attr="media_list",
        ),
    )


def products_in_order(
    ids: Sequence[int], *, base: QuerySet[Product] | None = None
) -> list[Product]:
    """The products ``ids`` (those present in ``base``), prefetched, in the order given."""
    queryset = with_listing_data(
        (base if base is not None else Product.objects.all()).filter(pk__in=list(ids))
    )
    by_pk = {p.pk: p for p in queryset}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def product_variants(product: Product) -> list[ProductVariant]:
    """The product's active variants (prefetched when loaded by ``with_storefront_data``)."""
    prefetched = getattr(product, "variant_list", None)
    if prefetched is not None:
        return prefetched
    variants = list(variant_prefetch_queryset().filter(product=product))
    product.variant_list = variants  # type: ignore[attr-defined]
    return variants


def product_media(product: Product) -> list[ProductMedia]:
    prefetched = getattr(product, "media_list", None)
    if prefetched is None:
        prefetched = list(ProductMedia.objects.filter(product=product).order_by("position", "id"))
        product.media_list = prefetched  # type: ignore[attr-defined]
    return prefetched


def product_certificate(
    product: Product, *, day: datetime.date | None = None
) -> OcopCertificate | None:
    """The product's best certificate in force (stars, then newest decision)."""
    prefetched = getattr(product, "current_certificates", None)
    if prefetched is None:
        day = day or timezone.localdate()
        prefetched = list(
            OcopCertificate.objects.valid_on(day)
            .filter(products=product)
            .select_related("product_group")
            .order_by("-stars", "-decision_date", "-pk")[:1]
        )
        product.current_certificates = prefetched  # type: ignore[attr-defined]
    return prefetched[0] if prefetched else None


def variant_stocks(variant: ProductVariant) -> list[Stock]:
    prefetched = getattr(variant, "stock_list", None)
    if prefetched is None:
        prefetched = list(stock_queryset().filter(variant=variant))
        variant.stock_list = prefetched  # type: ignore[attr-defined]
    return prefetched
