"""Stock hoarding (issue 13): unpaid orders may hold only so much. The attack first — one
guest VietQR order holding a product's whole stock, from the web checkout and from
``checkoutComplete`` with ``ocop.vietqr`` — then the limits per order, per variant and per
buyer, the buyer recognised by account, e-mail, phone, shipping address or client IP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from orders.models import Address, Checkout, Order, Payment, PaymentMethod
from orders.selectors.holds import address_key, buyer_identity
from orders.services import cart, holds, payments, shipping
from orders.services import checkout as checkout_services
from shops.models import StockReservation
from tests.factories.marketplace import UserFactory
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory
from tests.orders.builders import address_data, sellable
from tests.orders.graphql.checkout_helpers import (
    CHECKOUT_COMPLETE,
    CHECKOUT_CREATE,
    DELIVERY_METHOD_UPDATE,
    TRANSACTION_INITIALIZE,
    address_input,
    run,
)
from tests.orders.holds_helpers import codes, guest_checkout, held
from tests.support.graphql import gid

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(shop):
    """A variant with 100 in the warehouse."""
    return sellable(shop, price=50_000, stock=100)


def place(checkout: Checkout, ip: str = "203.0.113.7", user=None) -> Order:
    return checkout_services.checkout_complete(checkout=checkout, user=user, client_ip=ip)


# --- The attack ------------------------------------------------------------------------------


def test_attack_one_guest_vietqr_order_on_the_web_cannot_hold_the_whole_stock(
    client, honey, shop, places
):
    """Before: 100 units held for 24 h by one unpaid order. Now refused, nothing saved."""
    method = ShippingMethodFactory(zone=ShippingZoneFactory(shop=shop), price=20_000)
    client.post("/cart/add/", {"variant_id": honey.pk, "quantity": 100})

    response = client.post(
        "/checkout/",
        {
            "email": "hoarder@example.vn",
            "phone": "0912345678",
            "ship_full_name": "Khách",
            "ship_phone": "",
            "ship_province": places["quang_tri"].pk,
            "ship_commune": places["dong_hoi"].pk,
            "ship_district": "",
            "ship_street": "1 Lý Thường Kiệt",
            f"delivery_{shop.pk}": f"shipping:{method.pk}",
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "vietqr",
            "expected_total": 100 * 50_000 + 20_000,
        },
        REMOTE_ADDR="198.51.100.9",
    )

    assert response.status_code == 400
    assert "chỉ được giữ tối đa 50 sản phẩm" in response.content.decode()
    assert Order.objects.count() == 0
    assert held(honey) == 0
    assert Checkout.objects.get().completed_order_id is None


def test_attack_one_guest_vietqr_order_through_checkout_complete_is_refused(client, honey, shop):
    shipping.shipping_defaults_create(shop)
    created = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "email": "hoarder@example.vn",
                "shippingAddress": address_input(),
                "billingAddress": address_input(),
                "lines": [{"variantId": gid("ProductVariant", honey.pk), "quantity": 100}],
            }
        },
    )["checkoutCreate"]["checkout"]
    run(
        client,
        DELIVERY_METHOD_UPDATE,
        {"checkoutId": created["id"], "deliveryMethodId": created["shippingMethods"][0]["id"]},
    )
    run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": created["id"], "paymentGateway": {"id": "ocop.vietqr"}},
    )

    data = run(client, CHECKOUT_COMPLETE, {"checkoutId": created["id"]})["checkoutComplete"]

    assert data["order"] is None
    assert [(e["field"], e["code"]) for e in data["errors"]] == [
        ("lines", "QUANTITY_GREATER_THAN_LIMIT")
    ]
    assert "50" in data["errors"][0]["message"]
    assert Order.objects.count() == 0
    assert held(honey) == 0


def test_checkout_complete_within_the_limits_places_the_vietqr_order(client, honey):
    checkout = guest_checkout(honey, 20)

    order = place(checkout)

    assert (order.status, order.payment_method, order.client_ip) == (
        Order.Status.UNCONFIRMED,
        PaymentMethod.VIETQR,
        "203.0.113.7",
    )
    assert held(honey) == 20


# --- Limits -------------------------------------------------------------------------------------


def test_one_order_holds_at_most_the_per_order_limit(shop, honey, settings):
    settings.STOCK_HOLD_MAX_UNITS_PER_VARIANT = 100
    tea = sellable(shop, price=30_000, stock=100)
    checkout = guest_checkout(honey, 30)
    cart.checkout_lines_add(checkout=checkout, lines=[(tea.pk, 21)])

    with pytest.raises(ValidationError) as exc:
        place(checkout)

    assert codes(exc.value) == ["hold_limit_exceeded"]
    assert exc.value.error_dict["lines"][0].params["scope"] == "order"
    assert (Order.objects.count(), held(honey), held(tea)) == (0, 0, 0)


@pytest.mark.parametrize(
    ("second", "same_buyer"),
    [
        ({"email": "AN@Example.vn"}, True),  # the same e-mail, other case
        ({"phone": "+84 912 345 678"}, True),  # the same phone, other spelling
        # the same place: accents, case, punctuation and filler words do not matter
        ({"street": "Số 12, đường QUANG TRUNG", "full_name": "Trần B"}, True),
        ({"ip": "203.0.113.7"}, True),  # the same client address
        ({}, False),  # nothing in common
    ],
    ids=["email", "phone", "address", "ip", "stranger"],
)
def test_one_buyer_holds_at_most_the_per_variant_limit_over_their_orders(honey, second, same_buyer):
    place(guest_checkout(honey, 15, email="an@example.vn", phone="0912345678"))
    other = {
        "email": second.get("email", "binh@example.vn"),
        "phone": second.get("phone", "0987654321"),
        "street": second.get("street", "99 Hùng Vương"),
    }
    if "full_name" in second:
        other["full_name"] = second["full_name"]
    checkout = guest_checkout(
        honey, 10, email=other["email"], phone=other["phone"], **_address(other)
    )
    ip = second.get("ip", "198.51.100.20")

    if same_buyer:
        with pytest.raises(ValidationError) as exc:
            place(checkout, ip=ip)
        error = exc.value.error_dict["lines"][0]
        assert (error.code, error.params["scope"], error.params["held"]) == (
            "hold_limit_exceeded",
            "variant",
            15,
        )
        assert (Order.objects.count(), held(honey)) == (1, 15)
    else:
        place(checkout, ip=ip)
        assert (Order.objects.count(), held(honey)) == (2, 25)


def _address(values):
    return {k: v for k, v in values.items() if k in ("street", "full_name")}


def test_the_same_account_is_the_same_buyer_whatever_its_details(honey):
    user = UserFactory()
    place(guest_checkout(honey, 15, email="one@example.vn", user=user), user=user)
    checkout = guest_checkout(
        honey, 6, email="two@example.vn", phone="0987654321", user=user, street="5 Trần Phú"
    )

    with pytest.raises(ValidationError) as exc:
        place(checkout, ip="198.51.100.30", user=user)

    assert codes(exc.value) == ["hold_limit_exceeded"]


def test_one_buyer_holds_at_most_the_per_buyer_limit_in_all(shop, honey, settings):
    settings.STOCK_HOLD_MAX_UNITS_PER_BUYER = 30
    tea = sellable(shop, price=30_000, stock=100)
    place(guest_checkout(honey, 20))
    checkout = guest_checkout(tea, 11)

    with pytest.raises(ValidationError) as exc:
        place(checkout)

    error = exc.value.error_dict["lines"][0]
    assert (error.code, error.params["scope"], error.params["held"]) == (
        "hold_limit_exceeded",
        "buyer",
        20,
    )
    assert held(tea) == 0


def test_paid_orders_and_lapsed_holds_do_not_count(honey, clock, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_not_called"  # offers cards; Stripe is not called
    first = place(guest_checkout(honey, 20, method=PaymentMethod.CARD))
    Payment.objects.create(
        order=first,
        method=PaymentMethod.CARD,
        status=Payment.Status.SUCCEEDED,
        amount=first.total,
        captured_amount=first.total,
        idempotency_key="test:paid",
    )
    first = payments.order_refresh_payment(order=first)
    second = place(guest_checkout(honey, 20))  # the first is paid: not a hold any more
    clock.advance(timedelta(minutes=31))  # the bank transfer's hold has lapsed

    third = place(guest_checkout(honey, 20))

    assert [o.status for o in (first, second, third)] == [
        Order.Status.UNFULFILLED,
        Order.Status.UNCONFIRMED,
        Order.Status.UNCONFIRMED,
    ]


def test_cash_on_delivery_orders_are_unpaid_holds_too(honey):
    place(guest_checkout(honey, 15, method=PaymentMethod.COD))

    with pytest.raises(ValidationError) as exc:
        place(guest_checkout(honey, 6, method=PaymentMethod.COD))

    assert codes(exc.value) == ["hold_limit_exceeded"]


def test_pay_first_card_hold_goes_through_the_limits(honey, settings):
    """Saleor's pay-first card flow reserves the checkout's stock before any intent:
    beyond the limit nothing is reserved and Stripe is never called."""
    settings.STRIPE_SECRET_KEY = "sk_test_not_called"
    place(guest_checkout(honey, 15))
    checkout = guest_checkout(honey, 10, method=PaymentMethod.CARD)

    with pytest.raises(ValidationError) as exc:
        payments.checkout_payment_start(checkout=checkout)

    assert codes(exc.value) == ["hold_limit_exceeded"]
    assert held(honey, StockReservation.Source.CHECKOUT) == 0
    assert Payment.objects.count() == 0


def test_address_key_ignores_spelling_but_not_the_place(places):
    def key(**data):
        values = address_data(**data)
        return address_key(
            Address(
                full_name=values["full_name"],
                phone=values["phone"],
                province_id=values["province"],
                commune_id=values["commune"],
                street=values["street"],
            )
        )

    assert key(street="12 Quang Trung") == key(street="số 12 Đường quang-trung.")
    assert key(street="12 Quang Trung") != key(street="14 Quang Trung")
    assert key(street="12 Quang Trung") != key(
        street="12 Quang Trung", commune=places["dong_hoi"].pk
    )
    assert buyer_identity(ip="not an ip").ip == ""


def test_the_policy_is_reusable_for_other_holds(honey, clock):
    """What a POS or livestream hold calls: the buyer's identity and the lines to hold."""
    place(guest_checkout(honey, 15))
    buyer = buyer_identity(email="An@Example.vn")

    with pytest.raises(ValidationError) as exc:
        holds.hold_limits_check(identity=buyer, lines=[(honey.pk, 6)], now=clock.now())
    holds.hold_limits_check(identity=buyer, lines=[(honey.pk, 5)], now=clock.now())
    holds.hold_limits_check(
        identity=buyer_identity(email="someone@example.vn"), lines=[(honey.pk, 20)], now=clock.now()
    )

    assert codes(exc.value) == ["hold_limit_exceeded"]
