"""The rate limit on placing unpaid orders (``STOCK_HOLD_ORDERS_PER_IP`` /
``STOCK_HOLD_ORDERS_PER_BUYER`` per ``STOCK_HOLD_ORDERS_WINDOW_MINUTES``), counted in the
``ratelimit`` cache once an order commits: the web checkout and ``checkoutComplete``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from orders.models import Order, Payment, PaymentMethod
from orders.services import cart, payments
from orders.services import checkout as checkout_services
from tests.orders.builders import address_data, sellable
from tests.orders.graphql.checkout_helpers import CHECKOUT_COMPLETE, run
from tests.orders.holds_helpers import codes, guest_checkout, held
from tests.support.graphql import gid

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(shop, settings):
    settings.STOCK_HOLD_ORDERS_PER_BUYER = 2
    settings.STOCK_HOLD_ORDERS_PER_IP = 3
    return sellable(shop, price=50_000, stock=100)


def _buyer(n: int) -> dict[str, str]:
    return {
        "email": f"buyer{n}@example.vn",
        "phone": f"09123456{n:02d}",
        "street": f"{n} Hùng Vương",
    }


def place(checkout, ip: str, capture) -> Order:
    with capture(execute=True):
        return checkout_services.checkout_complete(checkout=checkout, client_ip=ip)


def test_one_buyer_places_a_limited_number_of_unpaid_orders(
    honey, django_capture_on_commit_callbacks, clock
):
    capture = django_capture_on_commit_callbacks
    for n in range(2):
        place(guest_checkout(honey, 1), ip=f"198.51.100.{n}", capture=capture)
    refused = guest_checkout(honey, 1, phone="0987654321", street="7 Trần Phú")  # same e-mail

    with pytest.raises(ValidationError) as exc:
        place(refused, ip="198.51.100.9", capture=capture)

    assert codes(exc.value) == ["too_many_unpaid_orders"]
    assert "60 phút" in exc.value.error_dict["lines"][0].message
    assert (Order.objects.count(), held(honey)) == (2, 2)
    # another buyer is not affected, and the window ends
    place(guest_checkout(honey, 1, **_buyer(5)), ip="198.51.100.5", capture=capture)
    clock.advance(timedelta(minutes=61))
    assert place(refused, ip="198.51.100.9", capture=capture).status == Order.Status.UNCONFIRMED


def test_one_client_address_places_a_limited_number_of_unpaid_orders(
    honey, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    for n in range(3):
        place(guest_checkout(honey, 1, **_buyer(n)), ip="203.0.113.7", capture=capture)

    with pytest.raises(ValidationError) as exc:
        place(guest_checkout(honey, 1, **_buyer(3)), ip="203.0.113.7", capture=capture)

    assert codes(exc.value) == ["too_many_unpaid_orders"]
    assert Order.objects.count() == 3
    place(guest_checkout(honey, 1, **_buyer(4)), ip="203.0.113.8", capture=capture)


def test_refused_orders_do_not_count(honey, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with pytest.raises(ValidationError):
        place(guest_checkout(honey, 21), ip="203.0.113.7", capture=capture)  # over the hold cap
    with pytest.raises(ValidationError):
        place(guest_checkout(honey, 21), ip="203.0.113.7", capture=capture)

    for _ in range(2):
        place(guest_checkout(honey, 1), ip="203.0.113.7", capture=capture)

    assert Order.objects.count() == 2


def test_checkout_complete_answers_the_rate_limit_with_a_code(
    client, honey, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    for _ in range(2):
        place(guest_checkout(honey, 1), ip="10.0.0.1", capture=capture)
    checkout = guest_checkout(honey, 1, method=PaymentMethod.VIETQR)
    cart.checkout_address_update(checkout=checkout, data=address_data(), kind="billing")

    data = run(client, CHECKOUT_COMPLETE, {"checkoutId": gid("Checkout", checkout.token)})

    errors = data["checkoutComplete"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("lines", "INVALID")]
    assert "quá nhiều đơn hàng chưa thanh toán" in errors[0]["message"]
    assert Order.objects.count() == 2


@pytest.mark.service("stripe-mock")
def test_pay_first_card_holds_count_against_the_unpaid_order_limit(
    honey, django_capture_on_commit_callbacks, settings
):
    """Saleor's pay-first card flow holds the checkout's stock before any money: it is an
    unpaid hold counted by the same rate limit (per buyer and per client address); asking
    again for the same checkout is not a new hold."""
    settings.STOCK_HOLD_ORDERS_PER_IP = 2
    with django_capture_on_commit_callbacks(execute=True):
        first = payments.checkout_payment_start(
            checkout=guest_checkout(honey, 1, method=PaymentMethod.CARD, **_buyer(1)),
            ip="203.0.113.50",
        )
        checkout = first.checkout
        again = payments.checkout_payment_start(checkout=checkout, ip="203.0.113.50")
        payments.checkout_payment_start(
            checkout=guest_checkout(honey, 1, method=PaymentMethod.CARD, **_buyer(2)),
            ip="203.0.113.50",
        )
    assert again.pk == first.pk
    refused = guest_checkout(honey, 1, method=PaymentMethod.CARD, **_buyer(3))

    with pytest.raises(ValidationError) as exc:
        payments.checkout_payment_start(checkout=refused, ip="203.0.113.50")

    assert codes(exc.value) == ["too_many_unpaid_orders"]
    assert not Payment.objects.filter(checkout=refused).exists()
    # another client address is not affected
    payments.checkout_payment_start(checkout=refused, ip="198.51.100.77")
