"""Fixtures of the checkout and order API tests of this folder."""

from __future__ import annotations

import pytest

from orders.services import shipping
from tests.factories.shops import ShopFactory
from tests.orders.builders import sellable


@pytest.fixture
def two_shops(admin_units):
    """Two shops with the default shipping rates and a product each (stock 10)."""
    a, b = ShopFactory(name="Nước mắm Bảo Ninh"), ShopFactory(name="Khoai deo Lệ Thủy")
    for shop in (a, b):
        shipping.shipping_defaults_create(shop)
    return a, b


@pytest.fixture
def variants(two_shops):
    a, b = two_shops
    return sellable(a, price=150_000, stock=10, weight=600), sellable(
        b, price=60_000, stock=10, weight=300
    )
