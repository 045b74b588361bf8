"""A guest pays by card: checkout in the browser, a Stripe PaymentIntent created in
stripe-mock, the intent confirmed, Stripe's signed webhook, and the order page turns paid."""

from __future__ import annotations

import re

import pytest
import stripe
from django.conf import settings
from playwright.sync_api import expect

from marketplace.models import AdministrativeUnit
from orders.models import Order, Payment, PaymentMethod
from tests.orders.builders import stripe_event, stripe_signature

from . import steps
from .browser import NEEDS, PageWatch, open_context

pytestmark = [*NEEDS, pytest.mark.service("stripe-mock")]

STRIPE_JS_HOST = "js.stripe.com"


@pytest.fixture
def watch(request) -> PageWatch:
    """Stripe.js is the one outside script a page may ask for; it is blocked like every
    other host, but expected (see the test's docstring)."""
    return PageWatch(name="card_payment", expected_external=frozenset({STRIPE_JS_HOST}))


def test_card_checkout_against_stripe_mock(browser, live_server, journey_data, watch):
    """What is real and what is substituted:

    - real: the checkout in Chromium, the PaymentIntent our server creates in stripe-mock
      (Stripe's official mock of its API, from services.sh), its client secret rendered
      into the pay page with the Payment Element's mount point, the webhook endpoint
      verifying a real ``Stripe-Signature`` (HMAC-SHA256 with STRIPE_WEBHOOK_SECRET), and
      the order turning paid;
    - substituted: Stripe.js and the Payment Element. They load from js.stripe.com, which
      this machine cannot reach (no network but 127.0.0.1 and the package registries), and
      stripe-mock cannot serve them. So the browser blocks js.stripe.com (route abort) and
      the test asserts that the pay page stays error-free and tells the buyer the card
      form could not load; the buyer's part (the Payment Element confirming the intent with
      a card) is done server-side against stripe-mock (``PaymentIntent.confirm`` with the
      test card ``pm_card_visa``), and Stripe's part (``payment_intent.succeeded`` sent to
      /webhooks/stripe/) is a webhook signed by the test. stripe-mock keeps no state, so
      the event carries the intent's id, amount and currency from our Payment row."""
    data = journey_data
    dong_hoi = AdministrativeUnit.objects.get(generation="current", level="commune", code="18880")
    context = open_context(browser, live_server, watch)
    page = context.new_page()

    steps.goto(page, f"/products/{data.fish_sauce.slug}/")
    steps.add_to_cart(page)
    steps.go_to_cart(page)
    with steps.navigates(page, url=re.compile(r"/checkout/")):
        page.locator("main").get_by_role("link", name=re.compile("Tiến hành thanh toán")).click()
    steps.fill_checkout(
        page,
        email="minh.tran@example.vn",
        phone="0987654321",
        name="Trần Quang Minh",
        province="Tỉnh Quảng Trị",
        commune_id=dong_hoi.pk,
        street="5 Lý Thường Kiệt",
        deliveries=["Giao tiêu chuẩn"],
        payment=re.compile(r"^Thẻ"),
    )
    steps.place_order(page)

    # The pay page: an intent created in stripe-mock, its secret handed to the Payment Element.
    order = Order.objects.get()
    assert order.payment_method == PaymentMethod.CARD
    expect(page).to_have_url(re.compile(rf"/orders/{order.token}/pay/card/$"))
    payment = Payment.objects.get(order=order)
    assert payment.stripe_payment_intent.startswith("pi_")
    assert payment.amount == order.total == 140_000
    form = page.locator("#card-form")
    expect(form).to_have_attribute("data-client-secret", payment.client_secret)
    assert re.fullmatch(r"pi_\w+_secret_\w+", payment.client_secret)
    expect(form).to_have_attribute("data-publishable-key", settings.STRIPE_PUBLISHABLE_KEY)
    expect(page.locator("#payment-element")).to_be_attached()
    client = stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE}
    )
    assert (
        client.v1.payment_intents.retrieve(payment.stripe_payment_intent).id
        == payment.stripe_payment_intent
    )
    # Stripe.js is blocked: the page says so instead of failing (and logs no error of its own).
    expect(page.locator("#card-unavailable")).to_be_visible()
    assert any(STRIPE_JS_HOST in url for url in watch.external)
    steps.visit(page, watch, "pay-card")

    # The buyer's card confirms the intent (Payment Element's part), then Stripe's webhook.
    confirmed = client.v1.payment_intents.confirm(
        payment.stripe_payment_intent, params={"payment_method": "pm_card_visa"}
    )
    event = {
        **confirmed.to_dict(),
        "id": payment.stripe_payment_intent,
        "amount": payment.amount,
        "amount_received": payment.amount,
        "currency": "vnd",
        "status": "succeeded",
    }
    payload = stripe_event("evt_e2e_card_paid", "payment_intent.succeeded", event)
    response = context.request.post(
        f"{live_server.url}/webhooks/stripe/",
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": stripe_signature(payload)},
    )
    assert response.status == 200, response.text()
    assert response.json()["result"] == "succeeded"

    # The order page turns paid.
    steps.goto(page, f"/checkout/confirmation/{order.token}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cảm ơn bạn đã đặt hàng")
    expect(page.get_by_role("status").filter(has_text="Đã thanh toán")).to_be_visible()
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.FULLY_CHARGED
    steps.visit(page, watch, "paid")
    context.close()

    watch.assert_clean()
