"""The one search interface: what callers ask (``SearchQuery``: a ``ProductFilter`` and a
``ProductSort`` of ``search.product_filter``, and a page) and what every backend answers
(``SearchResult``). Storefront, GraphQL and the dashboard build a SearchQuery and call
``search.selectors.product_search``; backends live in ``search/backends/``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from .product_filter import ProductFilter, ProductSort

#: The conditions of a ``ProductFilter`` the search index holds; a filter with any other
#: (or ``published=False``: the index holds published products only) needs the database.
INDEXED_CONDITIONS = frozenset(
    {
        "search",
        "stars",
        "stars_min",
        "certified_only",
        "districts",  # by code
        "communes",  # by code
        "groups",
        "shops",
        "producer_types",
        "price_min",  # over the product's price range (lowest to highest variant price)
        "price_max",
        "in_stock",  # the indexed flag: units on hand at any location, reservations aside
        "published",
    }
)
#: The orders the search backends know (besides the default ``ProductSort()``, relevance).
SEARCH_SORTS = (
    ProductSort.RELEVANCE,
    ProductSort.PRICE_ASC,
    ProductSort.PRICE_DESC,
    ProductSort.NEWEST,
    ProductSort.BEST_SELLING,
    ProductSort.STARS,
)


def indexed(product_filter: ProductFilter) -> bool:
    """Whether the search backends can apply every condition of ``product_filter``."""
    return (
        product_filter.conditions() <= INDEXED_CONDITIONS and product_filter.published is not False
    )


def searchable(sort: ProductSort) -> bool:
    """Whether the search backends know ``sort`` (the default order is relevance)."""
    return sort.field is None or sort in SEARCH_SORTS


@dataclass(frozen=True)
class SearchQuery:
    """A search: its filter (``filter.search`` is the text), order and page. Raises
    ``ValueError`` for a condition or an order the backends cannot apply."""

    filter: ProductFilter = field(default_factory=ProductFilter)
    sort: ProductSort = ProductSort.RELEVANCE
    page: int = 1
    page_size: int = 24
    search_after: tuple[Any, ...] | None = None  # cursor from a previous result (deep paging)
    facets: bool = True
    at: datetime.datetime | None = None  # evaluation time for certificate validity

    def __post_init__(self) -> None:
        if not indexed(self.filter):
            raise ValueError(f"not in the search index: {sorted(self.filter.conditions())}")
        if not searchable(self.sort):
            raise ValueError(f"not a search order: {self.sort}")

    @property
    def text(self) -> str:
        return self.filter.search


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
