"""The one definition of a product filter (``ProductFilter``) and a product sort
(``ProductSort``), with the rules for cleaning a buyer's values (``ProductFilter.clean``).

Every product list reads them: the search backends (through ``search.query.SearchQuery``)
and the catalogue selectors (``shops.selectors.product_list`` and the nested product
pages). The interfaces only translate their input into them: the storefront's query string
(``storefront.filters``) and Saleor's GraphQL inputs (``shops.graphql.filters``)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import ClassVar

from marketplace.models import Producer

#: The OCOP ratings a buyer filters by, best first.
STAR_VALUES = (5, 4, 3)
#: At most this many values of one list condition are kept from a buyer's input.
MAX_VALUES = 20
#: The highest price a buyer's price bound may name (integer VND).
MAX_PRICE = 1_000_000_000
#: A buyer's search text is cut to this many characters.
MAX_SEARCH_LENGTH = 100

_CODE = re.compile(r"^[0-9A-Za-z_-]{1,40}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ProductSortField(StrEnum):
    """What a product list can be sorted by."""

    RANK = "rank"  # relevance to the text search
    NAME = "name"
    PRICE = "price"  # the lowest price
    CREATED = "created"
    UPDATED = "updated"
    PUBLISHED = "published"
    RATING = "rating"  # current OCOP stars
    GROUP = "group"  # the product group's position
    UNITS_SOLD = "units_sold"


@dataclass(frozen=True)
class ProductSort:
    """A product list's order. ``field`` ``None`` is the list's default order: relevance
    with a text search, else newest first (the search backends: best selling). The
    named orders (``RELEVANCE``, ``PRICE_ASC`` …) are the ones the search backends know."""

    field: ProductSortField | None = None
    descending: bool = False

    RELEVANCE: ClassVar[ProductSort]
    PRICE_ASC: ClassVar[ProductSort]
    PRICE_DESC: ClassVar[ProductSort]
    NEWEST: ClassVar[ProductSort]
    BEST_SELLING: ClassVar[ProductSort]
    STARS: ClassVar[ProductSort]

    @property
    def is_relevance(self) -> bool:
        """Relevance order when there is a text search (the default order or rank)."""
        return self.field in (None, ProductSortField.RANK)


ProductSort.RELEVANCE = ProductSort(ProductSortField.RANK, descending=True)
ProductSort.PRICE_ASC = ProductSort(ProductSortField.PRICE)
ProductSort.PRICE_DESC = ProductSort(ProductSortField.PRICE, descending=True)
ProductSort.NEWEST = ProductSort(ProductSortField.PUBLISHED, descending=True)
ProductSort.BEST_SELLING = ProductSort(ProductSortField.UNITS_SOLD, descending=True)
ProductSort.STARS = ProductSort(ProductSortField.RATING, descending=True)


@dataclass(frozen=True)
class ProductFilter:
    """Conditions on products. All combine with AND, the values inside one tuple with OR;
    a field left at its default sets no condition. ``all_of`` / ``any_of`` nest filters
    (AND / OR, Saleor's ``where``). Prices are integer VND; ratings are evaluated on the
    certificates' validity windows at query time, so an expired certificate never
    matches. Which conditions the search index can answer: ``search.query``."""

    search: str = ""  # words of the name (with or without accents), shop or description
    ids: tuple[int, ...] | None = None
    slugs: tuple[str, ...] | None = None
    names: tuple[str, ...] | None = None
    categories: tuple[int, ...] | None = None  # with their subcategories
    has_category: bool | None = None
    collections: tuple[int, ...] | None = None
    stars: tuple[int, ...] = ()  # current OCOP stars, any of
    stars_min: int | None = None  # at least this many current stars
    certified_only: bool = False  # some OCOP certificate in force
    districts: tuple[str, ...] = ()  # origin former district codes (or slugs)
    communes: tuple[str, ...] = ()  # origin current commune codes (or slugs)
    groups: tuple[str, ...] = ()  # OCOP product group codes (148/2023)
    shops: tuple[str, ...] = ()  # shop slugs
    producer_types: tuple[str, ...] = ()  # Producer.LegalType values
    price_min: int | None = None  # some price of the product within the range
    price_max: int | None = None
    minimal_price_min: int | None = None  # the lowest active variant price within the range
    minimal_price_max: int | None = None
    in_stock: bool | None = None
    published: bool | None = None
    published_from: datetime.datetime | None = None
    updated_from: datetime.datetime | None = None
    updated_to: datetime.datetime | None = None
    all_of: tuple[ProductFilter, ...] = ()
    any_of: tuple[ProductFilter, ...] = ()
    nothing: bool = False  # a condition no product meets (e.g. an id of another type)

    def conditions(self) -> frozenset[str]:
        """The names of the fields that set a condition (differ from their default)."""
        return frozenset(f.name for f in fields(self) if getattr(self, f.name) != f.default)

    def is_empty(self) -> bool:
        return not self.conditions()

    @classmethod
    def clean(
        cls,
        *,
        search: str = "",
        stars: Iterable[str | int] = (),
        districts: Iterable[str] = (),
        communes: Iterable[str] = (),
        groups: Iterable[str] = (),
        producer_types: Iterable[str] = (),
        price_min: int | None = None,
        price_max: int | None = None,
        in_stock: bool = False,
    ) -> tuple[ProductFilter, frozenset[str]]:
        """A buyer's filter from the values they sent, and the names of the conditions
        that had an invalid value (dropped, never raised): stars other than 3/4/5, codes
        that are not codes or past ``MAX_VALUES``, unknown producer types, prices outside
        0…``MAX_PRICE``. The text is cleaned (``clean_search_text``), a reversed price
        range put in order and stars sorted best first."""
        invalid: set[str] = set()
        allowed_stars = {str(s) for s in STAR_VALUES}
        kept_stars: set[int] = set()
        for value in stars:
            if str(value) in allowed_stars:
                kept_stars.add(int(value))
            else:
                invalid.add("stars")

        def codes(
            name: str, values: Iterable[str], allowed: set[str] | None = None
        ) -> tuple[str, ...]:
            kept: list[str] = []
            for value in values:
                if is_code(value) and (allowed is None or value in allowed):
                    if len(kept) < MAX_VALUES:
                        kept.append(value)
                        continue
                invalid.add(name)
            return tuple(kept)

        prices: dict[str, int | None] = {"price_min": price_min, "price_max": price_max}
        for name, amount in prices.items():
            if amount is not None and not 0 <= amount <= MAX_PRICE:
                prices[name] = None
                invalid.add(name)
        low, high = prices["price_min"], prices["price_max"]
        if low is not None and high is not None and low > high:
            low, high = high, low
        product_filter = cls(
            search=clean_search_text(search),
            stars=tuple(sorted(kept_stars, reverse=True)),
            districts=codes("districts", districts),
            communes=codes("communes", communes),
            groups=codes("groups", groups),
            producer_types=codes("producer_types", producer_types, set(Producer.LegalType.values)),
            price_min=low,
            price_max=high,
            in_stock=True if in_stock else None,
        )
        return product_filter, frozenset(invalid)


def is_code(value: str) -> bool:
    """An administrative unit, product group or producer type code (letters, digits,
    ``-``/``_``, at most 40)."""
    return bool(_CODE.match(value))


def clean_search_text(raw: str) -> str:
    """Control characters become spaces, runs of spaces one space, and the text is cut
    to ``MAX_SEARCH_LENGTH`` characters."""
    text = _CONTROL.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_SEARCH_LENGTH].strip()


#: No condition: every product (a default argument).
NO_FILTER = ProductFilter()
#: The list's default order (a default argument).
DEFAULT_SORT = ProductSort()
