"""The dashboard product list: search, filters, ordering, pagination and the OCOP column."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.models import ProductGroup
from shops.models import Product
from tests.factories.marketplace import make_certificate
from tests.factories.shops import ProductFactory, VariantFactory, make_stock, valid_ean13


@pytest.fixture
def list_url(shop):
    return reverse("shops:product_list", args=[shop.slug])


def group(code: str) -> ProductGroup:
    return ProductGroup.objects.get(criteria_version="148/2023", code=code)


def make(
    shop,
    name: str,
    *,
    status: str = "published",
    group_code: str = "thuc-pham",
    variants: tuple[tuple[str, int], ...] = (),
    stock: int | None = None,
    created_days_ago: int = 0,
    barcode: str | None = None,
) -> Product:
    product = ProductFactory(
        shop=shop, name_vi=name, name_en="", status=status, product_group=group(group_code)
    )
    Product.objects.filter(pk=product.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=created_days_ago)
    )
    for position, (sku, price) in enumerate(variants):
        variant = VariantFactory(
            product=product,
            sku=sku,
            price=price,
            position=position,
            **({"barcode": barcode} if barcode and position == 0 else {}),
        )
        if stock is not None and position == 0:
            make_stock(variant, stock)
    return product


@pytest.fixture
def catalogue(shop, other_shop):
    """Three products of the shop (newest first: Mè xửng, Rượu ngô, Nước mắm nhĩ) and one of
    another shop that must never show."""
    sauce = make(
        shop,
        "Nước mắm nhĩ",
        variants=(("NM-500", 120_000), ("NM-1000", 200_000)),
        stock=10,
        created_days_ago=3,
        barcode=valid_ean13(500),
    )
    liquor = make(
        shop,
        "Rượu ngô",
        status="draft",
        group_code="do-uong",
        variants=(("RN-1", 90_000),),
        created_days_ago=2,
    )
    sesame = make(shop, "Mè xửng", variants=(("MX-1", 50_000),), stock=0, created_days_ago=1)
    make(other_shop, "Nước mắm Cửa Tùng", variants=(("CT-1", 99_000),), stock=50)
    return sauce, liquor, sesame


def names(response) -> list[str]:
    return [p.name_vi for p in response.context["page"]]


def row_html(response, product: Product) -> str:
    html = response.content.decode()
    link = reverse("shops:product_edit", args=[product.shop.slug, product.pk])
    return next(tr for tr in re.findall(r"<tr>(.*?)</tr>", html, re.S) if f'href="{link}"' in tr)


def test_lists_only_own_products_newest_first(owner_client, list_url, catalogue):
    response = owner_client.get(list_url)

    assert response.status_code == 200
    assert names(response) == ["Mè xửng", "Rượu ngô", "Nước mắm nhĩ"]
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "mắm"}, ["Nước mắm nhĩ"]),
        ({"q": "xửng"}, ["Mè xửng"]),
        ({"q": "nm-1000"}, ["Nước mắm nhĩ"]),
        ({"q": "RN"}, ["Rượu ngô"]),
        ({"q": valid_ean13(500)}, ["Nước mắm nhĩ"]),
        ({"q": "  mắm  "}, ["Nước mắm nhĩ"]),
        ({"q": "CT-1"}, []),
        ({"status": "draft"}, ["Rượu ngô"]),
        ({"status": "published"}, ["Mè xửng", "Nước mắm nhĩ"]),
        ({"group": "do-uong"}, ["Rượu ngô"]),
        ({"group": "thuc-pham"}, ["Mè xửng", "Nước mắm nhĩ"]),
        ({"group": "du-lich"}, []),
        ({"stock": "in"}, ["Nước mắm nhĩ"]),
        ({"stock": "out"}, ["Mè xửng", "Rượu ngô"]),
        ({"status": "published", "stock": "out"}, ["Mè xửng"]),
        ({"order": "name_vi"}, ["Mè xửng", "Nước mắm nhĩ", "Rượu ngô"]),
        ({"order": "-min_price"}, ["Nước mắm nhĩ", "Rượu ngô", "Mè xửng"]),
        ({"order": "stock_total"}, ["Mè xửng", "Rượu ngô", "Nước mắm nhĩ"]),  # tie: newest first
        ({"order": "shop__name"}, ["Mè xửng", "Rượu ngô", "Nước mắm nhĩ"]),
    ],
)
def test_filters(owner_client, list_url, catalogue, params, expected):
    response = owner_client.get(list_url, params)

    assert response.status_code == 200
    assert names(response) == expected


def test_sku_search_keeps_the_whole_product_row(owner_client, list_url, catalogue):
    """Matching one variant's SKU must not shrink the row to that variant."""
    response = owner_client.get(list_url, {"q": "NM-1000"})

    (row,) = response.context["page"]
    assert (row.variant_count, row.min_price, row.max_price, row.stock_total) == (
        2,
        120_000,
        200_000,
        10,
    )
    assert "120.000 ₫ – 200.000 ₫" in row_html(response, row)


def test_row_figures(owner_client, list_url, catalogue):
    sauce, liquor, sesame = catalogue

    response = owner_client.get(list_url)

    rows = {
        p.name_vi: (p.variant_count, p.min_price, p.max_price, p.stock_total)
        for p in response.context["page"]
    }
    assert rows == {
        "Nước mắm nhĩ": (2, 120_000, 200_000, 10),
        "Rượu ngô": (1, 90_000, 90_000, 0),
        "Mè xửng": (1, 50_000, 50_000, 0),
    }
    assert "90.000 ₫" in row_html(response, liquor)
    assert "2 phân loại" in row_html(response, sauce)


def test_ocop_column_shows_stars_of_valid_certificates_only(
    owner_client, list_url, shop, catalogue
):
    sauce, liquor, sesame = catalogue
    today = timezone.localdate()
    make_certificate(sauce, stars=4, score=75)
    make_certificate(liquor, stars=5, score=92, decision_date=today - datetime.timedelta(days=1200))
    make_certificate(sesame, stars=3, score=60, revoked_at=timezone.now())

    response = owner_client.get(list_url)

    stars = {p.name_vi: p.ocop_stars for p in response.context["page"]}
    assert stars == {"Nước mắm nhĩ": 4, "Rượu ngô": None, "Mè xửng": None}
    assert '<span class="stars" aria-label="4 sao OCOP">★★★★</span>' in row_html(response, sauce)
    assert "★" not in row_html(response, liquor)
    assert '<span class="muted">—</span>' in row_html(response, liquor)
    assert "★" not in row_html(response, sesame)


def test_ocop_column_uses_the_best_valid_certificate(owner_client, list_url, shop, catalogue):
    sauce, *_ = catalogue
    today = timezone.localdate()
    make_certificate(sauce, stars=3, score=65)
    make_certificate(
        sauce, stars=5, score=95, decision_date=today - datetime.timedelta(days=1100)
    )  # expired
    make_certificate(
        sauce, stars=4, score=80, decision_date=today + datetime.timedelta(days=5)
    )  # not yet

    response = owner_client.get(list_url, {"q": "mắm"})

    assert [p.ocop_stars for p in response.context["page"]] == [3]
    assert "★★★<" in row_html(response, sauce)


@pytest.fixture
def thirty(shop):
    return [
        make(shop, f"Sản phẩm {n:02d}", variants=((f"P-{n:02d}", 1000 + n),), created_days_ago=n)
        for n in range(30)
    ]


def test_pagination(owner_client, list_url, thirty):
    response = owner_client.get(list_url, {"per_page": "10", "page": "2", "status": "published"})

    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, page.paginator.per_page) == (2, 3, 10)
    assert names(response) == [f"Sản phẩm {n:02d}" for n in range(10, 20)]
    html = response.content.decode()
    assert 'href="?per_page=10&amp;status=published&page=1"' in html
    assert 'href="?per_page=10&amp;status=published&page=3"' in html
    assert "Trang 2/3" in html


@pytest.mark.parametrize(
    ("params", "per_page", "number"),
    [
        ({}, 25, 1),
        ({"per_page": "7"}, 25, 1),
        ({"per_page": "abc"}, 25, 1),
        ({"per_page": "50"}, 50, 1),
        ({"per_page": "10", "page": "999"}, 10, 3),
        ({"per_page": "10", "page": "x"}, 10, 1),
    ],
)
def test_pagination_params_are_clamped(owner_client, list_url, thirty, params, per_page, number):
    response = owner_client.get(list_url, params)

    assert response.status_code == 200
    page = response.context["page"]
    assert (page.paginator.per_page, page.number) == (per_page, number)
