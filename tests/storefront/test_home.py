"""The storefront landing page: featured 4–5★ products (valid certificates only, from
active shops) and the product count of each former district."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.models import AdministrativeUnit, ProductGroup
from search.services import sync_search_index
from shops.models import Product
from tests.factories.marketplace import ProducerFactory
from tests.factories.shops import ShopFactory, VariantFactory
from tests.storefront.builders import DAY, listed_product


@pytest.fixture
def catalogue(shop):
    """Products of ``shop`` (district 456, Quảng Ninh) and of a shop in Lệ Thủy (457)."""
    today = timezone.localdate()

    def make(name, **kwargs):
        return listed_product(kwargs.pop("shop", shop), name, **kwargs)

    le_thuy = ShopFactory(
        producer=ProducerFactory(
            district=AdministrativeUnit.objects.get(
                generation="former", level="district", code="457"
            )
        )
    )
    inactive = ShopFactory(is_active=False)
    products = {
        "five": make("Nước mắm nhĩ", stars=5, price=120_000, units_sold=3),
        "four_best_seller": make("Khoai deo", stars=4, price=95_000, units_sold=50, shop=le_thuy),
        "four": make("Mật ong rừng", stars=4, price=260_000, units_sold=10, valid_until=today),
        "three": make("Ruốc biển", stars=3),
        "expired": make("Mực một nắng", stars=5, valid_until=today - DAY),
        "draft": make("Tinh dầu tràm", stars=4, status=Product.Status.DRAFT),
        "inactive_shop": make("Nón lá", stars=5, shop=inactive),
        "none": make("Chè vằng"),
    }
    VariantFactory(product=products["five"], price=90_000)
    sync_search_index()  # the home page lists products through the search interface
    return products


def test_home_shows_featured_4_and_5_star_products(client, catalogue):
    response = client.get("/")

    assert response.status_code == 200
    featured = list(response.context["featured"])
    assert [p.name_vi for p in featured] == ["Nước mắm nhĩ", "Khoai deo", "Mật ong rừng"]
    assert [(p.ocop_stars, p.min_price) for p in featured] == [
        (5, 90_000),
        (4, 95_000),
        (4, 260_000),
    ]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "★★★★★" in html
    assert "90.000 ₫" in html
    assert "260.000 ₫" in html
    assert 'href="/products/nuoc-mam-nhi/"'.replace("nuoc-mam-nhi", catalogue["five"].slug) in html


def test_home_lists_the_newest_products_for_sale(client, catalogue):
    response = client.get("/")

    newest = [p.name_vi for p in response.context["newest"]]
    # newest first; the draft and the inactive shop's product are not for sale
    assert newest == [
        "Chè vằng",
        "Mực một nắng",
        "Ruốc biển",
        "Mật ong rừng",
        "Khoai deo",
        "Nước mắm nhĩ",
    ]
    html = response.content.decode()
    for hidden in ("Tinh dầu tràm", "Nón lá"):
        assert hidden not in html


def test_home_counts_published_products_of_active_shops_per_district(client, catalogue):
    response = client.get("/")

    counts = [(d.code, d.product_count) for d in response.context["districts"]]
    # District 456: five, four, three, expired, none (the draft and the inactive shop's
    # product are not for sale); 457: the best seller.
    assert counts == [
        ("450", 0),
        ("452", 0),
        ("453", 0),
        ("454", 0),
        ("455", 0),
        ("456", 5),
        ("457", 1),
        ("458", 0),
    ]
    html = response.content.decode()
    assert (
        '<a class="tile" href="/products/?district=456">Huyện Quảng Ninh <span class="count">(5)</span></a>'
        in html
    )
    assert (
        '<a class="tile" href="/products/?district=457">Huyện Lệ Thủy <span class="count">(1)</span></a>'
        in html
    )


def test_home_counts_products_per_product_group(client, catalogue):
    response = client.get("/")

    groups = [(g.code, g.product_count) for g in response.context["groups"]]
    assert len(groups) == 6  # the six groups of Decision 148/QĐ-TTg (2023)
    assert sum(count for _code, count in groups) == 6
    food = ProductGroup.objects.get(
        criteria_version="148/2023", code=catalogue["five"].product_group.code
    )
    assert dict(groups)[food.code] == 6
    assert (
        f'href="/products/?group={food.code}">{food.name_vi} <span class="count">(6)</span>'
        in response.content.decode()
    )
    english = client.get("/en/").content.decode()
    assert (
        f'href="/en/products/?group={food.code}">{food.name_en} <span class="count">(6)</span>'
        in english
    )


def test_home_shows_active_shops_and_the_livestream_empty_state(client, catalogue, shop):
    response = client.get("/")

    names = [s.name for s in response.context["shops"]]
    assert shop.name in names
    assert all(s.is_active for s in response.context["shops"])
    assert f'href="/shops/{shop.slug}/"' in response.content.decode()
    assert response.context["livestreams"] == []
    assert "Chưa có buổi livestream nào." in response.content.decode()


def test_home_without_products(client, admin_units):
    response = client.get("/")

    assert response.status_code == 200
    assert list(response.context["featured"]) == []
    assert list(response.context["newest"]) == []
    assert [d.product_count for d in response.context["districts"]] == [0] * 8
    assert [g.product_count for g in response.context["groups"]] == [0] * 6
    assert "Chưa có sản phẩm." in response.content.decode()


def test_home_query_count_does_not_grow_with_products(client, catalogue, shop):
    client.get("/")  # warm caches (content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/").status_code == 200
    for n in range(30):
        listed_product(shop, f"Mè xửng {n}", price=40_000, stars=4 if n % 2 else 5)
    ShopFactory.create_batch(10)
    sync_search_index()
    with CaptureQueriesContext(connection) as large:
        assert client.get("/").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries), [
        q["sql"] for q in large.captured_queries
    ]
    assert len(small.captured_queries) <= 10
