"""Concurrent checkouts on PostgreSQL: 20 buyers race for 5 units. Real threads, real
connections, real row locks — nothing oversells, nobody left charged or holding stock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from orders.models import Checkout, CheckoutLine, Order, OrderLine, Payment, PaymentMethod
from orders.services import cart, payments, stripe_events
from orders.services.checkout import checkout_complete
from shops.models import Stock, StockReservation
from shops.services.stock import stock_available
from tests.factories.shops import ShopFactory
from tests.orders.builders import ready_checkout, sellable
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.service("postgresql"), pytest.mark.django_db(transaction=True)]
BUYERS = 20


def race_all(work, items):
    """Runs ``work(item)`` for every item at once (``run_concurrently``); returns (results,
    errors) keyed by item index."""
    outcomes = run_concurrently(len(items), lambda i: work(items[i]))
    results = {i: value for i, (kind, value) in enumerate(outcomes) if kind == "ok"}
    errors = {i: value for i, (kind, value) in enumerate(outcomes) if kind == "error"}
    return results, errors


def available(variant) -> int:
    location_id = Stock.objects.get(variant=variant).location_id
    return stock_available(pairs=[(variant.pk, location_id)])[(variant.pk, location_id)]


def assert_only_stock_errors(errors):
    for exc in errors.values():
        assert isinstance(exc, ValidationError), repr(exc)
        assert {e.code for errs in exc.error_dict.values() for e in errs} == {"insufficient_stock"}


def test_twenty_buyers_five_units(admin_units):
    assert connection.vendor == "postgresql"
    variant = sellable(ShopFactory(), stock=5)
    checkouts = [
        ready_checkout([(variant, 1)], email=f"buyer{i}@example.vn") for i in range(BUYERS)
    ]
    results, errors = race_all(lambda c: checkout_complete(checkout=c), checkouts)
    assert len(results) == 5
    assert len(errors) == 15
    assert_only_stock_errors(errors)
    assert Order.objects.count() == 5
    assert Stock.objects.get(variant=variant).quantity == 5  # allocated, taken at shipment
    assert available(variant) == 0
    assert StockReservation.objects.filter(status="active").count() == 5
    losers = [checkouts[i] for i in errors]
    assert not StockReservation.objects.filter(
        reference__in=[str(c.token) for c in losers]
    ).exists()
    assert not Payment.objects.exists()


def test_two_shops_in_one_cart_all_or_nothing(admin_units):
    a, b = ShopFactory(), ShopFactory()
    va, vb = sellable(a, stock=5), sellable(b, stock=3)
    checkouts = [
        ready_checkout([(va, 1), (vb, 1)], email=f"buyer{i}@example.vn") for i in range(BUYERS)
    ]
    results, errors = race_all(lambda c: checkout_complete(checkout=c), checkouts)
    assert len(results) == 3
    assert len(errors) == 17
    assert_only_stock_errors(errors)
    assert available(vb) == 0
    assert available(va) == 2  # no half-allocated cart took a unit of the first shop
    for order in Order.objects.all():
        assert order.shop_orders.count() == 2
    assert StockReservation.objects.filter(status="active").count() == 6


@pytest.mark.service("stripe-mock")
def test_pay_first_card_race_charges_nobody_without_an_order(admin_units):
    variant = sellable(ShopFactory(), stock=5)
    checkouts = [
        ready_checkout([(variant, 1)], method=PaymentMethod.CARD, email=f"card{i}@example.vn")
        for i in range(BUYERS)
    ]
    started, refused = race_all(lambda c: payments.checkout_payment_start(checkout=c), checkouts)
    assert len(started) == 5
    assert len(refused) == 15
    assert_only_stock_errors(refused)
    assert Payment.objects.count() == 5  # the 15 others never got an intent to pay
    for payment in Payment.objects.all():  # Stripe authorizes each card (webhook)
        stripe_events.stripe_event_apply(
            {
                "id": f"evt_auth_{payment.pk}",
                "type": "payment_intent.amount_capturable_updated",
                "data": {"object": {"id": payment.stripe_payment_intent}},
            }
        )
    paid_checkouts = [checkouts[i] for i in started]
    orders, failed = race_all(lambda c: checkout_complete(checkout=c), paid_checkouts)
    assert not failed
    assert len(orders) == 5
    assert available(variant) == 0
    assert Payment.objects.filter(order__isnull=False).count() == 5
    assert not StockReservation.objects.filter(source="checkout", status="active").exists()


# --- One cart written from several requests at once -----------------------------------------


def test_concurrent_adds_to_one_cart_add_up(admin_units):
    """Ten "add to cart" of the same product at once (two tabs, a double click, the API):
    each waits for the checkout row's lock, so every unit is counted and the line is
    created once."""
    variant = sellable(ShopFactory(), stock=50)
    checkout = cart.checkout_create()
    added, failed = race_all(
        lambda _: cart.checkout_lines_add(
            checkout=Checkout.objects.get(pk=checkout.pk), lines=[(variant.pk, 1)]
        ),
        list(range(10)),
    )
    assert not failed, failed
    assert len(added) == 10
    assert CheckoutLine.objects.get(checkout=checkout).quantity == 10


def test_a_line_added_while_the_cart_is_placed_is_in_the_order_or_refused(admin_units):
    """Completion and a line write lock the same row: the line is either in the order or
    refused (``checkout_completed``), never left on a completed cart."""
    variant = sellable(ShopFactory(), stock=50)
    for round_ in range(5):
        checkout = ready_checkout([(variant, 1)], email=f"round{round_}@example.vn")

        def work(step, checkout=checkout):
            fresh = Checkout.objects.get(pk=checkout.pk)
            if step == "complete":
                return checkout_complete(checkout=fresh)
            return cart.checkout_lines_add(checkout=fresh, lines=[(variant.pk, 1)])

        _results, errors = race_all(work, ["complete", "add"])
        for exc in errors.values():
            assert isinstance(exc, ValidationError), repr(exc)
            assert {e.code for errs in exc.error_dict.values() for e in errs} == {
                "checkout_completed"
            }
        order = Order.objects.get(checkout_token=checkout.token)
        ordered = sum(
            OrderLine.objects.filter(shop_order__order=order).values_list("quantity", flat=True)
        )
        assert ordered == CheckoutLine.objects.get(checkout=checkout).quantity
