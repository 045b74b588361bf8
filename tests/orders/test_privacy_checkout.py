"""Consent at checkout (Decree 13/2023/NĐ-CP; orders.services.privacy): the web checkout
places an order only with the privacy box ticked and records that consent with the order;
Saleor clients' ``checkoutComplete`` records the act of ordering as the consent; placing
twice records it once."""

from __future__ import annotations

import pytest

from marketplace.models import ConsentRecord
from marketplace.selectors_privacy import PRIVACY_NOTICE_VERSION
from orders.models import Order
from orders.selectors.cart import checkout_summary
from orders.selectors.checkout import SESSION_CHECKOUT_KEY
from orders.services.cart import checkout_address_set
from tests.orders.builders import address_data, ready_checkout, sellable
from tests.orders.graphql.checkout_helpers import CHECKOUT_COMPLETE, run
from tests.support.graphql import gid

CHECKOUT = "/checkout/"


@pytest.fixture
def guest_cart(client, shop):
    """A guest's checkout, ready to place (contact, address, shipping, COD), in the
    client's session."""
    checkout = ready_checkout([(sellable(shop), 1)], email="lan@example.vn")
    session = client.session
    session[SESSION_CHECKOUT_KEY] = str(checkout.token)
    session.save()
    return checkout


def _place(client, checkout, **extra):
    return client.post(
        CHECKOUT,
        {
            "action": "place",
            "expected_total": checkout_summary(checkout).total,
            **extra,
        },
        HTTP_USER_AGENT="Mozilla/5.0 (test)",
        REMOTE_ADDR="203.0.113.7",
    )


def test_place_order_without_the_privacy_box_is_refused_and_places_nothing(client, guest_cart):
    response = _place(client, guest_cart)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng đồng ý với Thông báo bảo vệ dữ liệu cá nhân để đặt hàng." in html
    assert 'href="#id_privacy_consent"' in html  # in the error summary
    assert Order.objects.count() == 0
    assert ConsentRecord.objects.count() == 0


def test_checkout_page_shows_an_unticked_box_linking_the_notice(client, guest_cart):
    html = client.get(CHECKOUT).content.decode()
    assert 'name="privacy_consent" id="id_privacy_consent">' in html  # not "checked"
    assert 'href="/privacy/"' in html


def test_placing_with_the_box_records_the_consent_once(client, guest_cart):
    first = _place(client, guest_cart, privacy_consent="on")
    assert first.status_code == 302
    order = Order.objects.get()
    again = _place(client, guest_cart, privacy_consent="on")  # a second click
    assert again.status_code == 302
    record = ConsentRecord.objects.get()
    assert (
        record.purpose,
        record.granted,
        record.source,
        record.order_number,
        record.email,
        record.user,
        record.notice_version,
        record.ip,
        record.user_agent,
    ) == (
        "order",
        True,
        "checkout_form",
        order.number,
        "lan@example.vn",
        None,
        PRIVACY_NOTICE_VERSION,
        "203.0.113.7",
        "Mozilla/5.0 (test)",
    )


def test_saving_a_section_does_not_need_the_box(client, guest_cart):
    response = client.post(CHECKOUT, {"action": "save-contact", "email": "lan@example.vn"})
    assert response.status_code == 302


def _api_checkout(shop, **kwargs):
    """A checkout as a Saleor storefront leaves it before ``checkoutComplete``."""
    checkout = ready_checkout([(sellable(shop), 1)], **kwargs)
    checkout_address_set(checkout=checkout, data=address_data(), kind="billing")
    return checkout


def test_api_checkout_complete_records_ordering_as_consent(client, shop, customer):
    checkout = _api_checkout(shop, email=customer.email, user=customer)
    variables = {"checkoutId": gid("Checkout", str(checkout.token))}
    result = run(client, CHECKOUT_COMPLETE, variables, customer)["checkoutComplete"]
    assert result["errors"] == []
    again = run(client, CHECKOUT_COMPLETE, variables, customer)["checkoutComplete"]
    assert again["order"]["number"] == result["order"]["number"]
    record = ConsentRecord.objects.get()
    assert (
        record.purpose,
        record.source,
        record.order_number,
        record.user,
        record.notice_version,
    ) == ("order", "api_order", result["order"]["number"], customer, PRIVACY_NOTICE_VERSION)


def test_api_checkout_complete_of_a_guest(client, shop):
    checkout = _api_checkout(shop, email="guest@example.vn")
    result = run(client, CHECKOUT_COMPLETE, {"checkoutId": gid("Checkout", str(checkout.token))})
    assert result["checkoutComplete"]["errors"] == []
    record = ConsentRecord.objects.get()
    assert (record.user, record.email, record.source) == (None, "guest@example.vn", "api_order")
