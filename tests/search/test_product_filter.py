"""The one product filter (``search.product_filter``): cleaning a buyer's values, the
conditions a filter sets, what the search interface accepts, and the catalogue selectors
and both search backends reading the same filter the same way."""

from __future__ import annotations

import pytest

from search.product_filter import (
    MAX_PRICE,
    MAX_SEARCH_LENGTH,
    MAX_VALUES,
    ProductFilter,
    ProductSort,
    ProductSortField,
    clean_search_text,
)
from search.query import SEARCH_SORTS, SearchQuery, indexed, searchable
from shops.selectors import product_list


def test_clean_keeps_valid_values_in_order():
    product_filter, invalid = ProductFilter.clean(
        search="  nuoc\tmam ",
        stars=["3", 5, "4", "5"],
        districts=["455", "450"],
        communes=["19033"],
        groups=["thuc-pham"],
        producer_types=["cooperative"],
        price_min=50_000,
        price_max=200_000,
        in_stock=True,
    )
    assert product_filter == ProductFilter(
        search="nuoc mam",
        stars=(5, 4, 3),
        districts=("455", "450"),
        communes=("19033",),
        groups=("thuc-pham",),
        producer_types=("cooperative",),
        price_min=50_000,
        price_max=200_000,
        in_stock=True,
    )
    assert invalid == frozenset()


def test_clean_drops_and_names_invalid_values():
    product_filter, invalid = ProductFilter.clean(
        stars=["7", "abc", "4"],
        districts=["<script>", "455"],
        producer_types=["pirate", "household"],
        price_min=-5,
        price_max=MAX_PRICE + 1,
    )
    assert product_filter == ProductFilter(
        stars=(4,), districts=("455",), producer_types=("household",)
    )
    assert invalid == {"stars", "districts", "producer_types", "price_min", "price_max"}


def test_clean_keeps_at_most_max_values_codes():
    codes = [str(n) for n in range(MAX_VALUES + 5)]
    product_filter, invalid = ProductFilter.clean(groups=codes)
    assert product_filter.groups == tuple(codes[:MAX_VALUES])
    assert invalid == {"groups"}


def test_clean_orders_a_reversed_price_range_and_leaves_stock_unset_when_off():
    product_filter, invalid = ProductFilter.clean(price_min=300_000, price_max=100_000)
    assert (product_filter.price_min, product_filter.price_max) == (100_000, 300_000)
    assert product_filter.in_stock is None
    assert invalid == frozenset()


def test_clean_search_text():
    assert clean_search_text("\x00 mat\n\n ong  ") == "mat ong"
    assert len(clean_search_text("a" * 500)) == MAX_SEARCH_LENGTH


def test_conditions_are_the_fields_that_differ_from_their_default():
    assert ProductFilter().conditions() == frozenset()
    assert ProductFilter().is_empty()
    assert ProductFilter(search="mam", stars=(4,), in_stock=False).conditions() == {
        "search",
        "stars",
        "in_stock",
    }


def test_search_query_accepts_only_what_the_index_holds():
    assert indexed(ProductFilter(search="mam", stars_min=4, districts=("455",), published=True))
    for product_filter in (
        ProductFilter(categories=(1,)),
        ProductFilter(minimal_price_min=1),
        ProductFilter(published=False),
        ProductFilter(any_of=(ProductFilter(stars=(4,)),)),
        ProductFilter(nothing=True),
    ):
        assert not indexed(product_filter)
        with pytest.raises(ValueError, match="not in the search index"):
            SearchQuery(filter=product_filter)
    with pytest.raises(ValueError, match="not a search order"):
        SearchQuery(sort=ProductSort(ProductSortField.NAME))


def test_search_orders():
    assert all(searchable(sort) for sort in SEARCH_SORTS)
    assert searchable(ProductSort())
    assert searchable(ProductSort(descending=True))
    assert not searchable(ProductSort(ProductSortField.RANK))  # least relevant first
    assert ProductSort().is_relevance
    assert ProductSort.RELEVANCE.is_relevance
    assert not ProductSort.NEWEST.is_relevance


@pytest.mark.django_db
@pytest.mark.parametrize(
    "product_filter",
    [
        ProductFilter(),
        ProductFilter(stars=(4,)),
        ProductFilter(stars=(3, 5)),
        ProductFilter(stars_min=4),
        ProductFilter(certified_only=True),
        ProductFilter(districts=("455", "450")),
        ProductFilter(groups=("do-uong", "duoc-lieu")),
        ProductFilter(shops=("ho-canh-duong",)),
        ProductFilter(producer_types=("enterprise",)),
        ProductFilter(price_min=80_000, price_max=125_000),  # one variant each
        ProductFilter(in_stock=True),  # stock at the shops' warehouses, nothing reserved
        ProductFilter(in_stock=False),
        ProductFilter(stars_min=3, districts=("450",), price_max=80_000),
    ],
)
def test_catalogue_and_search_backends_read_a_filter_alike(backend, indexed, product_filter):
    """The catalogue selector answers from the database, the backend from its index: the
    same filter selects the same products."""
    searched = backend.search(SearchQuery(filter=product_filter, page_size=100))
    listed = product_list(filters=product_filter)
    assert {p.pk for p in listed} == set(searched.product_ids)
    assert searched.total == len(searched.product_ids) > 0
