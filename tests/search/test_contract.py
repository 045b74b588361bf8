"""The search contract: the same tests against the database backend and Elasticsearch."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from search.query import SearchFilters, SearchQuery, SortBy

pytestmark = pytest.mark.django_db


def ids(result):
    return result.product_ids


def names(catalogue, result):
    by_pk = {p.pk: p.name_vi for p in catalogue.all}
    return [by_pk[pk] for pk in result.product_ids]


def run(backend, text="", **kwargs):
    filters = kwargs.pop("filters", None) or SearchFilters()
    return backend.search(SearchQuery(text=text, filters=filters, **kwargs))


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
        (SearchFilters(stars=(4,)), {"nhi"}),
        (SearchFilters(stars=(3, 5)), {"ca_com", "mat_ong", "tram"}),
        (SearchFilters(min_stars=4), {"nhi", "mat_ong"}),
        (SearchFilters(certified_only=True), {"nhi", "ca_com", "mat_ong", "tram"}),
        (SearchFilters(districts=("455",)), {"cham", "mat_ong", "ruou"}),
        (SearchFilters(districts=("455", "450")), {"cham", "mat_ong", "ruou", "ca_com", "tram"}),
        (SearchFilters(groups=("do-uong", "duoc-lieu")), {"ruou", "tram"}),
        (SearchFilters(shops=("ho-canh-duong",)), {"nhi", "non"}),
        (SearchFilters(producer_types=("enterprise",)), {"ca_com", "tram"}),
        (SearchFilters(price_min=80_000, price_max=125_000), {"nhi", "ca_com", "ruou"}),
        (SearchFilters(price_max=30_000), {"cham"}),
        (SearchFilters(in_stock=True), {"nhi", "ca_com", "mat_ong", "ruou", "tram", "non"}),
        (SearchFilters(in_stock=False), {"cham"}),
        (SearchFilters(min_stars=3, districts=("450",), price_max=80_000), {"tram"}),
    ],
)
def test_filters(backend, indexed, filters, expected):
    result = run(backend, filters=filters, page_size=100)
    assert set(ids(result)) == {getattr(indexed, name).pk for name in expected}
    assert result.total == len(expected)


def test_commune_filter(backend, indexed):
    commune = indexed.mat_ong.origin_commune.code
    result = run(backend, filters=SearchFilters(communes=(commune,)), page_size=100)
    assert set(ids(result)) == {indexed.cham.pk, indexed.mat_ong.pk, indexed.ruou.pk}


def test_text_and_filters_combine(backend, indexed):
    result = run(backend, "nuoc mam", filters=SearchFilters(min_stars=4))
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
    result = run(backend, filters=SearchFilters(districts=("455",), groups=("thuc-pham",)))
    assert set(ids(result)) == {indexed.cham.pk, indexed.mat_ong.pk}
    # districts facet: group filter applies, district filter does not
    assert facet(result, "districts") == {"455": 2, "450": 1, "454": 1}
    # groups facet: district filter applies, group filter does not
    assert facet(result, "groups") == {"thuc-pham": 2, "do-uong": 1}
    assert facet(result, "stars") == {"5": 1}


def test_star_facet_ignores_star_filter(backend, indexed):
    result = run(backend, filters=SearchFilters(min_stars=5))
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
        (SortBy.PRICE_ASC, ["cham", "tram", "ca_com", "ruou", "nhi", "non", "mat_ong"]),
        (SortBy.PRICE_DESC, ["mat_ong", "non", "nhi", "ruou", "ca_com", "tram", "cham"]),
        (SortBy.NEWEST, ["cham", "nhi", "mat_ong", "non", "ca_com", "ruou", "tram"]),
        (SortBy.BEST_SELLING, ["ca_com", "ruou", "nhi", "non", "mat_ong", "cham", "tram"]),
        (SortBy.STARS, ["mat_ong", "nhi", "ca_com", "tram", "ruou", "non", "cham"]),
    ],
)
def test_sorts(backend, indexed, sort, expected):
    result = run(backend, sort=sort, page_size=100)
    assert ids(result) == [getattr(indexed, name).pk for name in expected]


def test_relevance_without_text_is_best_selling(backend, indexed):
    assert ids(run(backend, page_size=100)) == ids(
        run(backend, sort=SortBy.BEST_SELLING, page_size=100)
    )


# --- pagination ---------------------------------------------------------------------


@pytest.mark.parametrize("sort", list(SortBy))
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
    all_ids = ids(run(backend, sort=SortBy.PRICE_ASC, page_size=100))
    pages = [ids(run(backend, sort=SortBy.PRICE_ASC, page_size=3, page=n)) for n in (1, 2, 3)]
    assert pages == [all_ids[0:3], all_ids[3:6], all_ids[6:7]]
    assert run(backend, page_size=3, page=3).total == 7


# --- certificate expiry at query time -------------------------------------------------


def test_expired_certificate_has_no_stars_now_but_had_before(backend, indexed):
    now = run(backend, filters=SearchFilters(certified_only=True), page_size=100)
    assert indexed.ruou.pk not in ids(now)
    before = backend.search(
        SearchQuery(
            filters=SearchFilters(stars=(3,)),
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
            filters=SearchFilters(min_stars=3),
            page_size=100,
            at=timezone.now() - datetime.timedelta(days=200),
        )
    )
    assert earlier.product_ids == [indexed.ruou.pk]
