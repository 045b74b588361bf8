"""The site layout (base.html): landmarks, the header search form of the storefront
contract, account links, the language switch, page CSS, and the weight of the CSS."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

SEARCH_FORM = '<form class="hd-search" role="search" method="get" action="{action}">'


@pytest.mark.parametrize(
    ("path", "lang"), [("/", "vi"), ("/en/", "en"), ("/shops/", "vi"), ("/cart/", "vi")]
)
def test_every_page_has_the_landmarks(client, admin_units, path, lang):
    html = client.get(path).content.decode()

    assert f'<html lang="{lang}">' in html
    assert html.count("<h1") == 1
    assert html.count('<main id="main"') == 1
    skip = re.search(r'<a class="skip-link" href="#main">([^<]+)</a>', html)
    assert skip
    assert skip.group(1) == (
        "Skip to main content" if lang == "en" else "Bỏ qua đến nội dung chính"
    )
    assert html.index("skip-link") < html.index("<header")
    assert "<footer" in html
    # no asset from another host (no CDN, no web fonts)
    assert not re.search(r'(src|href)="(https?:)?//(?!testserver)', html)


@pytest.mark.parametrize(
    ("path", "action", "label"),
    [
        ("/", "/products/", "Tìm kiếm sản phẩm"),
        ("/en/", "/en/products/", "Search products"),
    ],
)
def test_header_search_form_of_the_contract(client, admin_units, path, action, label):
    html = client.get(path).content.decode()

    assert SEARCH_FORM.format(action=action) in html
    assert f'<label class="sr-only" for="hd-q">{label}</label>' in html
    assert re.search(r'<input id="hd-q" type="search" name="q" value=""', html)


def test_header_search_keeps_the_query_on_the_catalogue(client, admin_units):
    html = client.get("/products/?q=nuoc+mam").content.decode()

    assert re.search(r'<input id="hd-q" type="search" name="q" value="nuoc mam"', html)


def test_language_switch_posts_to_set_language_and_moves_to_the_same_page(client, shop):
    html = client.get(f"/shops/{shop.slug}/?page=2").content.decode()
    assert '<form class="hd-lang" action="/i18n/setlang/" method="post">' in html
    assert f'<input name="next" type="hidden" value="/shops/{shop.slug}/?page=2">' in html
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": f"/shops/{shop.slug}/"})

    assert response.status_code == 302
    assert response["Location"] == f"/en/shops/{shop.slug}/"
    english = client.get(f"/en/shops/{shop.slug}/").content.decode()
    assert (
        '<button type="submit" name="language" value="vi" lang="vi">Tiếng Việt</button>' in english
    )


def test_anonymous_and_signed_in_header(client, customer, admin_units):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/?next=/"' in html
    assert 'href="/cart/"' in html
    assert "Đăng xuất" not in html

    client.force_login(customer)
    html = client.get("/").content.decode()
    assert "Đăng xuất" in html
    assert 'href="/account/orders/"' in html
    assert "Văn phòng OCOP" not in html


def test_dashboard_pages_still_render_inside_the_layout(client, owner, shop):
    client.force_login(owner)

    response = client.get("/dashboard/")

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert '<main id="main"' in response.content.decode()


def test_page_css_goes_in_the_head_block(client, shop):
    html = client.get(f"/shops/{shop.slug}/").content.decode()
    head = html.split("</head>")[0]

    assert '<link rel="stylesheet" href="/static/css/app.css">' in head
    assert '<link rel="stylesheet" href="/static/storefront/catalogue.css">' in head


def test_site_css_is_small():
    css = open(finders.find("css/app.css"), "rb").read()
    assert len(gzip.compress(css)) < 8_000
