"""Filters and facets of the database backend: one condition per facet dimension (each
facet ignores its own filter) and the facet counts, as the Elasticsearch backend's
post-filter and aggregations."""

from __future__ import annotations

import datetime
import operator
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet

from ...models import ProductSearchEntry, ProductSearchRating
from ...product_filter import ProductFilter
from ...query import FacetBucket

FACET_SIZES = {"stars": 3, "districts": 50, "groups": 50}


def periods_on(day: datetime.date) -> QuerySet[ProductSearchRating]:
    return ProductSearchRating.objects.filter(
        entry=OuterRef("pk"), valid_from__lte=day, valid_until__gte=day
    )


def filter_clauses(filters: ProductFilter, day: datetime.date) -> dict[str, Q]:
    """One clause per facet dimension (each facet ignores its own) plus ``other``; the
    Elasticsearch backend's ``filter_clauses``."""
    clauses: dict[str, Q] = {}
    star_parts = []
    if filters.stars:
        star_parts.append(Q(Exists(periods_on(day).filter(stars__in=list(filters.stars)))))
    if filters.stars_min:
        star_parts.append(Q(Exists(periods_on(day).filter(stars__gte=filters.stars_min))))
    if filters.certified_only:
        star_parts.append(Q(Exists(periods_on(day))))
    if star_parts:
        clauses["stars"] = reduce(operator.and_, star_parts)
    if filters.districts:
        clauses["districts"] = Q(district__in=list(filters.districts))
    if filters.groups:
        clauses["groups"] = Q(group__in=list(filters.groups))
    other = []
    if filters.communes:
        other.append(Q(commune__in=list(filters.communes)))
    if filters.shops:
        other.append(Q(shop_slug__in=list(filters.shops)))
    if filters.producer_types:
        other.append(Q(producer_type__in=list(filters.producer_types)))
    if filters.price_min is not None:
        other.append(Q(price_max__gte=filters.price_min))
    if filters.price_max is not None:
        other.append(Q(price_min__lte=filters.price_max))
    if filters.in_stock is not None:
        other.append(Q(in_stock=filters.in_stock))
    if other:
        clauses["other"] = reduce(operator.and_, other)
    return clauses


@dataclass(frozen=True)
class _Dimensions:
    """The facet dimensions' filters as predicates on (current stars, district, group),
    equivalent to their clauses in ``filter_clauses`` (an entry's rating periods never
    overlap, so "a period on the day with stars in S" is "current stars in S")."""

    filters: ProductFilter

    def stars_ok(self, stars: int | None) -> bool:
        f = self.filters
        if f.stars and (stars is None or stars not in {int(s) for s in f.stars}):
            return False
        if f.stars_min and (stars is None or stars < f.stars_min):
            return False
        return not (f.certified_only and stars is None)

    def district_ok(self, district: str) -> bool:
        return not self.filters.districts or district in {str(d) for d in self.filters.districts}

    def group_ok(self, group: str) -> bool:
        return not self.filters.groups or group in {str(g) for g in self.filters.groups}


def _buckets(name: str, counts: Counter[Any]) -> list[FacetBucket]:
    """Elasticsearch's terms order: count desc, then value; its bucket limit."""
    ordered = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))[: FACET_SIZES[name]]
    return [FacetBucket(str(value), count) for value, count in ordered]


def facets_and_total(
    matched: QuerySet[ProductSearchEntry],
    filters: ProductFilter,
    clauses: dict[str, Q],
    day: datetime.date,
) -> tuple[dict[str, list[FacetBucket]], int]:
    """Facet counts (each over the text matches filtered by every clause but its own)
    and the number of hits, from one query counting the matches that pass the other
    filters per (district, group, current stars)."""
    current = FilteredRelation(
        "ratings", condition=Q(ratings__valid_from__lte=day, ratings__valid_until__gte=day)
    )
    rows = (
        matched.filter(*[c for name, c in clauses.items() if name == "other"])
        .annotate(current=current)
        .values("district", "group", "current__stars")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("district", "group", "current__stars", "n")
    )
    dims = _Dimensions(filters)
    stars: Counter[int] = Counter()
    districts: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    total = 0
    for district, group, current_stars, n in rows:
        stars_ok, district_ok, group_ok = (
            dims.stars_ok(current_stars),
            dims.district_ok(district),
            dims.group_ok(group),
        )
        if current_stars is not None and district_ok and group_ok:
            stars[current_stars] += n
        if stars_ok and group_ok:
            districts[district] += n
        if stars_ok and district_ok:
            groups[group] += n
        if stars_ok and district_ok and group_ok:
            total += n
    return {
        "stars": _buckets("stars", stars),
        "districts": _buckets("districts", districts),
        "groups": _buckets("groups", groups),
    }, total
