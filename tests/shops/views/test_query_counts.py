"""Dashboard list pages issue a fixed number of SQL queries, whatever the page size."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shops.models import ProductMedia, StockMovement
from tests.factories.marketplace import make_certificate
from tests.factories.shops import ProductFactory, VariantFactory, make_stock
from tests.support.queries import get_counted


def add_products(shop, count: int, start: int = 0) -> None:
    """``count`` products, each with two variants, a warehouse stock row, a movement, an
    image (row only, no thumbnails) and, for every third one, an OCOP certificate."""
    for n in range(start, start + count):
        product = ProductFactory(shop=shop, name_vi=f"Sản phẩm {n:03d}")
        small = VariantFactory(product=product, sku=f"Q-{n:03d}-S", price=10_000 + n, position=0)
        VariantFactory(product=product, sku=f"Q-{n:03d}-L", price=20_000 + n, position=1)
        stock = make_stock(small, n)
        StockMovement.objects.create(stock=stock, delta=n, quantity_after=n, reason="initial")
        ProductMedia.objects.create(
            product=product,
            image=f"products/2025/01/{n}.jpg",
            width=10,
            height=10,
            position=1,
            thumbnails={},
        )
        if n % 3 == 0:
            make_certificate(product, stars=3 + n % 2, score=70 if n % 2 else 60)


# session, user, shop (+producer), paginator count, product page with annotations,
# media prefetch, product groups of the filter form
PRODUCT_LIST_QUERIES = 7


def test_product_list_queries_do_not_grow_with_page_size(client, shop, owner):
    client.force_login(owner)
    url = reverse("shops:product_list", args=[shop.slug])
    add_products(shop, 10)

    ten, response = get_counted(client, url, {"per_page": "100"})
    assert len(response.context["page"]) == 10

    add_products(shop, 90, start=10)
    hundred, response = get_counted(client, url, {"per_page": "100"})
    assert len(response.context["page"]) == 100
    assert response.content.decode().count("★") == sum(3 + n % 2 for n in range(0, 100, 3))

    assert ten == hundred == PRODUCT_LIST_QUERIES


def test_product_list_queries_with_search_and_filters(client, shop, owner):
    client.force_login(owner)
    url = reverse("shops:product_list", args=[shop.slug])
    params = {
        "per_page": "100",
        "q": "Q-",
        "status": "published",
        "group": "thuc-pham",
        "stock": "in",
    }
    add_products(shop, 10)

    ten, response = get_counted(client, url, params)
    assert len(response.context["page"]) == 9  # product 0 has stock 0

    add_products(shop, 90, start=10)
    hundred, response = get_counted(client, url, params)
    assert len(response.context["page"]) == 99

    assert ten == hundred == PRODUCT_LIST_QUERIES


# stock_list: session, user, shop, locations, paginator count, stock page, variants of
# the "other variant" form, ledger. overview: session, user, shop, three counts, the
# producer's district, ledger.
@pytest.mark.parametrize(("route", "expected"), [("stock_list", 8), ("overview", 8)])
def test_other_dashboard_pages_do_not_grow_with_data(client, shop, owner, route, expected):
    client.force_login(owner)
    url = reverse(f"shops:{route}", args=[shop.slug])
    add_products(shop, 10)

    ten, _ = get_counted(client, url, {})
    add_products(shop, 40, start=10)
    fifty, _ = get_counted(client, url, {})

    assert ten == fifty == expected
