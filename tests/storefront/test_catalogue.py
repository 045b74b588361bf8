"""The catalogue and search page (/products/): filters combine, bad parameters never
break the page, only published products of active shops with valid certificates match,
and the page costs the same number of queries at 12 and 48 products per page. Runs on the
database backend and (marked) on a real Elasticsearch, like the search contract tests."""

# ruff: noqa: F811 (the search tests' fixtures are imported by name and taken as arguments)
from __future__ import annotations

import re

import pytest

from search.documents import product_documents
from tests.factories.shops import ProductFactory, VariantFactory
from tests.support.queries import get_counted

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def shown(html: str, products) -> set[str]:
    """Names of the catalogue's products rendered as cards (the result grid only)."""
    grid = (
        html.split('class="pgrid cat-grid"', 1)[1].split("</ul>", 1)[0]
        if "cat-grid" in html
        else ""
    )
    everything = [*products.all, products.draft, products.hidden]
    return {p.name_vi for p in everything if f">{p.name_vi}<" in grid}


def test_lists_every_indexable_product_with_its_count(client, indexed):
    html = page(client, "/products/")
    assert shown(html, indexed) == {p.name_vi for p in indexed.all}
    assert "7 sản phẩm" in html
    assert html.count("<h1") == 1


def test_stars_and_district_combine(client, indexed):
    html = page(client, "/products/?stars=4&stars=5&district=455")  # Bố Trạch
    assert shown(html, indexed) == {indexed.mat_ong.name_vi}
    html = page(client, "/products/?q=nuoc+mam&stars=4&district=454")  # accent-free text + filters
    assert shown(html, indexed) == {indexed.nhi.name_vi}
    assert "1 sản phẩm" in html


def test_facet_counts_ignore_their_own_filter(client, indexed):
    html = page(client, "/products/?stars=4")
    assert re.search(r'name="stars" value="5"> .*?5 sao <span class="count">\(1\)', html)
    assert re.search(r'name="stars" value="4" checked> .*?4 sao <span class="count">\(1\)', html)
    assert re.search(
        r'name="stars" value="3"> .*?3 sao <span class="count">\(2\)', html
    )  # not the expired one


def test_expired_certificate_does_not_match_the_stars_filter(client, indexed):
    html = page(client, "/products/?stars=3")
    assert shown(html, indexed) == {indexed.ca_com.name_vi, indexed.tram.name_vi}
    assert indexed.ruou.name_vi not in shown(html, indexed)


def test_draft_and_inactive_shop_products_never_appear(client, indexed):
    for url in (
        "/products/",
        "/products/?q=nuoc+mam",
        "/products/?q=ban+nhap",
        "/products/?district=456",
        "/products/?q=tam+ngung",
    ):
        names = shown(page(client, url), indexed)
        assert indexed.draft.name_vi not in names
        assert indexed.hidden.name_vi not in names


@pytest.mark.parametrize(
    "query",
    [
        "stars=abc",
        "price_min=-5",
        "page=9999",
        "per_page=1000",
        "page=abc&per_page=x&sort=nope",
        "district=%3Cscript%3E&commune=1;DROP",
        "price_min=1e9999&price_max=--",
        "in_stock=maybe&q=" + "x" * 5000,
        "stars=4&stars=4&stars=4,5,abc",
        "shop_type=pirate&group=khong-co",
    ],
)
def test_bad_parameters_give_a_sane_page(client, indexed, query):
    html = page(client, f"/products/?{query}")
    assert "<h1" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_bad_parameters_are_ignored_not_applied(client, indexed):
    html = page(client, "/products/?stars=abc&price_min=-5&per_page=1000")
    assert shown(html, indexed) == {p.name_vi for p in indexed.all}
    assert "Đã bỏ qua giá trị không hợp lệ" in html
    assert 'name="robots" content="noindex' in html


def test_a_page_past_the_end_shows_the_last_page(client, indexed):
    html = page(client, "/products/?per_page=12&page=9999")
    assert shown(html, indexed) == {p.name_vi for p in indexed.all}


def test_pagination_links_keep_the_filters(client, indexed):
    html = page(client, "/products/?group=thuc-pham&per_page=12")
    assert 'rel="next"' not in html  # four food products: one page
    many = [
        ProductFactory(shop=indexed.shops.bo_trach, name_vi=f"Khoai deo {n}", status="published")
        for n in range(14)
    ]
    for p in many:
        VariantFactory(product=p, price=50_000)
    _index(many)
    html = page(client, "/products/?q=khoai&per_page=12")
    assert "14 sản phẩm" in html
    assert '<a href="/products/?q=khoai&amp;per_page=12&amp;page=2" rel="next">' in html
    html = page(client, "/products/?q=khoai&per_page=12&page=2")
    assert 'href="/products/?q=khoai&amp;per_page=12" rel="prev"' in html
    assert 'aria-current="page">2<' in html
    # canonical: filters and page, no presentation parameters
    assert '<link rel="canonical" href="http://testserver/products/?q=khoai&amp;page=2">' in html


def test_chips_and_commune_options_follow_the_selected_district(client, indexed):
    html = page(client, "/products/?district=454&stars=4")
    assert re.search(
        r'<a class="chip" href="/products/\?stars=4"><span class="sr-only">Bỏ lọc: </span>Huyện Quảng Trạch',
        html,
    )
    assert 'href="/products/?district=454"' in html  # chip removing the 4-star filter
    commune = indexed.nhi.origin_commune
    assert f'name="commune" value="{commune.code}"' in html
    html = page(client, f"/products/?district=454&commune={commune.code}")
    assert shown(html, indexed) == {indexed.nhi.name_vi, indexed.non.name_vi}
    assert "Chọn huyện để lọc theo xã" in page(client, "/products/")


def test_sorts_and_stock_and_price_filters(client, indexed):
    html = page(client, "/products/?sort=price_asc&in_stock=1&price_max=100000")
    grid = html.split("cat-grid", 1)[1]
    positions = [grid.index(p.name_vi) for p in (indexed.tram, indexed.ca_com, indexed.ruou)]
    assert positions == sorted(positions)
    assert shown(html, indexed) == {
        indexed.tram.name_vi,
        indexed.ca_com.name_vi,
        indexed.ruou.name_vi,
    }
    assert indexed.cham.name_vi not in shown(html, indexed)  # out of stock


def test_empty_state_suggests_removing_filters_and_shows_popular_five_star(client, indexed):
    html = page(client, "/products/?q=khong+ton+tai&stars=5")
    assert "Không tìm thấy sản phẩm phù hợp" in html
    assert 'href="/products/?q=khong+ton+tai"' in html  # clear filters, keep the words
    assert indexed.mat_ong.name_vi in html  # the popular 5★ product


def test_english_page(client, indexed):
    html = page(client, "/en/products/?stars=4")
    assert '<html lang="en">' in html
    for text in (
        "OCOP products",
        "Filters",
        "1 product",
        "OCOP stars",
        "Apply",
        "Sort by",
        "4 stars",
    ):
        assert text in html, text
    assert 'action="/en/products/"' in html
    assert 'hreflang="vi" href="http://testserver/products/?stars=4"' in html


def _index(products):
    from search.selectors import elasticsearch_enabled

    docs = product_documents([p.pk for p in products])
    from search.backends import database

    database.write(docs, [])
    if elasticsearch_enabled():
        from search.backends import elasticsearch

        elasticsearch.write(docs, [], refresh=True)


def test_query_count_does_not_depend_on_page_size(client, indexed):
    more = [
        ProductFactory(shop=indexed.shops.dong_hoi, name_vi=f"Mè xửng {n}", status="published")
        for n in range(50)
    ]
    for p in more:
        VariantFactory(product=p, price=40_000 + p.pk)
    _index(more)
    counts = {}
    for per_page in (12, 48):
        url = f"/products/?district=450&district=454&stars=3&stars=4&per_page={per_page}"
        client.get(url)  # warm caches (content types, sessions)
        counts[per_page], response = get_counted(client, url.replace("&stars=3&stars=4", ""))
        assert response.content.decode().count('class="pcard"') == per_page
    assert counts[12] == counts[48], counts


def test_a_form_sent_without_js_redirects_to_the_short_url(client, indexed):
    response = client.get("/products/?q=&stars=5&price_min=&price_max=&sort=&per_page=")
    assert response.status_code == 302
    assert response["Location"] == "/products/?stars=5"
    response = client.get("/en/products/?q=mam&sort=&per_page=48")
    assert response["Location"] == "/en/products/?q=mam&per_page=48"
