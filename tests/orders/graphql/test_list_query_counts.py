"""Order lists run the same number of SQL queries for a page of 10 and of 100: the
buyer's ``me { orders }`` and a shop's ``shopOrders``, with their lines, variants,
thumbnails, shops and totals (the catalogue lists are in
tests/shops/graphql/test_catalogue_query_counts.py and test_nested_list_query_counts.py)."""

from __future__ import annotations

import pytest

from tests.factories.orders import OrderFactory, OrderLineFactory, ShopOrderFactory
from tests.orders.builders import sellable
from tests.support.graphql import token_for
from tests.support.queries import gql_counted

pytestmark = pytest.mark.django_db


SIZE = 105  # more than the largest page

ME_ORDERS = """query($first: Int) { me { orders(first: $first) { totalCount edges { node {
  id number created status channel { slug } total { gross { amount currency } }
  shopOrders { number status shop { name slug } total { gross { amount } } }
  lines { id productName quantity unitPrice { gross { amount } } thumbnail { url } variant { sku } }
} } } } }"""

SHOP_ORDERS = """query($first: Int) { shopOrders(first: $first) { totalCount edges { node {
  id number status isPaid created total { gross { amount } } shop { name }
  lines { productName quantity totalPrice { gross { amount } } variant { sku product { name } } }
} } } }"""


@pytest.fixture
def orders(shop, customer):
    variant = sellable(shop, price=50_000, stock=1000)
    for _ in range(SIZE):
        shop_order = ShopOrderFactory(order=OrderFactory(user=customer), shop=shop)
        OrderLineFactory(shop_order=shop_order, variant=variant)
    return variant


def count(client, document, first, token, field):
    count, answer = gql_counted(client, document, {"first": first}, token=token)
    assert "errors" not in answer, answer["errors"]
    data = answer["data"]
    for part in field:
        data = data[part]
    assert len(data["edges"]) == first
    return count


def test_me_orders_query_count_does_not_grow(client, orders, customer):
    token = token_for(customer)
    assert count(client, ME_ORDERS, 10, token, ["me", "orders"]) == count(
        client, ME_ORDERS, 100, token, ["me", "orders"]
    )


def test_shop_orders_query_count_does_not_grow(client, orders, shop_staff):
    token = token_for(shop_staff)
    assert count(client, SHOP_ORDERS, 10, token, ["shopOrders"]) == count(
        client, SHOP_ORDERS, 100, token, ["shopOrders"]
    )
