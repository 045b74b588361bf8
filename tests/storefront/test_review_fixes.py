"""Defects found in review of the storefront: seller text breaking out of a meta
attribute, and the page cache putting a visitor's CSRF token where the page echoes the URL."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories.shops import ProductFactory, VariantFactory, make_stock

META = re.compile(r"<meta [^>]*>")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def honey(shop):
    product = ProductFactory(
        shop=shop,
        name_vi="Mật ong rừng",
        slug="mat-ong",
        status="published",
        description_vi='0;url=https://evil.example/" http-equiv="refresh',
    )
    make_stock(VariantFactory(product=product, price=250_000), 20)
    return product


def test_a_plain_text_description_cannot_add_attributes_to_the_meta_tags(client, honey):
    html = client.get("/products/mat-ong/").content.decode()

    metas = META.findall(html)
    assert not [m for m in metas if 'http-equiv="' in m]
    assert (
        '<meta name="description" content="0;url=https://evil.example/&quot; http-equiv=&quot;refresh">'
        in html
    )


def test_description_entities_are_shown_as_text_in_meta_and_json_ld(client, shop):
    product = ProductFactory(
        shop=shop, slug="banh", status="published", description_vi="<p>Bánh &amp; kẹo</p>"
    )
    VariantFactory(product=product, price=10_000)

    response = client.get("/products/banh/")

    html = response.content.decode()
    assert '<meta name="description" content="Bánh &amp; kẹo">' in html
    assert response.context["json_ld"]["description"] == "Bánh & kẹo"


def test_shop_story_entities_are_shown_as_text_in_meta(client, shop):
    shop.story = "<p>Bánh &amp; kẹo</p>"
    shop.save()

    html = client.get(f"/shops/{shop.slug}/").content.decode()

    assert '<meta name="description" content="Bánh &amp; kẹo">' in html


def test_the_page_cache_puts_the_token_only_into_csrf_fields(settings, honey):
    settings.STOREFRONT_PAGE_CACHE_SECONDS = 60
    cache.clear()
    try:
        Client().get("/products/?q=__OCOP_CSRF_TOKEN__")  # stored
        visitor = Client()
        page = visitor.get("/products/?q=__OCOP_CSRF_TOKEN__")
        html = page.content.decode()
        token = TOKEN.search(html).group(1)
        assert html.count(token) == html.count('name="csrfmiddlewaretoken"')
    finally:
        cache.clear()


@pytest.mark.timeout(30)
def test_many_comma_separated_filter_values_are_read_in_bounded_time():
    import time
    from urllib.parse import urlencode

    from django.http import QueryDict

    from search.product_filter import MAX_VALUES
    from storefront.filters import parse_filter_state

    many = ",".join(str(i) for i in range(20_000))
    params = QueryDict(urlencode([("district", many)] * 40 + [("stars", many)]))

    started = time.monotonic()
    state = parse_filter_state(params)

    assert time.monotonic() - started < 2
    assert len(state.filter.districts) == MAX_VALUES
    assert state.filter.stars == (5, 4, 3)
    assert len(state.errors) == 2
