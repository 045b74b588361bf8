"""Reads of the consumer pages. Product lists come from the search interface
(``search.services.product_search``), then the page's rows are loaded in one query."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Min, Prefetch

from marketplace.models import AdministrativeUnit
from search.query import SearchFilters, SearchQuery, SortBy
from search.services import product_search
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


def home_context() -> dict[str, Any]:
    featured = product_search(SearchQuery(filters=SearchFilters(min_stars=4), sort=SortBy.STARS,
                                          page_size=12, facets=False))
    overview = product_search(SearchQuery(page_size=1, facets=True))
    counts = {bucket.value: bucket.count for bucket in overview.facets.get("districts", [])}
    districts = list(AdministrativeUnit.objects.filter(generation="former", level="district").order_by("code"))
    for district in districts:
        district.product_count = counts.get(district.code, 0)  # type: ignore[attr-defined]
    return {"featured": products_in_order(featured.product_ids), "districts": districts}
