"""Fixtures shared by the order tests of this folder: a shop's sellable variant, a cash on
delivery order of it and its shop order; places of the buyers' addresses; the shipping
zones of a shop."""

from __future__ import annotations

import pytest

from orders.models import ShopOrder
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory, placed_order
from tests.orders.builders import sellable
from tests.orders.fulfilment_helpers import first
from tests.orders.shipping_helpers import BANDS, dong_hoi, quang_tri
from tests.support.units import commune, district, province


@pytest.fixture
def variant(shop):
    """A variant of ``shop`` at 100.000 đ with 10 in its warehouse."""
    return sellable(shop, price=100_000, stock=10)


@pytest.fixture
def order(shop, variant, customer):
    """A cash-on-delivery order of the customer: 2 × 100.000 đ + 20.000 đ shipping."""
    return placed_order([(shop, [(variant, 2)])], user=customer, email="an@example.vn")


@pytest.fixture
def so(order) -> ShopOrder:
    """The order's one shop order."""
    return first(order)


@pytest.fixture
def places(admin_units):
    """Quảng Trị, the commune of Đồng Hới (and its former district), a commune of Hà Nội."""
    return {
        "quang_tri": province("44"),
        "dong_hoi": commune("18880"),
        "dong_hoi_district": district("450"),
        "hanoi_commune": commune("00004"),
    }


@pytest.fixture
def zones(shop):
    """Nationwide by weight, Quảng Trị flat, Đồng Hới flat (most specific)."""
    nationwide = ShippingZoneFactory(shop=shop, name="Toàn quốc")
    ShippingMethodFactory(
        zone=nationwide,
        name_vi="Tiêu chuẩn",
        kind="weight",
        price=30_000,
        free_above=1_000_000,
        min_days=2,
        max_days=5,
        bands=BANDS,
    )
    in_province = ShippingZoneFactory(shop=shop, name="Nội tỉnh", provinces=[quang_tri()])
    ShippingMethodFactory(
        zone=in_province,
        name_vi="Nội tỉnh",
        price=20_000,
        free_above=300_000,
        min_days=1,
        max_days=2,
    )
    city = ShippingZoneFactory(shop=shop, name="Đồng Hới", districts=[dong_hoi()])
    ShippingMethodFactory(zone=city, name_vi="Nội thành", price=15_000, min_days=0, max_days=1)
    return {"nationwide": nationwide, "province": in_province, "district": city}
