"""Fuzzing every web form with hostile values: validation never raises, every integer
it accepts fits PostgreSQL's bigint (the bounded ones: their business limit), and the
pages that write (cart, dashboard product and stock) answer without a 500 and write
nothing when they refuse."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.bounded import BIGINT_MAX
from marketplace.forms import ApplicantAccountForm, ProducerApplicationForm
from marketplace.forms_account import SignUpForm
from orders.forms import CartAddForm, CartLineForm, CheckoutForm
from orders.forms_address import AddressBookForm
from orders.forms_fulfilment import OrderFilterForm, RefundForm, ShipForm
from orders.forms_ledger import LedgerAdjustForm, PayoutBatchCreateForm
from orders.models import Checkout, CheckoutLine
from shops.forms import ProductForm, StockAdjustForm, VariantForm
from shops.models import Product, ProductVariant, StockMovement
from tests.fuzz.strategies import HOSTILE_TEXT, INTS
from tests.shops.views.helpers import product_post_data

pytestmark = pytest.mark.django_db

VALUE = st.one_of(HOSTILE_TEXT, INTS.map(str))
# what a browser can send: form posts are UTF-8 (decoded with replacement), so no lone
# surrogate reaches a view (the test client could not even encode one)
WEB_VALUE = VALUE.filter(lambda text: not re.search("[\ud800-\udfff]", text))
FORMS: list[tuple[type[forms.BaseForm], dict[str, Any]]] = [
    (SignUpForm, {}),
    (ApplicantAccountForm, {}),
    (ProducerApplicationForm, {}),
    (CartAddForm, {}),
    (CartLineForm, {}),
    (CheckoutForm, {"shop_ids": [1, 2]}),
    (AddressBookForm, {}),
    (OrderFilterForm, {}),
    (ShipForm, {}),
    (RefundForm, {}),
    (PayoutBatchCreateForm, {}),
    (LedgerAdjustForm, {}),
    (ProductForm, {}),
    (VariantForm, {}),
    (StockAdjustForm, {}),
]


def _ints(value: Any) -> list[int]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _ints(v)]
    if isinstance(value, list | tuple):
        return [n for v in value for n in _ints(v)]
    return []


@pytest.mark.parametrize(("form_class", "kwargs"), FORMS, ids=lambda f: getattr(f, "__name__", ""))
@given(data=st.data())
def test_form_validation_never_raises(admin_units, form_class, kwargs, data):
    names = list(form_class(**kwargs).fields)
    values = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(names, VALUE)))
    form = form_class(values, **kwargs)

    if form.is_valid():
        assert all(abs(n) <= BIGINT_MAX for n in _ints(form.cleaned_data))
        if isinstance(form, CheckoutForm):
            form.details()
            form.shown_total()
        if isinstance(form, OrderFilterForm):
            form.filters()


@given(variant_id=WEB_VALUE, quantity=WEB_VALUE)
def test_cart_add(client, catalogue, variant_id, quantity):
    before = (Checkout.objects.count(), CheckoutLine.objects.count())

    response = client.post(
        "/cart/add/",
        {"variant_id": variant_id, "quantity": quantity},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert all(e["code"] for e in response.json()["errors"])
        assert (Checkout.objects.count(), CheckoutLine.objects.count()) == before


#: The page tests post whole forms (tens of queries each): a third of the profile's examples.
PAGE_EXAMPLES = settings(max_examples=max(10, settings.default.max_examples // 3))


@PAGE_EXAMPLES
@given(price=WEB_VALUE, compare_at=WEB_VALUE, weight=WEB_VALUE, sku=WEB_VALUE)
def test_dashboard_product_create(owner_client, shop, price, compare_at, weight, sku):
    before = (Product.objects.count(), ProductVariant.objects.count())
    variant = {"sku": sku, "price": price, "compare_at_price": compare_at, "weight_grams": weight}
    data = product_post_data(shop, variants=[variant])

    response = owner_client.post(reverse("shops:product_create", args=[shop.slug]), data=data)

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert (Product.objects.count(), ProductVariant.objects.count()) == before


@PAGE_EXAMPLES
@given(
    delta=WEB_VALUE, variant=st.sampled_from(["x", "real"]), location=st.sampled_from(["x", "real"])
)
def test_dashboard_stock_adjust(owner_client, shop, product, warehouse, delta, variant, location):
    before = StockMovement.objects.count()
    real = {"variant": str(product.variants.get().pk), "location": str(warehouse.pk)}

    response = owner_client.post(
        reverse("shops:stock_adjust", args=[shop.slug]),
        {
            "variant": variant if variant == "x" else real["variant"],
            "location": location if location == "x" else real["location"],
            "delta": delta,
            "reason": "restock",
        },
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code in (200, 400, 404)
    if response.status_code != 200:
        assert StockMovement.objects.count() == before
