"""Defects found in review: ids that ``str.isdigit`` accepts but ``int`` refuses (other
Unicode digits, more than 4,300 digits) answered 500."""

from __future__ import annotations

import pytest

from tests.factories.shops import make_stock

BAD_IDS = ["²", "9" * 5000]


@pytest.mark.parametrize("raw", BAD_IDS)
def test_communes_json_refuses_a_strange_province_id(client, admin_units, raw):
    assert client.get("/checkout/communes/", {"province": raw}).status_code == 400


@pytest.mark.parametrize("raw", BAD_IDS)
def test_address_book_form_with_a_strange_province_id(client, customer, admin_units, raw):
    client.force_login(customer)

    response = client.post("/account/addresses/new/", {"province": raw, "action": "refresh"})

    assert response.status_code in (200, 400)
    assert response.context["province_data"] is None


@pytest.mark.parametrize("raw", BAD_IDS)
def test_checkout_refresh_with_a_strange_province_id(client, shop, other_shop, admin_units, raw):
    from tests.factories.shops import ProductFactory, VariantFactory

    variant = VariantFactory(product=ProductFactory(shop=shop), price=100_000)
    make_stock(variant, 5)
    client.post("/cart/add/", {"variant_id": variant.pk, "quantity": 1})

    response = client.post("/checkout/", {"action": "refresh", "ship_province": raw})

    assert response.status_code in (200, 400)
