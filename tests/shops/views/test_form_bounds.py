"""Integers on the dashboard and cart forms are bounded: a price, weight or stock change
past what the business (``MONEY_MAX_VND``, a tonne, a million units) or a database column
can hold is a form error on its field, nothing is saved, and an id past any id is just an
unknown id."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from marketplace.bounded import QUANTITY_MAX, WEIGHT_MAX_GRAMS
from orders.forms import CartAddForm, CartLineForm, _int_or_none
from orders.models import Checkout
from shops.forms import StockAdjustForm, VariantForm
from shops.models import Product, ProductVariant, StockMovement
from tests.shops.views.helpers import product_post_data

HUGE = "9" * 25  # past bigint


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("price", settings.MONEY_MAX_VND + 1),
        ("price", HUGE),
        ("compare_at_price", HUGE),
        ("price", "-" + HUGE),
        ("weight_grams", WEIGHT_MAX_GRAMS + 1),
        ("id", HUGE),
    ],
)
def test_variant_form_bounds(field, value):
    data = {"sku": "CD-500", "price": "120000", "weight_grams": "0", field: str(value)}

    form = VariantForm(data)

    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_variant_form_accepts_the_largest_price():
    form = VariantForm({"sku": "CD-500", "price": str(settings.MONEY_MAX_VND)})

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("delta", QUANTITY_MAX + 1),
        ("delta", -QUANTITY_MAX - 1),
        ("delta", HUGE),
        ("variant", HUGE),
        ("location", "0"),
    ],
)
def test_stock_adjust_form_bounds(field, value):
    data = {"variant": "1", "location": "1", "delta": "3", "reason": "restock", field: value}

    form = StockAdjustForm(data)

    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_cart_forms_bounds():
    assert list(CartAddForm({"variant_id": HUGE, "quantity": "1"}).errors) == ["variant_id"]
    assert list(CartLineForm({"quantity": "-1"}).errors) == ["quantity"]
    assert CartLineForm({"quantity": "0"}).is_valid()  # 0 removes the line
    assert _int_or_none(HUGE) == 0
    assert _int_or_none("²") == 0
    assert _int_or_none(" 12 ") == 12
    assert _int_or_none("") is None


@pytest.mark.django_db
def test_dashboard_refuses_a_huge_price_and_saves_nothing(owner_client, shop):
    data = product_post_data(shop, variants=[{"sku": "CD-500", "price": HUGE}])

    response = owner_client.post(reverse("shops:product_create", args=[shop.slug]), data=data)

    assert response.status_code == 400
    assert not Product.objects.filter(shop=shop).exists()
    assert not ProductVariant.objects.filter(product__shop=shop).exists()


@pytest.mark.django_db
def test_dashboard_refuses_a_huge_stock_change(owner_client, shop, product, warehouse):
    response = owner_client.post(
        reverse("shops:stock_adjust", args=[shop.slug]),
        {
            "variant": product.variants.get().pk,
            "location": warehouse.pk,
            "delta": str(2**40),
            "reason": "restock",
        },
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["delta"]
    assert not StockMovement.objects.exists()


@pytest.mark.django_db
def test_adding_an_id_past_any_id_is_a_coded_error(client):
    response = client.post(
        "/cart/add/", {"variant_id": HUGE, "quantity": "1"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid"
    assert not Checkout.objects.exists()
