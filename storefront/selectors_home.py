"""The home page's reads: featured and newest products, counts per former district and
product group, a few shops and the livestreams."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from marketplace.models import AdministrativeUnit, ProductGroup
from search.product_filter import ProductFilter, ProductSort
from search.query import SearchQuery
from search.selectors import product_search

from .selectors import products_in_order
from .selectors_shop import home_shops

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
    english = (get_language() or "vi").startswith("en")
    featured = product_search(
        SearchQuery(
            filter=ProductFilter(stars_min=4),
            sort=ProductSort.STARS,
            page_size=HOME_FEATURED,
            facets=False,
        )
    )
    newest = product_search(
        SearchQuery(sort=ProductSort.NEWEST, page_size=HOME_NEWEST, facets=True)
    )
    rows = {
        p.pk: p
        for p in products_in_order(list(dict.fromkeys(featured.product_ids + newest.product_ids)))
    }

    district_counts = {bucket.value: bucket.count for bucket in newest.facets.get("districts", [])}
    districts = list(
        AdministrativeUnit.objects.filter(generation="former", level="district").order_by("code")
    )
    for district in districts:
        district.product_count = district_counts.get(district.code, 0)  # type: ignore[attr-defined]

    group_counts = {bucket.value: bucket.count for bucket in newest.facets.get("groups", [])}
    groups = list(
        ProductGroup.objects.filter(
            criteria_version=ProductGroup.CriteriaVersion.D148_2023
        ).order_by("position", "code")
    )
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
