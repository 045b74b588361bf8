"""The storefront landing page: featured 4–5★ products (valid certificates only, from
active shops) and the product count of each former district."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.models import AdministrativeUnit
from search.services import sync_search_index
from shops.models import Product
from tests.factories.marketplace import CertificateFactory, ProducerFactory
from tests.factories.shops import ProductFactory, ShopFactory, VariantFactory

DAY = datetime.timedelta(days=1)


def _certify(product, stars, valid_until):
    cert = CertificateFactory(
        producer=product.shop.producer, stars=stars, score={3: 60, 4: 75, 5: 95}[stars],
        decision_date=valid_until - 900 * DAY, valid_until=valid_until,
    )
    cert.products.add(product)


@pytest.fixture
def catalogue(shop):
    """Products of ``shop`` (district 456, Quảng Ninh) and of a shop in Lệ Thủy (457)."""
    today = timezone.localdate()

    def make(name, *, stars=None, valid_until=None, units_sold=0, price=100_000, **kwargs):
        product = ProductFactory(shop=kwargs.pop("shop", shop), name_vi=name, units_sold=units_sold, **kwargs)
        VariantFactory(product=product, price=price)
        if stars:
            _certify(product, stars, valid_until or today + 100 * DAY)
        return product

    le_thuy = ShopFactory(producer=ProducerFactory(
        district=AdministrativeUnit.objects.get(generation="former", level="district", code="457")
    ))
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
    assert [(p.ocop_stars, p.min_price) for p in featured] == [(5, 90_000), (4, 95_000), (4, 260_000)]
    html = response.content.decode()
    assert "★★★★★" in html
    assert "90.000 ₫" in html
    assert "260.000 ₫" in html
    for hidden in ("Ruốc biển", "Mực một nắng", "Tinh dầu tràm", "Nón lá", "Chè vằng"):
        assert hidden not in html


def test_home_counts_published_products_of_active_shops_per_district(client, catalogue):
    response = client.get("/")

    counts = [(d.code, d.product_count) for d in response.context["districts"]]
    # District 456: five, four, three, expired, none (the draft and the inactive shop's
    # product are not for sale); 457: the best seller.
    assert counts == [("450", 0), ("452", 0), ("453", 0), ("454", 0), ("455", 0), ("456", 5), ("457", 1),
                      ("458", 0)]
    html = response.content.decode()
    assert "Huyện Quảng Ninh <span class=\"muted\">(5)</span>" in html
    assert "Huyện Lệ Thủy <span class=\"muted\">(1)</span>" in html


def test_home_without_products(client, admin_units):
    response = client.get("/")

    assert response.status_code == 200
    assert list(response.context["featured"]) == []
    assert [d.product_count for d in response.context["districts"]] == [0] * 8
    assert "Chưa có sản phẩm." in response.content.decode()


def test_home_query_count_does_not_grow_with_products(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # + product images (one prefetch)
        assert client.get("/").status_code == 200
