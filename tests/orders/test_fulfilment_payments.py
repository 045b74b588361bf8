"""The shop-order state machine and the goods and money it moves: stock released at
cancel, consumed at ship or handover and restocked on return; cash on delivery with its
ledger entries; refunds of paid orders (bank transfer, card through stripe-mock)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.errors import NotFound
from orders.models import (
    LedgerEntry,
    Order,
    OrderEvent,
    Payment,
    PaymentMethod,
    Refund,
    ShopOrder,
)
from orders.selectors import payments as payments_selectors
from orders.services import fulfilment
from shops.models import Product, StockMovement
from shops.services.stock import stock_available
from tests.factories.orders import placed_order
from tests.orders.builders import sellable
from tests.orders.fulfilment_helpers import (
    O,
    S,
    advance,
    codes,
    first,
    fresh,
    kinds,
    on_hand,
    reservation_statuses,
    snapshot,
)

# --- Stock ---------------------------------------------------------------------------------------------


def test_cancel_releases_the_allocation_so_others_can_buy(shop, owner, customer):
    variant = sellable(shop, stock=3)
    warehouse = shop.warehouses.get()
    so = first(placed_order([(shop, [(variant, 3)])], user=customer))
    assert stock_available(pairs=[(variant.pk, warehouse.pk)]) == {(variant.pk, warehouse.pk): 0}
    fulfilment.shop_order_cancel(actor=owner, shop_order=so, reason="Khách gọi huỷ")
    assert reservation_statuses(so) == ["released"]
    assert stock_available(pairs=[(variant.pk, warehouse.pk)]) == {(variant.pk, warehouse.pk): 3}
    assert on_hand(variant) == 3
    assert first(placed_order([(shop, [(variant, 3)])])).status == S.UNFULFILLED


def test_failed_delivery_puts_the_stock_back_and_counts_against_cod(
    so, owner, variant, customer, settings, mailoutbox, django_capture_on_commit_callbacks
):
    so = advance(so, owner, S.SHIPPED)
    assert on_hand(variant) == 8
    with django_capture_on_commit_callbacks(execute=True):
        returned = fulfilment.shop_order_return(
            actor=owner, shop_order=so, reason="Người nhận từ chối", delivery_failed=True
        )
    assert (returned.status, returned.delivery_failed) == (S.RETURNED, True)
    assert returned.order.status == O.RETURNED
    assert on_hand(variant) == 10
    assert list(
        StockMovement.objects.filter(reason="return").values_list("delta", "reference")
    ) == [(2, f"return:{so.number}")]
    assert Refund.objects.count() == 0  # COD never collected: nothing to refund
    assert Product.objects.get(pk=variant.product_id).units_sold == 0
    assert any("trả về" in m.subject for m in mailoutbox)
    data = OrderEvent.objects.get(shop_order=so, kind="returned").data
    assert data == {
        "from": "shipped",
        "to": "returned",
        "reason": "Người nhận từ chối",
        "delivery_failed": True,
        "restocked": 2,
    }
    settings.COD_MAX_FAILED_DELIVERIES = 1
    assert payments_selectors.cod_allowed(phone=so.order.phone, total=100_000)[0] is False


def test_shipped_order_returns_only_as_a_failed_delivery(so, owner, variant):
    so = advance(so, owner, S.SHIPPED)
    before = snapshot(so)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_return(actor=owner, shop_order=so, reason="x", delivery_failed=False)
    assert codes(exc.value) == {"delivery_failed": ["invalid_transition"]}
    assert snapshot(so) == before


def test_return_after_delivery_within_the_window(so, owner, variant):
    so = advance(so, owner, S.DELIVERED)
    assert Product.objects.get(pk=variant.product_id).units_sold == 2
    returned = fulfilment.shop_order_return(
        actor=owner, shop_order=so, reason="Hàng lỗi", delivery_failed=False, restock=False
    )
    assert returned.status == S.RETURNED
    assert not returned.delivery_failed
    assert on_hand(variant) == 8  # damaged goods: not restocked
    assert Product.objects.get(pk=variant.product_id).units_sold == 0


def test_return_after_the_window_is_refused(so, owner, settings):
    so = advance(so, owner, S.DELIVERED)
    ShopOrder.objects.filter(pk=so.pk).update(
        delivered_at=timezone.now() - datetime.timedelta(days=8)
    )
    before = snapshot(so)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_return(actor=owner, shop_order=so, reason="x", delivery_failed=False)
    assert codes(exc.value) == {"status": ["return_window_passed"]}
    assert snapshot(so) == before


# --- Cash on delivery and refunds -------------------------------------------------------------------


def test_cod_collected_posts_the_ledger_and_the_order_payment(so, owner):
    so = advance(so, owner, S.DELIVERED)
    assert LedgerEntry.objects.filter(shop_order=so).count() == 0
    paid = fulfilment.shop_order_mark_paid(actor=owner, shop_order=so)
    assert paid.is_paid
    assert paid.paid_at is not None
    payment = Payment.objects.get(order=so.order)
    assert (
        payment.method,
        payment.status,
        payment.amount,
        payment.captured_amount,
        payment.idempotency_key,
    ) == ("cod", "succeeded", 220_000, 220_000, f"cod:{so.number}")
    order = Order.objects.get(pk=so.order_id)
    assert (order.amount_paid, order.payment_status) == (220_000, Order.PaymentStatus.FULLY_CHARGED)
    rows = {e.kind: e for e in LedgerEntry.objects.filter(shop_order=so)}
    # the shop holds the 220 000 đ it collected: it owes the platform the commission only
    assert {k: e.amount for k, e in rows.items()} == {
        "sale": 200_000,
        "shipping": 20_000,
        "commission": -16_000,
        "cod_cash": -220_000,
    }
    delivered_at = fresh(so).delivered_at
    assert all(e.available_at == delivered_at + datetime.timedelta(days=7) for e in rows.values())
    assert "cod_paid" in kinds(so)

    before = snapshot(so)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_mark_paid(actor=owner, shop_order=so)
    assert codes(exc.value) == {"payment": ["already_paid"]}
    assert snapshot(so) == before


def test_cod_is_paid_per_shop_order_of_a_two_shop_order(shop, other_shop, owner, other_owner):
    order = placed_order([(shop, [(sellable(shop), 1)]), (other_shop, [(sellable(other_shop), 1)])])
    mine, theirs = order.shop_orders.order_by("id")
    advance(mine, owner, S.DELIVERED)
    fulfilment.shop_order_mark_paid(actor=owner, shop_order=mine)
    order.refresh_from_db()
    assert (order.amount_paid, order.payment_status) == (
        120_000,
        Order.PaymentStatus.PARTIALLY_CHARGED,
    )
    assert not fresh(theirs).is_paid
    assert LedgerEntry.objects.filter(shop_order=theirs).count() == 0
    advance(theirs, other_owner, S.SHIPPED)
    fulfilment.shop_order_mark_paid(
        actor=other_owner, shop_order=theirs
    )  # the courier collected at the door
    order.refresh_from_db()
    assert (order.amount_paid, order.payment_status) == (240_000, Order.PaymentStatus.FULLY_CHARGED)
    assert LedgerEntry.objects.filter(shop_order=theirs, kind="sale").count() == 1
    assert LedgerEntry.objects.filter(shop_order=mine, kind="sale").count() == 1


def test_mark_paid_only_for_cod_and_at_delivery(shop, so, owner, other_owner):
    before = snapshot(so)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_mark_paid(actor=owner, shop_order=so)
    assert codes(exc.value) == {"status": ["invalid_transition"]}
    with pytest.raises(NotFound):
        fulfilment.shop_order_mark_paid(actor=other_owner, shop_order=so)
    assert snapshot(so) == before
    card = advance(
        first(placed_order([(shop, [(sellable(shop), 1)])], payment_method=PaymentMethod.CARD)),
        owner,
        S.DELIVERED,
    )
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_mark_paid(actor=owner, shop_order=card)
    assert codes(exc.value) == {"payment": ["not_cod"]}


def test_shop_cancels_a_paid_bank_transfer_order_and_it_is_refunded(
    shop, owner, customer, mailoutbox, django_capture_on_commit_callbacks
):
    so = first(
        placed_order(
            [(shop, [(sellable(shop), 1)])],
            payment_method=PaymentMethod.VIETQR,
            paid=True,
            user=customer,
        )
    )
    assert so.is_paid
    assert LedgerEntry.objects.filter(shop_order=so, kind="sale").exists()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = fulfilment.shop_order_cancel(actor=owner, shop_order=so, reason="Hết hàng")
    assert cancelled.status == S.CANCELLED
    assert cancelled.amount_refunded == 120_000
    refund = Refund.objects.get(shop_order=so)
    assert (refund.amount, refund.method, refund.status, refund.actor) == (
        120_000,
        "vietqr",
        "succeeded",
        owner,
    )
    assert LedgerEntry.objects.filter(shop_order=so, kind="refund").get().amount == -120_000
    order = Order.objects.get(pk=so.order_id)
    assert (order.status, order.payment_status) == (O.CANCELLED, Order.PaymentStatus.FULLY_REFUNDED)
    assert fulfilment.refund_due(cancelled) == 0
    assert kinds(so)[-2:] == ["cancelled", "refunded"]
    assert any("Hoàn tiền" in m.subject for m in mailoutbox)


def test_stripe_outage_leaves_the_cancellation_and_a_refund_due(shop, owner, settings):
    settings.STRIPE_SECRET_KEY = ""  # the card gateway is unreachable
    so = first(placed_order([(shop, [(sellable(shop), 1)])], payment_method=PaymentMethod.CARD))
    cancelled = fulfilment.shop_order_cancel(actor=owner, shop_order=so, reason="Hết hàng")
    assert cancelled.status == S.CANCELLED
    assert reservation_statuses(so) == ["released"]
    assert cancelled.amount_refunded == 0
    assert fulfilment.refund_due(cancelled) == 120_000
    assert list(Refund.objects.filter(shop_order=so).values_list("status", flat=True)) == ["failed"]
    assert OrderEvent.objects.get(shop_order=so, kind="refund_failed").data["amount"] == 120_000
    assert "refund" in fulfilment.available_actions(cancelled, {fulfilment.SHOP})


@pytest.mark.service("stripe-mock")
def test_shop_cancels_a_paid_card_order_and_stripe_refunds_it(shop, owner):
    from orders import stripe_gateway

    so = first(placed_order([(shop, [(sellable(shop), 1)])], payment_method=PaymentMethod.CARD))
    intent = stripe_gateway.payment_intent_create(
        amount=120_000, idempotency_key=f"t:{so.number}", metadata={}
    )
    Payment.objects.filter(order=so.order).update(stripe_payment_intent=intent.id)
    cancelled = fulfilment.shop_order_cancel(actor=owner, shop_order=so, reason="Hết hàng")
    refund = Refund.objects.get(shop_order=so)
    assert (refund.status, refund.amount, refund.stripe_refund_id.startswith("re_")) == (
        "succeeded",
        120_000,
        True,
    )
    assert cancelled.amount_refunded == 120_000


@pytest.mark.service("stripe-mock")
def test_buyer_cancelling_a_paid_order_is_refunded_by_the_system(
    shop, customer, mailoutbox, django_capture_on_commit_callbacks
):
    from orders import stripe_gateway

    so = first(
        placed_order(
            [(shop, [(sellable(shop), 1)])], payment_method=PaymentMethod.CARD, user=customer
        )
    )
    intent = stripe_gateway.payment_intent_create(
        amount=120_000, idempotency_key=f"b:{so.number}", metadata={}
    )
    Payment.objects.filter(order=so.order).update(stripe_payment_intent=intent.id)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = fulfilment.shop_order_cancel(actor=customer, shop_order=so, reason="Đổi ý")
    assert cancelled.status == S.CANCELLED
    refund = Refund.objects.get(shop_order=so)
    assert (refund.status, refund.amount, refund.actor) == ("succeeded", 120_000, None)
    assert refund.stripe_refund_id.startswith("re_")
    assert fulfilment.refund_due(fresh(so)) == 0
    assert any("Hoàn tiền" in m.subject and m.to == [so.order.email] for m in mailoutbox)
