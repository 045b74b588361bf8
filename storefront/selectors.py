"""Reads of the consumer pages. Product lists come from the search interface
(``search.selectors.product_search``), then the page's rows are loaded in one query."""

from __future__ import annotations

from django.db.models import Max, Min, Prefetch

from shops.models import Product, ProductMedia
from shops.selectors import ocop_rating_annotations


def products_in_order(product_ids: list[int]) -> list[Product]:
    """The products of a search page, in the page's order, with price and current stars,
    shop, origin and images (``product.media.all()`` is prefetched): two queries whatever
    the page size. Each product is rendered by ``storefront/_product_card.html``."""
    rows = (
        Product.objects.filter(pk__in=product_ids)
        .annotate(
            min_price=Min("variants__price"),
            max_compare_at=Max("variants__compare_at_price"),
            **ocop_rating_annotations(),
        )
        .select_related("shop", "origin_district", "origin_commune", "product_group")
        .prefetch_related(
            Prefetch("media", queryset=ProductMedia.objects.order_by("position", "id"))
        )
    )
    by_pk = {p.pk: p for p in rows}
    return [by_pk[pk] for pk in product_ids if pk in by_pk]
