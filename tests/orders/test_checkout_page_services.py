"""The storefront's cart and checkout page as services, the same the API calls:
``cart.cart_add`` (a cart is only created with valid lines), ``checkout_details_update``
(every section of the page in one transaction: all or nothing, each refused section
reported) and ``checkout_place`` (the total the buyer saw, then completion; idempotent)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from orders.models import Checkout, CheckoutLine, DeliveryKind, Order, PaymentMethod
from orders.selectors.cart import checkout_summary
from orders.services import cart
from orders.services.checkout import (
    CheckoutDetails,
    CheckoutDetailsError,
    checkout_details_update,
    checkout_place,
)
from shops.models import Stock
from tests.factories.shops import ShopFactory
from tests.orders.builders import address_data, ready_checkout, sellable

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> set[str]:
    return {e.code for errors in exc.error_dict.values() for e in errors}


@pytest.fixture
def variant(admin_units):
    return sellable(ShopFactory(), price=100_000, stock=10)


# --- Add to cart ----------------------------------------------------------------------------


def test_cart_add_creates_the_cart_with_its_lines(variant, customer):
    checkout = cart.cart_add(user=customer, checkout=None, lines=[(variant.pk, 2)])
    assert checkout.user == customer
    assert list(checkout.lines.values_list("variant_id", "quantity")) == [(variant.pk, 2)]
    again = cart.cart_add(user=customer, checkout=checkout, lines=[(variant.pk, 1)])
    assert again == checkout
    assert checkout.lines.get().quantity == 3


def test_cart_add_with_refused_lines_leaves_no_cart(variant):
    with pytest.raises(ValidationError) as exc:
        cart.cart_add(user=None, checkout=None, lines=[(variant.pk, 11)])
    assert codes(exc.value) == {"insufficient_stock"}
    assert not Checkout.objects.exists()
    assert not CheckoutLine.objects.exists()


# --- Saving the page ------------------------------------------------------------------------


def _details(checkout: Checkout, **overrides) -> CheckoutDetails:
    group = checkout_summary(checkout).groups[0]
    values = {
        "email": "an@example.vn",
        "phone": "0912345678",
        "shipping_address": address_data(),
        "deliveries": {group.shop.pk: (DeliveryKind.SHIPPING, group.delivery.shipping_method_id)},
        "payment_method": PaymentMethod.COD,
        "note": "Giao giờ hành chính",
    }
    values.update(overrides)
    return CheckoutDetails(**values)


def test_the_page_is_saved_section_by_section(variant):
    checkout = ready_checkout([(variant, 1)])
    checkout_details_update(checkout=checkout, details=_details(checkout))
    checkout.refresh_from_db()
    assert (checkout.email, checkout.note) == ("an@example.vn", "Giao giờ hành chính")


def test_refused_sections_save_nothing_and_are_all_reported(variant):
    checkout = ready_checkout([(variant, 1)])
    shop_id = checkout_summary(checkout).groups[0].shop.pk
    before = (checkout.email, checkout.note, checkout.shipping_address_id)
    details = _details(
        checkout,
        email="not-an-email",
        shipping_address=address_data(street=""),
        deliveries={shop_id: (DeliveryKind.PICKUP, 999_999)},
        note="changed",
    )
    with pytest.raises(CheckoutDetailsError) as exc:
        checkout_details_update(checkout=checkout, details=details)
    refused = [(s.section, s.shop_id) for s in exc.value.sections]
    assert refused == [("contact", None), ("address", None), ("delivery", shop_id)]
    assert codes(exc.value.sections[1].error) == {"required"}
    # nothing saved (the note was fine), and the caller's copy is the saved state again
    assert (checkout.email, checkout.note, checkout.shipping_address_id) == before
    checkout.refresh_from_db()
    assert (checkout.email, checkout.note, checkout.shipping_address_id) == before


def test_a_checkout_completed_meanwhile_is_not_saved(variant):
    checkout = ready_checkout([(variant, 1)])
    stale = Checkout.objects.get(pk=checkout.pk)  # loaded before it was placed
    late = _details(stale, note="late")
    checkout_place(
        checkout=checkout,
        user=None,
        details=_details(checkout),
        expected_total=checkout_summary(checkout).total,
    )
    with pytest.raises(ValidationError) as exc:
        checkout_details_update(checkout=stale, details=late)
    assert codes(exc.value) == {"checkout_completed"}
    assert Checkout.objects.get(pk=checkout.pk).note == "Giao giờ hành chính"


# --- Placing --------------------------------------------------------------------------------


def test_place_stops_when_the_total_changed_but_keeps_the_page(variant):
    checkout = ready_checkout([(variant, 1)])
    total = checkout_summary(checkout).total
    with pytest.raises(ValidationError) as exc:
        checkout_place(
            checkout=checkout, user=None, details=_details(checkout), expected_total=total - 1
        )
    assert codes(exc.value) == {"total_changed"}
    assert not Order.objects.exists()
    checkout.refresh_from_db()
    assert checkout.note == "Giao giờ hành chính"


def test_place_is_idempotent(variant, customer):
    checkout = ready_checkout([(variant, 1)], user=customer)
    total = checkout_summary(checkout).total
    first = checkout_place(
        checkout=checkout, user=customer, details=_details(checkout), expected_total=total
    )
    stale = Checkout.objects.get(pk=checkout.pk)
    stale.completed_order_id = None  # a second click that loaded the cart before the first
    second = checkout_place(
        checkout=stale, user=customer, details=_details(stale), expected_total=total
    )
    assert second == first
    assert Order.objects.count() == 1


def test_place_reports_what_stops_the_order(variant):
    checkout = ready_checkout([(variant, 1)])
    total = checkout_summary(checkout).total
    Stock.objects.filter(variant=variant).update(quantity=0)
    with pytest.raises(ValidationError) as exc:
        checkout_place(
            checkout=checkout, user=None, details=_details(checkout), expected_total=total
        )
    assert "insufficient_stock" in codes(exc.value)
    assert not Order.objects.exists()
