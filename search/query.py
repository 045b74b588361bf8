"""The one search interface: what callers ask (``SearchQuery``) and what every backend
answers (``SearchResult``). Storefront, GraphQL and the dashboard build a SearchQuery and
call ``search.selectors.product_search``; backends live in ``search/backends/``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class SortBy(StrEnum):
    RELEVANCE = "relevance"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NEWEST = "newest"
    BEST_SELLING = "best_selling"
    STARS = "stars"


@dataclass(frozen=True)
class SearchFilters:
    """All filters combine with AND; values inside one list combine with OR.

    ``stars`` matches the product's current OCOP rating exactly (any of the values);
    ``min_stars`` at least N. Ratings are evaluated at query time on the certificates'
    validity windows (``at``, default now), so an expired certificate never matches.
    Prices are integer VND over any of the product's variants."""

    stars: tuple[int, ...] = ()
    min_stars: int | None = None
    districts: tuple[str, ...] = ()  # former district codes, e.g. "455"
    communes: tuple[str, ...] = ()  # current commune codes
    groups: tuple[str, ...] = ()  # OCOP product group codes (148/2023)
    shops: tuple[str, ...] = ()  # shop slugs
    producer_types: tuple[str, ...] = ()  # Producer.LegalType values
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool | None = None
    certified_only: bool = False


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: SortBy = SortBy.RELEVANCE
    page: int = 1
    page_size: int = 24
    search_after: tuple[Any, ...] | None = None  # cursor from a previous result (deep paging)
    facets: bool = True
    at: datetime.datetime | None = None  # evaluation time for certificate validity


@dataclass
class FacetBucket:
    value: str
    count: int


@dataclass
class SearchResult:
    product_ids: list[int]
    total: int
    facets: dict[str, list[FacetBucket]] = field(default_factory=dict)  # stars, districts, groups
    next_search_after: tuple[Any, ...] | None = None
    backend: str = ""


@dataclass
class Suggestion:
    text: str
    kind: str  # "product" | "shop"
    slug: str


MAX_PAGE_SIZE = 100
FACET_NAMES = ("stars", "districts", "groups")
