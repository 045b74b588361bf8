"""Error pages: 404 and 500 in Vietnamese with English, rendered without touching the
database (500) and with the page landmarks every storefront page has."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error


def _landmarks(html: str) -> None:
    assert html.count("<h1") == 1
    assert '<main id="main"' in html
    assert 'href="#main"' in html
    assert "https://" not in html.replace("https://schema.org", "")  # nothing from another host


def test_404_in_vietnamese_with_english(client, db, settings):
    assert settings.DEBUG is False
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Không tìm thấy trang" in html
    assert "Page not found" in html
    assert '<form role="search" method="get" action="/products/">' in html
    assert '<meta name="robots" content="noindex">' in html
    _landmarks(html)


def test_404_of_a_missing_shop_and_english_prefix(client, db):
    response = client.get("/en/shops/khong-co/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'action="/en/products/"' in html
    assert '<a href="/en/">OCOP Quảng Bình</a>' in html


@pytest.mark.urls("tests.storefront.urls_errors")
def test_500_page_for_an_unhandled_error(db):
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã có lỗi xảy ra" in html
    assert "Something went wrong" in html
    _landmarks(html)


def test_500_page_does_not_touch_the_database(django_assert_num_queries, db):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()
