"""The short hold of a bank-transfer (VietQR) order: its stock is held 30 minutes
(``STOCK_HOLD_VIETQR_MINUTES``) while the order waits for the money 24 hours; the buyer's
page says until when; money arriving after the hold takes the stock again under locks
or, when it is gone, expires the order and flags the transfer for the office to refund
— never overselling, also when the payment races another buyer (PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Sum

from orders.models import BankTransaction, Order, OrderEvent, ShopOrder
from orders.selectors import bank as bank_selectors
from orders.services import bank
from orders.services import checkout as checkout_services
from orders.services.holds import stock_holds_release_lapsed
from orders.tasks import expire_unpaid_orders
from shops.models import Stock, StockReservation
from shops.services.stock import stock_available
from tests.clock import local
from tests.orders.builders import sellable
from tests.orders.holds_helpers import guest_checkout, held
from tests.support.concurrency import run_concurrently

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(shop):
    """A variant with 5 in the warehouse."""
    return sellable(shop, price=50_000, stock=5)


def place(checkout, ip="203.0.113.7") -> Order:
    return checkout_services.checkout_complete(checkout=checkout, client_ip=ip)


def available(variant) -> int:
    stock = Stock.objects.get(variant=variant)
    return stock_available(pairs=[(variant.pk, stock.location_id)])[(variant.pk, stock.location_id)]


def transfer(order: Order, transaction_id: str = "1") -> BankTransaction:
    return bank.bank_transaction_apply(
        provider="sepay",
        transaction_id=transaction_id,
        amount=order.total,
        content=f"CT DEN {order.number}",
        payload={"id": transaction_id},
    )


def test_a_vietqr_order_holds_its_stock_30_minutes_and_waits_24_hours(honey, clock):
    now = clock.now()

    order = place(guest_checkout(honey, 5))

    assert order.stock_held_until == now + timedelta(minutes=30)
    assert order.payment_due_at == now + timedelta(hours=24)
    assert list(
        StockReservation.objects.filter(source="order").values_list("expires_at", flat=True)
    ) == [now + timedelta(minutes=30)]
    assert available(honey) == 0
    clock.advance(timedelta(minutes=29))
    assert available(honey) == 0

    clock.advance(timedelta(minutes=2))

    assert available(honey) == 5  # for sale again
    assert expire_unpaid_orders() == {"expired": 0, "holds_released": 1, "released": 0}
    order.refresh_from_db()
    assert order.status == Order.Status.UNCONFIRMED  # still waiting for the money
    assert held(honey) == 0
    assert list(
        OrderEvent.objects.filter(kind="stock_hold_released").values_list("order", flat=True)
    ) == [order.pk]
    assert stock_holds_release_lapsed() == 0  # idempotent


def test_the_pay_page_says_until_when_the_goods_are_held_and_what_then(client, honey, clock):
    clock.set(local(2026, 12, 8, 9, 0))
    order = place(guest_checkout(honey, 2))
    url = f"/orders/{order.token}/pay/"

    holding = client.get(url).content.decode()
    english = client.get(f"/en{url}").content.decode()
    clock.advance(timedelta(minutes=45))
    lapsed = client.get(url).content.decode()

    assert "Hàng được giữ cho bạn đến 09:30." in holding
    assert "Bạn vẫn có thể chuyển khoản đến 09:00 09/12/2026" in holding
    assert "văn phòng OCOP hoàn lại tiền" in holding
    assert "The goods are held for you until 09:30." in english
    assert "the OCOP office refunds you" in english
    assert "Thời gian giữ hàng đã hết lúc 09:30." in lapsed
    assert 'id="stock-hold"' in lapsed
    assert order.number in lapsed  # the QR and the transfer details are still shown


def test_money_within_the_hold_pays_the_order(honey, clock):
    order = place(guest_checkout(honey, 5))
    clock.advance(timedelta(minutes=10))

    record = transfer(order)

    order.refresh_from_db()
    assert (record.match, record.needs_review) == (BankTransaction.Match.MATCHED, False)
    assert order.status == Order.Status.UNFULFILLED
    assert list(
        StockReservation.objects.filter(source="order", status="active").values_list(
            "quantity", "expires_at"
        )
    ) == [(5, None)]


def test_late_money_takes_the_stock_again_when_it_is_still_there(honey, clock):
    order = place(guest_checkout(honey, 5))
    clock.advance(timedelta(hours=2))
    stock_holds_release_lapsed()

    record = transfer(order)

    order.refresh_from_db()
    assert (record.match, record.needs_review) == (BankTransaction.Match.MATCHED, False)
    assert (order.status, order.payment_status) == (
        Order.Status.UNFULFILLED,
        Order.PaymentStatus.FULLY_CHARGED,
    )
    assert OrderEvent.objects.filter(order=order, kind="late_payment_reallocated").exists()
    assert list(
        StockReservation.objects.filter(source="order", status="active").values_list(
            "quantity", "expires_at"
        )
    ) == [(5, None)]
    assert available(honey) == 0


def test_late_money_when_the_stock_is_gone_expires_the_order_for_a_refund(
    honey, clock, ocop_office
):
    order = place(guest_checkout(honey, 5))
    clock.advance(timedelta(minutes=31))
    other = place(
        guest_checkout(honey, 5, email="binh@example.vn", phone="0987654321", street="9 Trần Phú"),
        ip="198.51.100.1",
    )

    record = transfer(order)

    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert set(ShopOrder.objects.filter(order=order).values_list("status", flat=True)) == {
        ShopOrder.Status.CANCELLED
    }
    assert record.needs_review is True
    row = bank_selectors.bank_transactions_for_office(actor=ocop_office).get()
    assert (row.order_id, row.to_resolve) == (order.pk, order.total)  # the office refunds it
    assert OrderEvent.objects.filter(order=order, kind="late_payment_sold_out").exists()
    # never oversold: the other buyer keeps the 5, nothing else is held
    assert held(honey) == 5
    assert StockReservation.objects.get(status="active").reference.startswith(other.number)
    assert available(honey) == 0
    assert Stock.objects.get(variant=honey).quantity == 5


@pytest.mark.service("postgresql")
@pytest.mark.django_db(transaction=True)
def test_late_money_racing_another_buyer_never_oversells(honey, clock):
    order = place(guest_checkout(honey, 5))
    clock.advance(timedelta(minutes=31))
    rival = guest_checkout(
        honey, 5, email="binh@example.vn", phone="0987654321", street="9 Trần Phú"
    )

    def work(index: int):
        if index == 0:
            return transfer(order).match
        return place(rival, ip="198.51.100.1").number

    outcomes = run_concurrently(2, work)

    order.refresh_from_db()
    held_units = (
        StockReservation.objects.filter(status="active", stock__variant=honey).aggregate(
            t=Sum("quantity")
        )["t"]
        or 0
    )
    assert held_units == 5
    rival_won = outcomes[1][0] == "ok"
    if rival_won:
        assert order.status == Order.Status.EXPIRED
        assert BankTransaction.objects.get().needs_review is True
    else:
        assert order.status == Order.Status.UNFULFILLED
        assert outcomes[1][1].error_dict["lines"][0].code == "insufficient_stock"


@pytest.mark.service("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_orders_of_one_buyer_racing_for_one_variant_pass_the_limit_once(shop):
    """The per-variant limit is checked after the stock rows are locked: of two unpaid
    orders of one buyer placed at the same moment, the second sees the first's hold."""
    oil = sellable(shop, price=40_000, stock=100)
    checkouts = [guest_checkout(oil, 15, email=f"same{n}@example.vn") for n in range(2)]

    outcomes = run_concurrently(2, lambda i: place(checkouts[i], ip=f"198.51.100.{i}").number)

    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    error = next(value for kind, value in outcomes if kind == "error")
    assert error.error_dict["lines"][0].code == "hold_limit_exceeded"
    assert held(oil) == 15
    assert Order.objects.count() == 1
