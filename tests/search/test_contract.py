"""The search contract: the same tests against the database backend and Elasticsearch."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from django.utils import timezone

from search.product_filter import ProductFilter, ProductSort
from search.query import SEARCH_SORTS, SearchQuery

pytestmark = pytest.mark.django_db


def ids(result):
    return result.product_ids


def names(catalogue, result):
    by_pk = {p.pk: p.name_vi for p in catalogue.all}
    return [by_pk[pk] for pk in result.product_ids]


def run(backend, text="", **kwargs):
    product_filter = kwargs.pop("filter", None) or ProductFilter()
    return backend.search(SearchQuery(filter=replace(product_filter, search=text), **kwargs))


def facet(result, name):
    return {b.value: b.count for b in result.facets[name]}


# --- text ---------------------------------------------------------------------------


def test_empty_query_lists_every_indexable_product(backend, indexed):
    result = run(backend, page_size=100)
    assert sorted(ids(result)) == sorted(p.pk for p in indexed.all)
    assert result.total == 7
    assert indexed.draft.pk not in ids(result)
    assert indexed.hidden.pk not in ids(result)


def test_unaccented_query_finds_accented_names(backend, indexed):
    result = run(backend, "nuoc mam")
    assert set(ids(result)) == {indexed.nhi.pk, indexed.ca_com.pk, indexed.cham.pk}


def test_exact_accented_phrase_ranks_first(backend, indexed):
    result = run(backend, "nước mắm")
    assert set(ids(result)[:2]) == {indexed.nhi.pk, indexed.ca_com.pk}
    assert ids(result)[2] == indexed.cham.pk


def test_d_with_stroke_folds_to_d(backend, indexed):
    assert ids(run(backend, "dau tram")) == [indexed.tram.pk]
    assert ids(run(backend, "dầu tràm")) == [indexed.tram.pk]


def test_typo_in_a_longer_word_still_matches(backend, indexed):
    assert ids(run(backend, "mat onng")) == [indexed.mat_ong.pk]
    assert ids(run(backend, "ruou gaoo")) == [indexed.ruou.pk]


def test_short_words_are_not_fuzzy(backend, indexed):
    assert ids(run(backend, "non xa")) == []


def test_shop_name_matches(backend, indexed):
    assert set(ids(run(backend, "canh duong"))) == {indexed.nhi.pk, indexed.non.pk}


def test_autocomplete_from_first_characters(backend, indexed):
    suggestions = backend.suggest("nuoc m")
    products = [s.text for s in suggestions if s.kind == "product"]
    assert sorted(products) == ["Nước mắm cá cơm Bảo Ninh", "Nước mắm nhĩ Cảnh Dương"]
    assert [s.text for s in backend.suggest("mật o")] == ["Mật ong rừng Phong Nha"]
    shops = [(s.text, s.slug) for s in backend.suggest("cong ty") if s.kind == "shop"]
    assert shops == [("Công ty Bảo Ninh", "cong-ty-bao-ninh")]


# --- filters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ProductFilter(stars=(4,)), {"nhi"}),
        (ProductFilter(stars=(3, 5)), {"ca_com", "mat_ong", "tram"}),
        (ProductFilter(stars_min=4), {"nhi", "mat_ong"}),
        (ProductFilter(certified_only=True), {"nhi", "ca_com", "mat_ong", "tram"}),
        (ProductFilter(districts=("455",)), {"cham", "mat_ong", "ruou"}),
        (ProductFilter(districts=("455", "450")), {"cham", "mat_ong", "ruou", "ca_com", "tram"}),
        (ProductFilter(groups=("do-uong", "duoc-lieu")), {"ruou", "tram"}),
        (ProductFilter(shops=("ho-canh-duong",)), {"nhi", "non"}),
        (ProductFilter(producer_types=("enterprise",)), {"ca_com", "tram"}),
        (ProductFilter(price_min=80_000, price_max=125_000), {"nhi", "ca_com", "ruou"}),
        (ProductFilter(price_max=30_000), {"cham"}),
        (ProductFilter(in_stock=True), {"nhi", "ca_com", "mat_ong", "ruou", "tram", "non"}),
        (ProductFilter(in_stock=False), {"cham"}),
        (ProductFilter(stars_min=3, districts=("450",), price_max=80_000), {"tram"}),
    ],
)
def test_filters(backend, indexed, filters, expected):
    result = run(backend, filter=filters, page_size=100)
    assert set(ids(result)) == {getattr(indexed, name).pk for name in expected}
    assert result.total == len(expected)


def test_commune_filter(backend, indexed):
    commune = indexed.mat_ong.origin_commune.code
    result = run(backend, filter=ProductFilter(communes=(commune,)), page_size=100)
    assert set(ids(result)) == {indexed.cham.pk, indexed.mat_ong.pk, indexed.ruou.pk}


def test_text_and_filters_combine(backend, indexed):
    result = run(backend, "nuoc mam", filter=ProductFilter(stars_min=4))
    assert ids(result) == [indexed.nhi.pk]


# --- facets -------------------------------------------------------------------------


def test_facet_counts_without_filters(backend, indexed):
    result = run(backend)
    assert facet(result, "stars") == {"3": 2, "4": 1, "5": 1}
    assert facet(result, "districts") == {"455": 3, "450": 2, "454": 2}
    assert facet(result, "groups") == {
        "thuc-pham": 4,
        "do-uong": 1,
        "duoc-lieu": 1,
        "thu-cong-my-nghe": 1,
    }


def test_each_facet_ignores_its_own_filter_and_respects_the_others(backend, indexed):
    result = run(backend, filter=ProductFilter(districts=("455",), groups=("thuc-pham",)))
    assert set(ids(result)) == {indexed.cham.pk, indexed.mat_ong.pk}
    # districts facet: group filter applies, district filter does not
    assert facet(result, "districts") == {"455": 2, "450": 1, "454": 1}
    # groups facet: district filter applies, group filter does not
    assert facet(result, "groups") == {"thuc-pham": 2, "do-uong": 1}
    assert facet(result, "stars") == {"5": 1}


def test_star_facet_ignores_star_filter(backend, indexed):
    result = run(backend, filter=ProductFilter(stars_min=5))
    assert ids(result) == [indexed.mat_ong.pk]
    assert facet(result, "stars") == {"3": 2, "4": 1, "5": 1}


def test_facets_follow_the_text_query(backend, indexed):
    result = run(backend, "nuoc mam")
    assert facet(result, "stars") == {"3": 1, "4": 1}
    assert facet(result, "districts") == {"454": 1, "450": 1, "455": 1}


# --- sorts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (ProductSort.PRICE_ASC, ["cham", "tram", "ca_com", "ruou", "nhi", "non", "mat_ong"]),
        (ProductSort.PRICE_DESC, ["mat_ong", "non", "nhi", "ruou", "ca_com", "tram", "cham"]),
        (ProductSort.NEWEST, ["cham", "nhi", "mat_ong", "non", "ca_com", "ruou", "tram"]),
        (ProductSort.BEST_SELLING, ["ca_com", "ruou", "nhi", "non", "mat_ong", "cham", "tram"]),
        (ProductSort.STARS, ["mat_ong", "nhi", "ca_com", "tram", "ruou", "non", "cham"]),
    ],
)
def test_sorts(backend, indexed, sort, expected):
    result = run(backend, sort=sort, page_size=100)
    assert ids(result) == [getattr(indexed, name).pk for name in expected]


def test_relevance_without_text_is_best_selling(backend, indexed):
    assert ids(run(backend, page_size=100)) == ids(
        run(backend, sort=ProductSort.BEST_SELLING, page_size=100)
    )


# --- pagination ---------------------------------------------------------------------


@pytest.mark.parametrize("sort", list(SEARCH_SORTS))
def test_search_after_walks_every_result_once(backend, indexed, sort):
    seen, cursor = [], None
    for _ in range(10):
        result = backend.search(SearchQuery(sort=sort, page_size=2, search_after=cursor))
        seen.extend(result.product_ids)
        cursor = result.next_search_after
        if cursor is None:
            break
    assert seen == ids(run(backend, sort=sort, page_size=100))
    assert len(seen) == len(set(seen)) == 7


def test_page_numbers(backend, indexed):
    all_ids = ids(run(backend, sort=ProductSort.PRICE_ASC, page_size=100))
    pages = [ids(run(backend, sort=ProductSort.PRICE_ASC, page_size=3, page=n)) for n in (1, 2, 3)]
    assert pages == [all_ids[0:3], all_ids[3:6], all_ids[6:7]]
    assert run(backend, page_size=3, page=3).total == 7


# --- certificate expiry at query time -------------------------------------------------


def test_expired_certificate_has_no_stars_now_but_had_before(backend, indexed):
    now = run(backend, filter=ProductFilter(certified_only=True), page_size=100)
    assert indexed.ruou.pk not in ids(now)
    before = backend.search(
        SearchQuery(
            filter=ProductFilter(stars=(3,)),
            page_size=100,
            at=timezone.now() - datetime.timedelta(days=2),
        )
    )
    assert indexed.ruou.pk in ids(before)
    assert facet(before, "stars")["3"] == 3


def test_certificate_not_yet_decided_does_not_count(backend, indexed):
    # 200 days ago only the (now expired) rice-wine certificate was in force.
    earlier = backend.search(
        SearchQuery(
            filter=ProductFilter(stars_min=3),
            page_size=100,
            at=timezone.now() - datetime.timedelta(days=200),
        )
    )
    assert earlier.product_ids == [indexed.ruou.pk]
