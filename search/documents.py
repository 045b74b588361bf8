"""What a product looks like to search: one flat dict per product, built from the
database in a constant number of queries, shared by both backends."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, Min, Prefetch, Sum
from django.utils.html import strip_tags

from marketplace.models import OcopCertificate
from shops.models import Product

from .text import fold


def rating_periods(
    certificates: Iterable[tuple[int, datetime.date, datetime.date]],
) -> list[dict[str, Any]]:
    """The product's best star rating as a timeline of non-overlapping, inclusive date
    periods, from its (not revoked) certificates ``(stars, valid_from, valid_until)``.
    Search evaluates "which period contains today" at query time, so expiry needs no
    reindexing; overlapping certificates never count a product twice."""
    certs = [c for c in certificates if c[1] <= c[2]]
    if not certs:
        return []
    one_day = datetime.timedelta(days=1)
    cuts = sorted({c[1] for c in certs} | {c[2] + one_day for c in certs})
    periods: list[dict[str, Any]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        stars = max((s for s, f, u in certs if f <= start and u >= start), default=0)
        if not stars:
            continue
        last = end - one_day
        if periods and periods[-1]["stars"] == stars and periods[-1]["until"] == start - one_day:
            periods[-1]["until"] = last
        else:
            periods.append({"stars": stars, "from": start, "until": last})
    return periods


def indexable_products():
    """Products that belong in the index: published, of an active shop."""
    return Product.objects.filter(status=Product.Status.PUBLISHED, shop__is_active=True)


def product_documents(product_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Search documents for the given products that are indexable (others are absent
    from the result: callers delete them from the index)."""
    certificates = OcopCertificate.objects.filter(revoked_at__isnull=True).only(
        "stars", "decision_date", "valid_until"
    )
    products = (
        indexable_products()
        .filter(pk__in=list(product_ids))
        .select_related("shop__producer", "product_group", "origin_district", "origin_commune")
        .annotate(
            price_min=Min("variants__price"),
            price_max=Max("variants__price"),
            stock_quantity=Sum("variants__stocks__quantity"),
        )
        .prefetch_related(
            Prefetch("certificates", queryset=certificates, to_attr="certificate_list")
        )
    )
    return [product_document(p) for p in products]


def product_document(product: Product) -> dict[str, Any]:
    """``product`` must carry the annotations and prefetch of ``product_documents``."""
    shop = product.shop
    description = " ".join(
        strip_tags(t) for t in (product.description_vi, product.description_en) if t
    )
    periods = rating_periods(
        (c.stars, c.decision_date, c.valid_until)
        for c in product.certificate_list  # type: ignore[attr-defined]
    )
    return {
        "id": product.pk,
        "slug": product.slug,
        "name_vi": product.name_vi,
        "name_en": product.name_en,
        "name_folded": fold(f"{product.name_vi} {product.name_en}"),
        "description": description,
        "description_folded": fold(description),
        "shop_id": shop.pk,
        "shop_slug": shop.slug,
        "shop_name": shop.name,
        "shop_name_folded": fold(shop.name),
        "producer_id": shop.producer_id,
        "producer_type": shop.producer.legal_type,
        "group": product.product_group.code,
        "group_name": product.product_group.name_vi,
        "district": product.origin_district.code,
        "district_name": product.origin_district.name,
        "commune": product.origin_commune.code,
        "commune_name": product.origin_commune.name,
        "rating_periods": periods,
        "price_min": product.price_min,  # type: ignore[attr-defined]
        "price_max": product.price_max,  # type: ignore[attr-defined]
        "in_stock": (product.stock_quantity or 0) > 0,  # type: ignore[attr-defined]
        "units_sold": product.units_sold,
        "published_at": product.published_at or product.created_at,
        "created_at": product.created_at,
        "suggest": {
            "input": sorted(
                {product.name_vi.lower(), fold(product.name_vi), shop.name.lower(), fold(shop.name)}
            ),
            "weight": 1 + min(product.units_sold, 10_000) // 10,
        },
    }
