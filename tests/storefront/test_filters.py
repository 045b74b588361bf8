"""Parsing the catalogue's GET parameters: bad values are dropped (and reported), never
raised; URLs rebuilt from the state are canonical (fixed order, defaults left out)."""

from __future__ import annotations

from django.http import QueryDict

from search.product_filter import MAX_SEARCH_LENGTH, ProductSort
from storefront.filters import (
    DEFAULT_PER_PAGE,
    FilterState,
    parse_filter_state,
    search_query_from_params,
)

PATH = "/products/"


def parse(query: str, **kwargs) -> FilterState:
    return parse_filter_state(QueryDict(query), **kwargs)


def test_contract_parameters_become_a_search_query():
    query, state = search_query_from_params(
        QueryDict(
            "q=nuoc+mam&stars=4&stars=5&district=455&district=450&commune=19033&group=thuc-pham"
            "&shop_type=cooperative&price_min=50000&price_max=200.000&in_stock=1&sort=price_asc&page=2&per_page=12"
        )
    )
    assert query.text == "nuoc mam"
    assert query.filter.stars == (5, 4)
    assert query.filter.districts == ("455", "450")
    assert query.filter.communes == ("19033",)
    assert query.filter.groups == ("thuc-pham",)
    assert query.filter.producer_types == ("cooperative",)
    assert (query.filter.price_min, query.filter.price_max) == (50_000, 200_000)
    assert query.filter.in_stock is True
    assert query.filter.shops == ()
    assert (query.sort, query.page, query.page_size) == (ProductSort.PRICE_ASC, 2, 12)
    assert state.errors == ()


def test_shop_page_restricts_to_its_shop_and_keeps_its_default_sort():
    query, state = search_query_from_params(
        QueryDict(""), shop_slug="htx-phong-nha", default_sort=ProductSort.BEST_SELLING
    )
    assert query.filter.shops == ("htx-phong-nha",)
    assert query.sort == ProductSort.BEST_SELLING
    assert state.url(PATH) == PATH  # the default sort is not written into the URL


def test_bad_values_are_dropped_and_reported():
    state = parse(
        "stars=abc&stars=7&stars=4&price_min=-5&price_max=lots&page=0&per_page=1000"
        "&sort=cheapest&shop_type=pirate&district=<script>"
    )
    assert state.filter.stars == (4,)
    assert state.filter.price_min is None
    assert state.filter.price_max is None
    assert state.page == 1
    assert state.per_page == DEFAULT_PER_PAGE
    assert state.sort == ProductSort.NEWEST
    assert state.filter.producer_types == ()
    assert state.filter.districts == ()
    reported = " ".join(state.errors)
    for name in (
        "stars",
        "price_min",
        "price_max",
        "page",
        "per_page",
        "sort",
        "shop_type",
        "district",
    ):
        assert f"“{name}”" in reported


def test_huge_page_is_capped_to_the_reachable_window():
    assert parse("page=9999999&per_page=12").page == 10_000 // 12
    assert parse("page=99999999999999999999").page == 1  # not even a sane number


def test_swapped_price_range_is_put_in_order():
    state = parse("price_min=300000&price_max=100000")
    assert (state.filter.price_min, state.filter.price_max) == (100_000, 300_000)


def test_text_is_trimmed_collapsed_and_limited():
    state = parse("q=" + "%20%20nuoc%0A%20mam%00" + "a" * 500)
    assert state.filter.search.startswith("nuoc mam")
    assert len(state.filter.search) <= MAX_SEARCH_LENGTH
    assert "\x00" not in state.filter.search


def test_relevance_is_the_default_with_text_and_never_without():
    assert parse("q=mat+ong").sort == ProductSort.RELEVANCE
    assert parse("").sort == ProductSort.NEWEST
    assert parse("sort=relevance").sort == ProductSort.NEWEST


def test_repeated_and_comma_separated_values_are_deduplicated():
    assert parse("stars=4&stars=4,5").filter.stars == (5, 4)
    assert parse("district=455&district=455").filter.districts == ("455",)


def test_url_is_canonical():
    state = parse("per_page=24&sort=newest&in_stock=on&district=455&stars=4&q=mam&page=1")
    assert state.url(PATH) == "/products/?q=mam&stars=4&district=455&in_stock=1&sort=newest"
    assert parse("").url(PATH) == PATH


def test_toggle_links_add_or_remove_one_value_and_go_back_to_page_one():
    state = parse("stars=4&district=455&page=3")
    assert state.toggle_url(PATH, "stars", 5) == "/products/?stars=5&stars=4&district=455"
    assert state.toggle_url(PATH, "stars", 4) == "/products/?district=455"
    assert state.page_url(PATH, 4) == "/products/?stars=4&district=455&page=4"


def test_removing_a_district_also_drops_its_communes():
    state = parse("district=455&commune=19033")
    assert state.toggle_url(PATH, "district", "455") == PATH


def test_chips_name_each_active_filter_with_a_link_without_it():
    state = parse("q=mam&stars=4&district=455&shop_type=cooperative&price_min=100000&in_stock=1")
    chips = state.chips(PATH, {"district": {"455": "Huyện Bố Trạch"}})
    by_param = {c.param: c for c in chips}
    assert by_param["district"].label == "Huyện Bố Trạch"
    assert by_param["stars"].label == "4 sao"
    assert by_param["shop_type"].label == "Hợp tác xã"
    assert by_param["price_min"].label == "Từ 100.000 ₫"
    assert (
        by_param["in_stock"].remove_url
        == "/products/?q=mam&stars=4&district=455&shop_type=cooperative&price_min=100000"
    )
    assert by_param["q"].remove_url == (
        "/products/?stars=4&district=455&shop_type=cooperative&price_min=100000&in_stock=1"
    )


def test_clear_keeps_text_sort_and_page_size():
    state = parse("q=mam&stars=4&sort=price_asc&per_page=48&page=2")
    assert state.clear_url(PATH) == "/products/?q=mam&sort=price_asc&per_page=48"
