"""Reads of the consumer pages. Product lists come from the search interface
(``search.selectors.product_search``), then the page's rows are loaded in one query."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Min, Prefetch
from django.utils.translation import get_language

from marketplace.models import AdministrativeUnit, ProductGroup
from search.query import SearchFilters, SearchQuery, SortBy
from search.selectors import product_search
from shops.models import Product, ProductMedia
from shops.selectors import ocop_rating_annotations


def products_in_order(product_ids: list[int]) -> list[Product]:
    """The products of a search page, in the page's order, with price and current stars,
    shop, origin and images (``product.media.all()`` is prefetched): two queries whatever
    the page size. Each product is rendered by ``storefront/_product_card.html``."""
    rows = (
        Product.objects.filter(pk__in=product_ids)
        .annotate(min_price=Min("variants__price"), max_compare_at=Max("variants__compare_at_price"),
                  **ocop_rating_annotations())
        .select_related("shop", "origin_district", "origin_commune", "product_group")
        .prefetch_related(Prefetch("media", queryset=ProductMedia.objects.order_by("position", "id")))
    )
    by_pk = {p.pk: p for p in rows}
    return [by_pk[pk] for pk in product_ids if pk in by_pk]


HOME_FEATURED = 8
HOME_NEWEST = 8
HOME_SHOPS = 8


def home_livestreams() -> list[Any]:
    """Upcoming and live sessions for the home page. The livestream app has no sessions
    yet (its own issue), so the page shows its empty state."""
    return []


def home_context() -> dict[str, Any]:
    """The home page: featured 4–5★ products, the newest products, product counts per
    former district and per product group (the facets of the newest-products search:
    one search for every count), a few shops and the livestreams. Queries do not grow
    with the number of products."""
    from .selectors_shop import home_shops  # selectors_shop builds on this module

    english = (get_language() or "vi").startswith("en")
    featured = product_search(SearchQuery(filters=SearchFilters(min_stars=4), sort=SortBy.STARS,
                                          page_size=HOME_FEATURED, facets=False))
    newest = product_search(SearchQuery(sort=SortBy.NEWEST, page_size=HOME_NEWEST, facets=True))
    rows = {p.pk: p for p in products_in_order(list(dict.fromkeys(featured.product_ids + newest.product_ids)))}

    district_counts = {bucket.value: bucket.count for bucket in newest.facets.get("districts", [])}
    districts = list(AdministrativeUnit.objects.filter(generation="former", level="district").order_by("code"))
    for district in districts:
        district.product_count = district_counts.get(district.code, 0)  # type: ignore[attr-defined]

    group_counts = {bucket.value: bucket.count for bucket in newest.facets.get("groups", [])}
    groups = list(ProductGroup.objects.filter(criteria_version=ProductGroup.CriteriaVersion.D148_2023)
                  .order_by("position", "code"))
    for group in groups:
        group.product_count = group_counts.get(group.code, 0)  # type: ignore[attr-defined]
        group.label = group.name_en if english and group.name_en else group.name_vi  # type: ignore[attr-defined]

    return {
        "featured": [rows[pk] for pk in featured.product_ids if pk in rows],
        "newest": [rows[pk] for pk in newest.product_ids if pk in rows],
        "total": newest.total,
        "districts": districts,
        "groups": groups,
        "shops": home_shops(limit=HOME_SHOPS),
        "livestreams": home_livestreams(),
    }
