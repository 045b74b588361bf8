"""The database search backend on its own: Vietnamese text matching and relevance, every
filter, facet, sort and cursor, certificate expiry at query time, writes and
autocomplete. Its semantics are the Elasticsearch backend's (the contract suite in
test_contract.py runs shared cases against both)."""

from __future__ import annotations

import datetime
import json
import zoneinfo
from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.utils import timezone

from marketplace.models import AdministrativeUnit, ProductGroup
from search.backends import database
from search.documents import product_documents
from search.models import ProductSearchEntry, ProductSearchRating
from search.product_filter import ProductFilter, ProductSort
from search.query import MAX_PAGE_SIZE, SEARCH_SORTS, SearchQuery
from shops.models import Product
from tests.factories.marketplace import ProducerFactory, make_certificate
from tests.factories.shops import ProductFactory, ShopFactory, VariantFactory, make_stock
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _producer(district_code, legal_type):
    district = AdministrativeUnit.objects.get(
        generation="former", level="district", code=district_code
    )
    commune = (
        AdministrativeUnit.objects.filter(parent=district, successor__isnull=False)
        .first()
        .successor
    )
    return ProducerFactory(district=district, commune=commune, legal_type=legal_type)


def _certify(product, stars, decision, valid_until):
    return make_certificate(
        product,
        product_group=product.product_group,
        stars=stars,
        score={3: 60, 4: 80, 5: 95}[stars],
        decision_date=decision,
        valid_until=valid_until,
    )


def _product(
    shop,
    name,
    group,
    prices,
    *,
    units=0,
    stock=10,
    days_ago=10,
    stars=None,
    expired=False,
    name_en="",
    description="",
):
    product = ProductFactory(
        shop=shop,
        name_vi=name,
        name_en=name_en,
        product_group=group,
        units_sold=units,
        description_vi=description,
        status="published",
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    for price in prices:
        variant = VariantFactory(product=product, price=price)
        if stock:
            make_stock(variant, stock)
    if stars:
        today = timezone.localdate()
        if expired:
            _certify(
                product,
                stars,
                today - datetime.timedelta(days=1000),
                today - datetime.timedelta(days=1),
            )
        else:
            _certify(
                product,
                stars,
                today - datetime.timedelta(days=100),
                today + datetime.timedelta(days=900),
            )
    return product


def index(*products):
    ids = [p.pk for p in products]
    docs = product_documents(ids)
    database.write(docs, [pk for pk in ids if pk not in {d["id"] for d in docs}])


@pytest.fixture
def cat(admin_units):
    """Eight products in three shops / districts / producer types; ``khoai`` has no
    variant (no price, not in stock)."""
    food = ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham")
    drink = ProductGroup.objects.get(criteria_version="148/2023", code="do-uong")
    herbs = ProductGroup.objects.get(criteria_version="148/2023", code="duoc-lieu")
    phong_nha = ShopFactory(
        producer=_producer("455", "cooperative"), name="HTX Phong Nha", slug="htx-phong-nha"
    )
    bao_ninh = ShopFactory(
        producer=_producer("450", "enterprise"), name="Công ty Bảo Ninh", slug="cong-ty-bao-ninh"
    )
    canh_duong = ShopFactory(
        producer=_producer("454", "household"), name="Hộ Cảnh Dương", slug="ho-canh-duong"
    )
    c = SimpleNamespace(
        shops=SimpleNamespace(phong_nha=phong_nha, bao_ninh=bao_ninh, canh_duong=canh_duong)
    )
    c.nhi = _product(
        canh_duong,
        "Nước mắm nhĩ Cảnh Dương",
        food,
        [120_000],
        units=50,
        stars=4,
        days_ago=3,
        name_en="Premium fish sauce",
    )
    c.ca_com = _product(
        bao_ninh, "Nước mắm cá cơm", food, [85_000], units=200, stars=3, days_ago=20
    )
    c.cham = _product(phong_nha, "Mắm nước chấm chay", food, [30_000], units=5, stock=0, days_ago=1)
    c.mat_ong = _product(
        phong_nha, "Mật ong rừng", food, [260_000, 300_000], units=10, stars=5, days_ago=7
    )
    c.ruou = _product(
        phong_nha,
        "Rượu gạo men lá",
        drink,
        [90_000],
        units=120,
        stars=3,
        expired=True,
        days_ago=30,
        name_en="Traditional rice wine",
    )
    c.tram = _product(
        bao_ninh,
        "Tinh dầu tràm",
        herbs,
        [75_000],
        units=0,
        stars=3,
        days_ago=60,
        description="<p>Chiết xuất từ lá <b>tràm gió</b> Quảng Bình.</p>",
    )
    c.khoai = _product(canh_duong, "Khoai deo", food, [], units=30, days_ago=15)
    c.all = [c.nhi, c.ca_com, c.cham, c.mat_ong, c.ruou, c.tram, c.khoai]
    index(*c.all)
    return c


def query(text="", **kwargs):
    product_filter = kwargs.pop("filter", None) or ProductFilter()
    return SearchQuery(filter=replace(product_filter, search=text), **kwargs)


def search(text="", **kwargs):
    kwargs.setdefault("page_size", 100)
    return database.search(query(text, **kwargs))


def ids(text="", **kwargs):
    return search(text, **kwargs).product_ids


def pks(*products):
    return [p.pk for p in products]


def facet(result, name):
    return {b.value: b.count for b in result.facets[name]}


# --- analysis ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Nước mắm Đồng Hới", ["nước", "mắm", "đồng", "hới"]),
        (
            "Cà phê 1.5kg, 1,000g; don't e.g. a.1 x,y",
            ["cà", "phê", "1.5kg", "1,000g", "don't", "e.g", "a", "1", "x", "y"],
        ),
        ("Phong-Nha (đặc biệt) ___ 100%", ["phong", "nha", "đặc", "biệt", "100"]),
        ("", []),
    ],
)
def test_analyze_cuts_like_the_standard_tokenizer(text, tokens):
    assert database.analyze(text) == tokens


def test_edit_distance_counts_a_transposition_as_one_edit():
    assert database.edit_distance("mang", "mnag", 2) == 1
    assert database.edit_distance("ong", "onng", 2) == 1
    assert database.edit_distance("traditional", "tradicionel", 2) == 2
    assert database.edit_distance("traditional", "tradicionelx", 2) == 3  # over the limit


def test_index_rows_mirror_the_document(cat):
    entry = ProductSearchEntry.objects.get(pk=cat.tram.pk)
    assert entry.name_vi_terms == " tinh dầu tràm "
    assert entry.name_folded == " tinh dau tram "
    assert entry.description_folded == " chiet xuat tu la tram gio quang binh "
    assert entry.shop_prefix == "cong ty bao ninh"
    assert (entry.district, entry.group, entry.producer_type) == ("450", "duoc-lieu", "enterprise")
    assert entry.published_at.microsecond % 1000 == 0  # millisecond resolution, like an ES date
    mat_ong = ProductSearchEntry.objects.get(pk=cat.mat_ong.pk)
    assert (mat_ong.price_min, mat_ong.price_max, mat_ong.in_stock) == (260_000, 300_000, True)
    assert [r["stars"] for r in mat_ong.rating_periods] == [5]
    assert ProductSearchEntry.objects.get(pk=cat.khoai.pk).price_min is None


# --- text ----------------------------------------------------------------------------


def test_unaccented_query_finds_accented_names(cat):
    assert set(ids("nuoc mam")) == set(pks(cat.nhi, cat.ca_com, cat.cham))
    assert ids("NUOC MAM NHI") == pks(cat.nhi)


def test_exact_accented_phrase_ranks_first(cat):
    result = ids("nước mắm")
    # both names contain the phrase; the shorter name scores higher (BM25 length norm)
    assert result == pks(cat.ca_com, cat.nhi, cat.cham)
    # "Mắm nước chấm chay" has both words, not the phrase: after the phrase matches
    assert ids("mắm nước")[0] == cat.cham.pk


def test_d_with_stroke_folds_to_d_and_english_names_match(cat):
    assert ids("dau tram") == ids("dầu tràm") == pks(cat.tram)
    assert ids("fish sauce") == pks(cat.nhi)


def test_one_typo_in_a_word_of_four_to_seven_letters(cat):
    assert ids("mat onng") == pks(cat.mat_ong)
    assert ids("ruou gaoo") == pks(cat.ruou)
    assert ids("mat ong rugn") == pks(cat.mat_ong)  # a transposition is one edit
    assert ids("mat ogn") == []  # three letters: exact only


def test_two_typos_in_a_word_of_eight_letters_or_more(cat):
    assert ids("tradicionel") == pks(cat.ruou)
    assert ids("tradicionelx") == []


def test_short_words_and_first_letters_are_never_fuzzy(cat):
    assert ids("non") == []
    assert ids("mat ong rung") == pks(cat.mat_ong)
    assert ids("mat ong xung") == []  # "xung" is one edit from "rung" but not on the first letter


def test_shop_name_and_description_match(cat):
    assert set(ids("phong nha")) == set(pks(cat.cham, cat.mat_ong, cat.ruou))
    assert ids("tram gio") == pks(cat.tram)  # description, HTML stripped


def test_all_words_must_be_in_one_field_like_elasticsearch(cat):
    # "mật ong" is in the name, "phong nha" in the shop name: no single field has all
    assert ids("mat ong phong nha") == []


def test_text_without_words_matches_nothing_and_blank_text_everything(cat):
    result = search("!!!")
    assert (result.product_ids, result.total) == ([], 0)
    assert result.facets == {"stars": [], "districts": [], "groups": []}
    assert search("   ").total == 7


def test_relevance_ties_go_to_units_sold_then_id(cat):
    # the same shop name matches all three Phong Nha products equally
    assert ids("htx phong nha") == pks(cat.ruou, cat.mat_ong, cat.cham)


# --- filters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ProductFilter(stars=(4,)), {"nhi"}),
        (ProductFilter(stars=(3, 5)), {"ca_com", "mat_ong", "tram"}),
        (ProductFilter(stars_min=4), {"nhi", "mat_ong"}),
        (ProductFilter(stars_min=0), {"nhi", "ca_com", "cham", "mat_ong", "ruou", "tram", "khoai"}),
        (ProductFilter(certified_only=True), {"nhi", "ca_com", "mat_ong", "tram"}),
        (ProductFilter(stars=(3,), stars_min=4), set()),
        (ProductFilter(districts=("455",)), {"cham", "mat_ong", "ruou"}),
        (ProductFilter(districts=("455", "450")), {"cham", "mat_ong", "ruou", "ca_com", "tram"}),
        (ProductFilter(groups=("do-uong", "duoc-lieu")), {"ruou", "tram"}),
        (ProductFilter(shops=("ho-canh-duong",)), {"nhi", "khoai"}),
        (
            ProductFilter(producer_types=("enterprise", "household")),
            {"ca_com", "tram", "nhi", "khoai"},
        ),
        (ProductFilter(price_min=80_000, price_max=125_000), {"nhi", "ca_com", "ruou"}),
        (ProductFilter(price_min=280_000), {"mat_ong"}),  # overlaps its 260–300k range
        (ProductFilter(price_max=30_000), {"cham"}),
        (ProductFilter(in_stock=True), {"nhi", "ca_com", "mat_ong", "ruou", "tram"}),
        (ProductFilter(in_stock=False), {"cham", "khoai"}),
        (ProductFilter(stars_min=3, districts=("450",), price_max=80_000), {"tram"}),
    ],
)
def test_filters(cat, filters, expected):
    result = search(filter=filters)
    assert set(result.product_ids) == {getattr(cat, name).pk for name in expected}
    assert result.total == len(expected)


def test_commune_filter(cat):
    commune = cat.mat_ong.origin_commune.code
    assert set(ids(filter=ProductFilter(communes=(commune,)))) == set(
        pks(cat.cham, cat.mat_ong, cat.ruou)
    )


def test_text_and_filters_combine(cat):
    assert ids("nuoc mam", filter=ProductFilter(stars_min=4)) == pks(cat.nhi)
    assert ids("nuoc mam", filter=ProductFilter(in_stock=False)) == pks(cat.cham)


# --- facets --------------------------------------------------------------------------


def test_facet_counts_and_order(cat):
    result = search()
    assert [(b.value, b.count) for b in result.facets["stars"]] == [("3", 2), ("4", 1), ("5", 1)]
    assert [(b.value, b.count) for b in result.facets["districts"]] == [
        ("455", 3),
        ("450", 2),
        ("454", 2),
    ]
    assert [(b.value, b.count) for b in result.facets["groups"]] == [
        ("thuc-pham", 5),
        ("do-uong", 1),
        ("duoc-lieu", 1),
    ]


def test_each_facet_ignores_its_own_filter_and_respects_the_others(cat):
    result = search(filter=ProductFilter(districts=("455",), groups=("thuc-pham",), stars_min=3))
    assert result.product_ids == pks(cat.mat_ong)
    assert facet(result, "districts") == {"455": 1, "450": 1, "454": 1}  # groups + stars apply
    assert facet(result, "groups") == {"thuc-pham": 1}  # district + stars apply (ruou expired)
    assert facet(result, "stars") == {"5": 1}  # district + group apply, not stars_min


def test_star_facet_ignores_every_star_filter(cat):
    for filters in (
        ProductFilter(stars_min=5),
        ProductFilter(stars=(4,)),
        ProductFilter(certified_only=True),
    ):
        assert facet(search(filter=filters), "stars") == {"3": 2, "4": 1, "5": 1}


def test_facets_follow_the_text_and_the_other_filters(cat):
    result = search("nuoc mam", filter=ProductFilter(in_stock=True))
    assert facet(result, "stars") == {"3": 1, "4": 1}
    assert facet(result, "districts") == {"454": 1, "450": 1}
    assert facet(result, "groups") == {"thuc-pham": 2}


def test_no_facets_when_not_asked(cat):
    result = search(facets=False, filter=ProductFilter(stars_min=3))
    assert result.facets == {}
    assert result.total == 4


# --- sorts and paging ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (ProductSort.PRICE_ASC, ["cham", "tram", "ca_com", "ruou", "nhi", "mat_ong", "khoai"]),
        (ProductSort.PRICE_DESC, ["mat_ong", "nhi", "ruou", "ca_com", "tram", "cham", "khoai"]),
        (ProductSort.NEWEST, ["cham", "nhi", "mat_ong", "khoai", "ca_com", "ruou", "tram"]),
        (ProductSort.BEST_SELLING, ["ca_com", "ruou", "nhi", "khoai", "mat_ong", "cham", "tram"]),
        (ProductSort.STARS, ["mat_ong", "nhi", "ca_com", "tram", "ruou", "khoai", "cham"]),
        (ProductSort.RELEVANCE, ["ca_com", "ruou", "nhi", "khoai", "mat_ong", "cham", "tram"]),
    ],
)
def test_sorts(cat, sort, expected):
    assert ids(sort=sort) == [getattr(cat, name).pk for name in expected]


def test_sort_ties_go_to_the_lowest_id(cat):
    Product.objects.filter(pk__in=pks(*cat.all)).update(units_sold=7)
    index(*cat.all)
    assert ids(sort=ProductSort.BEST_SELLING) == sorted(pks(*cat.all))
    assert ids(sort=ProductSort.STARS) == [
        cat.mat_ong.pk,
        cat.nhi.pk,
        *sorted(pks(cat.ca_com, cat.tram)),
        *sorted(pks(cat.cham, cat.ruou, cat.khoai)),
    ]


def test_newest_compares_milliseconds_like_elasticsearch(cat):
    moment = timezone.now().replace(microsecond=500_000)
    Product.objects.filter(pk=cat.cham.pk).update(published_at=moment)
    Product.objects.filter(pk=cat.nhi.pk).update(
        published_at=moment + datetime.timedelta(microseconds=300)
    )
    index(cat.cham, cat.nhi)
    assert ids(sort=ProductSort.NEWEST)[:2] == sorted(pks(cat.cham, cat.nhi))


@pytest.mark.parametrize("sort", list(SEARCH_SORTS))
@pytest.mark.parametrize("text", ["", "mam", "phong nha"])
def test_search_after_walks_every_result_once(cat, sort, text):
    seen, cursor, pages = [], None, 0
    while True:
        result = database.search(query(text, sort=sort, page_size=2, search_after=cursor))
        seen.extend(result.product_ids)
        pages += 1
        if result.next_search_after is None:
            break
        cursor = tuple(json.loads(json.dumps(result.next_search_after)))  # through an API as JSON
        assert pages < 10
    expected = ids(text, sort=sort)
    assert seen == expected
    assert len(seen) == len(set(seen)) == search(text).total


def test_cursor_is_the_sort_values_of_the_last_hit(cat):
    result = search(sort=ProductSort.PRICE_ASC, page_size=7)
    assert result.next_search_after == (database.LONG_MAX, cat.khoai.pk)  # missing price sorts last
    result = search(sort=ProductSort.STARS, page_size=1)
    assert result.next_search_after == (5, 10, cat.mat_ong.pk)
    result = search(sort=ProductSort.NEWEST, page_size=1)
    published = Product.objects.get(pk=cat.cham.pk).published_at
    assert result.next_search_after == (int(published.timestamp() * 1000), cat.cham.pk)  # epoch ms
    score, units, pk = search("nuoc mam", page_size=1).next_search_after
    assert (units, pk) == (200, cat.ca_com.pk)
    assert score > 0
    assert search(page_size=8).next_search_after is None  # page not full


def test_a_cursor_of_another_sort_is_refused(cat):
    with pytest.raises(ValueError, match="search_after"):
        database.search(SearchQuery(sort=ProductSort.STARS, search_after=(1, 2)))


def test_page_numbers_and_sizes(cat):
    all_ids = ids(sort=ProductSort.PRICE_ASC)
    pages = [ids(sort=ProductSort.PRICE_ASC, page_size=3, page=n) for n in (1, 2, 3, 4)]
    assert pages == [all_ids[0:3], all_ids[3:6], all_ids[6:7], []]
    assert search(page_size=3, page=3).total == 7
    assert ids(page=0, page_size=2) == ids(page=1, page_size=2)
    assert len(ids(page_size=0)) == 1
    assert len(ids(page_size=MAX_PAGE_SIZE + 50)) == 7


def test_query_count_does_not_grow_with_the_catalogue(cat):
    queries = {}
    for size in ("small", "large"):
        if size == "large":
            extra = [
                _product(
                    cat.shops.phong_nha,
                    f"Nước mắm loại {i}",
                    cat.nhi.product_group,
                    [50_000],
                    stars=4,
                )
                for i in range(10)
            ]
            index(*extra)
        for name, search_query in {
            "relevance": query("nuoc mamm", filter=ProductFilter(stars_min=3)),
            "stars": query(
                "nuoc mam", sort=ProductSort.STARS, filter=ProductFilter(districts=("455",))
            ),
            "browse": SearchQuery(sort=ProductSort.NEWEST, page=2, page_size=3),
        }.items():
            queries[(size, name)], _ = count_queries(database.search, search_query)
    assert queries[("small", "relevance")] == queries[("large", "relevance")] <= 4
    assert queries[("small", "stars")] == queries[("large", "stars")] <= 3
    assert queries[("small", "browse")] == queries[("large", "browse")] == 2


# --- certificate validity at query time ------------------------------------------------


def test_expired_certificate_has_no_stars_now_but_had_before(cat):
    now = search(filter=ProductFilter(certified_only=True))
    assert cat.ruou.pk not in now.product_ids
    assert facet(now, "stars") == {"3": 2, "4": 1, "5": 1}
    assert cat.ruou.pk not in ids(filter=ProductFilter(stars_min=3))
    before = search(
        filter=ProductFilter(stars=(3,)), at=timezone.now() - datetime.timedelta(days=2)
    )
    assert cat.ruou.pk in before.product_ids
    assert facet(before, "stars")["3"] == 3


def test_a_certificate_counts_from_its_decision_date(cat):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _certify(cat.khoai, 5, tomorrow, tomorrow + datetime.timedelta(days=1000))
    index(cat.khoai)
    assert cat.khoai.pk not in ids(filter=ProductFilter(stars=(5,)))
    later = timezone.now() + datetime.timedelta(days=2)
    assert cat.khoai.pk in ids(filter=ProductFilter(stars=(5,)), at=later)
    assert ids(sort=ProductSort.STARS, at=later)[:2] == pks(
        cat.khoai, cat.mat_ong
    )  # 5★ both, more sold first


def test_validity_is_evaluated_on_the_local_date(cat):
    last_day = datetime.date(2030, 6, 30)
    _certify(cat.cham, 4, datetime.date(2027, 7, 1), last_day)
    index(cat.cham)
    late_evening = datetime.datetime(2030, 6, 30, 23, 30, tzinfo=HCM)  # 16:30 UTC
    after_midnight = datetime.datetime(2030, 7, 1, 0, 30, tzinfo=HCM)  # still 30 June in UTC
    assert cat.cham.pk in ids(filter=ProductFilter(stars=(4,)), at=late_evening)
    assert cat.cham.pk not in ids(filter=ProductFilter(stars=(4,)), at=after_midnight)


def test_best_certificate_wins_and_revoked_ones_do_not_count(cat):
    today = timezone.localdate()
    better = _certify(
        cat.ca_com, 5, today - datetime.timedelta(days=10), today + datetime.timedelta(days=30)
    )
    index(cat.ca_com)
    assert facet(search("nuoc mam"), "stars") == {"4": 1, "5": 1}
    assert (
        ProductSearchRating.objects.filter(entry_id=cat.ca_com.pk).count() == 3
    )  # 3★, 5★, 3★ again
    assert cat.ca_com.pk in ids(
        filter=ProductFilter(stars=(3,)), at=timezone.now() + datetime.timedelta(days=40)
    )
    better.revoked_at = timezone.now()
    better.save()
    index(cat.ca_com)
    assert cat.ca_com.pk in ids(filter=ProductFilter(stars=(3,)))
    assert ProductSearchRating.objects.filter(entry_id=cat.ca_com.pk).count() == 1


# --- writes --------------------------------------------------------------------------


def test_write_replaces_an_entry(cat):
    cat.nhi.variants.update(price=20_000)
    Product.objects.filter(pk=cat.nhi.pk).update(name_vi="Nước mắm Phú Quốc")
    index(cat.nhi)
    assert ids(filter=ProductFilter(price_max=25_000)) == pks(cat.nhi)
    assert ids("phu quoc") == pks(cat.nhi)
    assert ids("nhi canh duong") == []
    assert ProductSearchEntry.objects.count() == 7


def test_unpublished_and_deleted_products_leave_the_index(cat):
    Product.objects.filter(pk=cat.cham.pk).update(status="draft")
    index(cat.cham)  # no document any more: deleted
    database.write([], [cat.tram.pk, 999_999])  # a missing id is fine
    assert set(ids()) == set(pks(cat.nhi, cat.ca_com, cat.mat_ong, cat.ruou, cat.khoai))
    assert not ProductSearchRating.objects.filter(entry_id=cat.tram.pk).exists()


def test_the_entry_goes_with_its_product(cat):
    cat.khoai.delete()
    assert not ProductSearchEntry.objects.filter(pk=cat.khoai.pk).exists()


def test_documents_of_products_deleted_meanwhile_are_skipped(cat):
    docs = product_documents(pks(cat.khoai, cat.nhi))
    cat.khoai.delete()
    database.write(docs, [])
    assert set(ids("khoai deo")) == set()
    assert ProductSearchEntry.objects.count() == 6


def test_the_last_document_of_an_id_wins(cat):
    doc = product_documents([cat.nhi.pk])[0]
    database.write([{**doc, "units_sold": 1}, {**doc, "units_sold": 999}], [])
    assert ProductSearchEntry.objects.get(pk=cat.nhi.pk).units_sold == 999


def test_rebuild_replaces_everything(cat):
    batches = [product_documents(pks(cat.nhi, cat.ca_com)), product_documents(pks(cat.mat_ong))]
    done = []
    assert database.rebuild(iter(batches), on_batch=done.append) == 3
    assert done == [2, 1]
    assert set(ids()) == set(pks(cat.nhi, cat.ca_com, cat.mat_ong))
    assert ids("mat onng") == pks(cat.mat_ong)


def test_indexed_stamps(cat):
    stamps = database.indexed_stamps()
    assert stamps[cat.mat_ong.pk] == {"price_min": 260_000, "price_max": 300_000, "in_stock": True}
    assert stamps[cat.khoai.pk] == {"price_min": None, "price_max": None, "in_stock": False}
    assert len(stamps) == 7


# --- autocomplete --------------------------------------------------------------------


def test_autocomplete_from_the_first_characters(cat):
    products = [(s.text, s.kind, s.slug) for s in database.suggest("nuoc m")]
    assert products == [
        ("Nước mắm cá cơm", "product", cat.ca_com.slug),  # best selling first
        ("Nước mắm nhĩ Cảnh Dương", "product", cat.nhi.slug),
    ]
    assert [s.text for s in database.suggest("Mật o")] == ["Mật ong rừng"]
    assert [s.text for s in database.suggest("mat")] == ["Mật ong rừng"]


def test_autocomplete_shops(cat):
    assert [(s.text, s.kind, s.slug) for s in database.suggest("cong ty")] == [
        ("Công ty Bảo Ninh", "shop", "cong-ty-bao-ninh")
    ]
    # a shop name match also suggests the product when the prefix is in its name
    assert [(s.text, s.kind) for s in database.suggest("ho canh")] == [("Hộ Cảnh Dương", "shop")]
    assert [(s.text, s.kind) for s in database.suggest("htx")] == [("HTX Phong Nha", "shop")]


def test_autocomplete_is_a_prefix_of_the_name_not_of_any_word(cat):
    assert database.suggest("ong rung") == []
    assert database.suggest("  !! ") == []


def test_autocomplete_limit(cat):
    for i in range(12):
        _product(
            cat.shops.canh_duong,
            f"Nước mắm loại {i:02d}",
            cat.nhi.product_group,
            [50_000],
            units=i * 10,
        )
    index(*Product.objects.all())
    suggestions = database.suggest("nuoc mam", limit=5)
    assert len(suggestions) == 5
    assert [s.text for s in suggestions[:2]] == ["Nước mắm cá cơm", "Nước mắm loại 11"]
