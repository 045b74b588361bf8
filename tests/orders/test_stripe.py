"""Card payments against stripe-mock (every Stripe call goes to the real mock server) and
webhooks with real signatures. stripe-mock answers with fixture objects (its intents
never change status), so the tests drive state the way Stripe does in production:
through signed webhook events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.errors import NotFound
from orders.models import LedgerEntry, Order, Payment, PaymentMethod, Refund, ShopOrder, StripeEvent
from orders.services import payments
from orders.services.checkout import checkout_complete
from shops.models import Stock, StockReservation
from tests.factories.shops import ShopFactory, ShopMembershipFactory
from tests.orders.builders import (
    post_stripe_event,
    ready_checkout,
    sellable,
    stripe_event,
    stripe_signature,
)

pytestmark = [pytest.mark.django_db, pytest.mark.service("stripe-mock")]


def intent(payment: Payment, **extra) -> dict:
    return {
        "id": payment.stripe_payment_intent,
        "object": "payment_intent",
        "amount": payment.amount,
        "amount_received": payment.amount,
        "currency": "vnd",
        "status": "succeeded",
        **extra,
    }


@pytest.fixture
def shops(admin_units):
    return ShopFactory(), ShopFactory()


@pytest.fixture
def card_order(shops, django_capture_on_commit_callbacks):
    a, b = shops
    checkout = ready_checkout(
        [(sellable(a, price=150_000, stock=4), 2), (sellable(b, price=60_000, stock=4), 1)],
        method=PaymentMethod.CARD,
    )
    with django_capture_on_commit_callbacks(execute=True):
        return checkout_complete(checkout=checkout)


def paid(client, payment, event_id="evt_paid_1"):
    return post_stripe_event(client, event_id, "payment_intent.succeeded", intent(payment))


def test_card_order_waits_for_payment_and_holds_stock_for_30_minutes(card_order):
    assert card_order.status == Order.Status.UNCONFIRMED
    assert card_order.payment_status == Order.PaymentStatus.NOT_CHARGED
    due = card_order.payment_due_at - card_order.created_at
    assert timedelta(minutes=29) < due <= timedelta(minutes=30, seconds=1)
    holds = StockReservation.objects.filter(source="order", status="active")
    assert holds.count() == 2
    assert all(h.expires_at == card_order.payment_due_at for h in holds)


def test_payment_start_creates_a_vnd_intent_once(card_order):
    payment = payments.order_payment_start(order=card_order)
    assert payment.stripe_payment_intent.startswith("pi_")
    assert "_secret_" in payment.client_secret
    assert payment.amount == card_order.total
    assert payment.currency == "VND"
    assert payments.order_payment_start(order=card_order) == payment
    assert Payment.objects.count() == 1
    card_order.refresh_from_db()
    assert card_order.payment_status == Order.PaymentStatus.PENDING


def test_succeeded_webhook_marks_the_order_paid(
    client, card_order, mailoutbox, django_capture_on_commit_callbacks
):
    payment = payments.order_payment_start(order=card_order)
    with django_capture_on_commit_callbacks(execute=True):
        response = paid(client, payment)
    assert response.status_code == 200
    assert response.json()["result"] == "succeeded"
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.UNFULFILLED
    assert card_order.payment_status == Order.PaymentStatus.FULLY_CHARGED
    assert card_order.amount_paid == card_order.total
    assert all(so.is_paid for so in card_order.shop_orders.all())
    assert not StockReservation.objects.filter(
        source="order", status="active", expires_at__isnull=False
    ).exists()
    assert LedgerEntry.objects.filter(kind="sale").count() == 2
    subjects = [m.subject for m in mailoutbox]
    assert any("thanh toán" in s for s in subjects)
    assert sum("Đơn hàng mới" in s for s in subjects) == 2


def test_duplicate_event_is_applied_once(client, card_order):
    payment = payments.order_payment_start(order=card_order)
    assert paid(client, payment).json()["result"] == "succeeded"
    again = paid(client, payment)
    assert again.status_code == 200
    assert again.json()["result"] == "duplicate"
    # the same success under another event id changes nothing either
    assert paid(client, payment, event_id="evt_paid_2").status_code == 200
    assert LedgerEntry.objects.filter(kind="sale").count() == 2
    assert StripeEvent.objects.count() == 2


def test_failure_arriving_after_success_is_ignored(client, card_order):
    payment = payments.order_payment_start(order=card_order)
    paid(client, payment)
    response = post_stripe_event(
        client,
        "evt_failed_late",
        "payment_intent.payment_failed",
        intent(
            payment,
            status="requires_payment_method",
            last_payment_error={"message": "Your card was declined."},
        ),
    )
    assert response.status_code == 200
    payment.refresh_from_db()
    card_order.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert card_order.payment_status == Order.PaymentStatus.FULLY_CHARGED


def test_failure_then_success_in_order(client, card_order):
    payment = payments.order_payment_start(order=card_order)
    post_stripe_event(
        client,
        "evt_f",
        "payment_intent.payment_failed",
        intent(
            payment,
            status="requires_payment_method",
            last_payment_error={"message": "Insufficient funds"},
        ),
    )
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.failure_message == "Insufficient funds"
    assert card_order.events.filter(kind="payment_failed").exists()
    # the buyer retries with another card: a new intent for what is due
    retry = payments.order_payment_start(order=card_order)
    assert retry.pk != payment.pk
    paid(client, retry, event_id="evt_s")
    card_order.refresh_from_db()
    assert card_order.payment_status == Order.PaymentStatus.FULLY_CHARGED


def test_refund_event_before_success_event_ends_consistent(client, card_order):
    payment = payments.order_payment_start(order=card_order)
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": payment.stripe_payment_intent,
        "amount": payment.amount,
        "amount_refunded": 50_000,
        "refunded": False,
    }
    post_stripe_event(client, "evt_r", "charge.refunded", charge)
    paid(client, payment, event_id="evt_s")
    card_order.refresh_from_db()
    payment.refresh_from_db()
    assert payment.captured_amount == card_order.total
    assert payment.refunded_amount == 50_000
    assert card_order.amount_refunded == 50_000
    assert card_order.payment_status == Order.PaymentStatus.PARTIALLY_REFUNDED
    assert Refund.objects.get().reason == "stripe_dashboard"


@pytest.mark.parametrize("tamper", ["signature", "payload", "secret", "missing", "old"])
def test_bad_signature_is_rejected_and_changes_nothing(client, card_order, tamper):
    payment = payments.order_payment_start(order=card_order)
    payload = stripe_event("evt_bad", "payment_intent.succeeded", intent(payment))
    header = stripe_signature(payload)
    if tamper == "signature":
        header = header[:-4] + "0000"
    elif tamper == "payload":
        payload = payload.replace(b'"amount": ', b'"amount": 1')
    elif tamper == "secret":
        header = stripe_signature(payload, secret="whsec_other")
    elif tamper == "missing":
        header = ""
    elif tamper == "old":
        header = stripe_signature(payload, timestamp=int(timezone.now().timestamp()) - 3600)
    response = client.post(
        "/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    card_order.refresh_from_db()
    assert card_order.payment_status == Order.PaymentStatus.PENDING


def test_unpaid_card_order_expires_and_late_payment_is_refunded(client, card_order):
    payment = payments.order_payment_start(order=card_order)
    variant_ids = list(card_order.shop_orders.values_list("lines__variant_id", flat=True))
    assert payments.expire_unpaid_orders(now=timezone.now() + timedelta(minutes=31)) == 1
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.EXPIRED
    assert set(card_order.shop_orders.values_list("status", flat=True)) == {
        ShopOrder.Status.CANCELLED
    }
    assert not StockReservation.objects.filter(source="order", status="active").exists()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CANCELLED  # voided at Stripe
    assert Stock.objects.filter(variant_id__in=variant_ids, quantity=4).count() == 2
    # the bank settles it anyway: refunded automatically, nobody is charged without an order
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.PENDING)
    paid(client, payment, event_id="evt_late")
    payment.refresh_from_db()
    card_order.refresh_from_db()
    refund = Refund.objects.get(payment=payment)
    assert refund.stripe_refund_id.startswith("re_")
    assert refund.amount == card_order.total
    assert payment.status == Payment.Status.REFUNDED
    assert card_order.payment_status == Order.PaymentStatus.FULLY_REFUNDED
    assert card_order.status == Order.Status.EXPIRED
    assert not LedgerEntry.objects.exists()


def test_pay_first_flow_reserves_then_captures_at_completion(
    client, shops, django_capture_on_commit_callbacks
):
    variant = sellable(shops[0], price=200_000, stock=3)
    checkout = ready_checkout([(variant, 2)], method=PaymentMethod.CARD)
    payment = payments.checkout_payment_start(checkout=checkout)
    hold = StockReservation.objects.get(
        source="checkout", reference=str(checkout.token), status="active"
    )
    assert hold.quantity == 2
    assert hold.expires_at is not None
    assert payment.order is None
    assert payment.amount == checkout_total(checkout)
    post_stripe_event(
        client,
        "evt_auth",
        "payment_intent.amount_capturable_updated",
        intent(
            payment, status="requires_capture", amount_received=0, amount_capturable=payment.amount
        ),
    )
    payment.refresh_from_db()
    assert payment.status == Payment.Status.AUTHORIZED
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout_complete(checkout=checkout)
    order.refresh_from_db()
    payment.refresh_from_db()
    assert payment.order == order
    assert payment.status == Payment.Status.SUCCEEDED
    assert order.payment_status == Order.PaymentStatus.FULLY_CHARGED
    assert order.status == Order.Status.UNFULFILLED
    hold.refresh_from_db()
    assert hold.status == "released"
    assert StockReservation.objects.get(source="order", status="active").expires_at is None


def checkout_total(checkout):
    from orders.selectors import cart as cart_selectors

    return cart_selectors.checkout_summary(checkout).total


def test_pay_first_without_stock_creates_no_intent(shops):
    variant = sellable(shops[0], stock=1)
    first = ready_checkout([(variant, 1)], method=PaymentMethod.CARD, email="a@example.vn")
    second = ready_checkout([(variant, 1)], method=PaymentMethod.CARD, email="b@example.vn")
    payments.checkout_payment_start(checkout=first)
    with pytest.raises(ValidationError) as exc:
        payments.checkout_payment_start(checkout=second)
    assert exc.value.error_dict["lines"][0].code == "insufficient_stock"
    assert Payment.objects.count() == 1


def test_pay_first_checkout_that_cannot_complete_is_voided(client, shops):
    variant = sellable(shops[0], stock=1)
    checkout = ready_checkout([(variant, 1)], method=PaymentMethod.CARD)
    payment = payments.checkout_payment_start(checkout=checkout)
    post_stripe_event(
        client,
        "evt_auth",
        "payment_intent.amount_capturable_updated",
        intent(payment, status="requires_capture"),
    )
    # the hold lapsed and someone else bought the last unit
    StockReservation.objects.filter(source="checkout").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    checkout_complete(checkout=ready_checkout([(variant, 1)], email="fast@example.vn"))
    with pytest.raises(ValidationError):
        checkout_complete(checkout=checkout)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CANCELLED
    assert payment.order is None
    assert Order.objects.count() == 1


def test_paid_checkout_never_completed_is_completed_by_the_webhook(
    client, shops, django_capture_on_commit_callbacks
):
    variant = sellable(shops[0], stock=2)
    checkout = ready_checkout([(variant, 1)], method=PaymentMethod.CARD)
    payment = payments.checkout_payment_start(checkout=checkout)
    with django_capture_on_commit_callbacks(execute=True):
        paid(client, payment)
    checkout.refresh_from_db()
    assert checkout.completed_order is not None
    order = checkout.completed_order
    assert order.payment_status == Order.PaymentStatus.FULLY_CHARGED


def test_paid_checkout_that_cannot_complete_is_refunded(client, shops):
    variant = sellable(shops[0], stock=1)
    checkout = ready_checkout([(variant, 1)], method=PaymentMethod.CARD)
    payment = payments.checkout_payment_start(checkout=checkout)
    StockReservation.objects.filter(source="checkout").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    checkout_complete(checkout=ready_checkout([(variant, 1)], email="fast@example.vn"))
    paid(client, payment)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert Refund.objects.get(payment=payment).stripe_refund_id.startswith("re_")
    assert Order.objects.count() == 1


def test_partial_refund_of_a_shop_order_goes_through_stripe(client, card_order):
    payment = payments.order_payment_start(order=card_order)
    paid(client, payment)
    shop_order = card_order.shop_orders.order_by("number").first()
    owner = ShopMembershipFactory(shop=shop_order.shop, role="owner").user
    other = ShopMembershipFactory(role="owner").user
    with pytest.raises(NotFound):
        payments.refund_create(actor=other, shop_order=shop_order, amount=10_000)
    with pytest.raises(ValidationError):
        payments.refund_create(actor=owner, shop_order=shop_order, amount=shop_order.total + 1)
    refund = payments.refund_create(
        actor=owner, shop_order=shop_order, amount=100_000, reason="Hàng bị móp"
    )
    assert refund.status == Refund.Status.SUCCEEDED
    assert refund.stripe_refund_id.startswith("re_")
    shop_order.refresh_from_db()
    card_order.refresh_from_db()
    assert shop_order.amount_refunded == 100_000
    assert card_order.payment_status == Order.PaymentStatus.PARTIALLY_REFUNDED
    assert LedgerEntry.objects.filter(kind="refund", shop=shop_order.shop).get().amount == -100_000


def _past_deadline(order):
    past = timezone.now() - timedelta(seconds=1)
    Order.objects.filter(pk=order.pk).update(payment_due_at=past)
    StockReservation.objects.filter(source="order").update(expires_at=past)


def test_late_payment_takes_the_stock_again_when_it_is_still_there(client, card_order):
    payment = payments.order_payment_start(order=card_order)
    _past_deadline(card_order)  # the expiry task has not run yet
    paid(client, payment)
    card_order.refresh_from_db()
    assert card_order.status == Order.Status.UNFULFILLED
    assert card_order.events.filter(kind="late_payment_reallocated").exists()
    active = StockReservation.objects.filter(source="order", status="active")
    assert active.count() == 2
    assert all(r.expires_at is None for r in active)


def test_late_payment_after_the_stock_was_sold_is_refunded(client, card_order):
    payment = payments.order_payment_start(order=card_order)
    _past_deadline(card_order)
    line = card_order.shop_orders.order_by("number").first().lines.get()
    from shops.models import ProductVariant

    variant = ProductVariant.objects.get(pk=line.variant_id)
    checkout_complete(
        checkout=ready_checkout([(variant, 4)], email="fast@example.vn")
    )  # takes all 4
    paid(client, payment)
    card_order.refresh_from_db()
    payment.refresh_from_db()
    assert card_order.status == Order.Status.EXPIRED
    assert card_order.events.filter(kind="late_payment_sold_out").exists()
    assert payment.status == Payment.Status.REFUNDED
    assert card_order.payment_status == Order.PaymentStatus.FULLY_REFUNDED
    assert not StockReservation.objects.filter(
        reference__startswith=card_order.number, status="active"
    ).exists()
    assert not LedgerEntry.objects.exists()
