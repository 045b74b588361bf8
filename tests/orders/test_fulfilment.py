"""The shop-order state machine (orders/services/fulfilment.py): every allowed
transition, a sample of forbidden ones (clear error, nothing changed), who may take each
step, stock (release at cancel, consumption at ship/handover, restock on return), cash on
delivery with its ledger entries, the derived order status, e-mails and the periodic
tasks. Orders are built directly with ``tests.factories.orders.placed_order``."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.errors import Forbidden, NotFound
from orders import tasks
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
from orders.services.fulfilment import derive_order_status
from shops.models import Product, Stock, StockLocation, StockMovement, StockReservation
from shops.services.stock import stock_available
from tests.factories.orders import placed_order
from tests.factories.shops import SalePointFactory
from tests.orders.builders import sellable

S = ShopOrder.Status
O = Order.Status  # noqa: E741


# --- Helpers -----------------------------------------------------------------------------------


def first(order: Order) -> ShopOrder:
    return order.shop_orders.order_by("id").first()


def fresh(shop_order: ShopOrder) -> ShopOrder:
    return ShopOrder.objects.select_related("order").get(pk=shop_order.pk)


def on_hand(variant, location=None) -> int:
    stock = Stock.objects.get(variant=variant, **({"location": location} if location else {}))
    return stock.quantity


def reservation_statuses(shop_order: ShopOrder) -> list[str]:
    return list(
        StockReservation.objects.filter(source="order", reference=shop_order.number)
        .order_by("id")
        .values_list("status", flat=True)
    )


def kinds(shop_order: ShopOrder) -> list[str]:
    return list(
        OrderEvent.objects.filter(shop_order=shop_order)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def snapshot(shop_order: ShopOrder) -> tuple[Any, ...]:
    so = fresh(shop_order)
    return (
        so.status,
        so.is_paid,
        so.carrier,
        so.tracking_number,
        so.cancel_reason,
        so.delivery_failed,
        so.confirmed_at,
        so.shipped_at,
        so.delivered_at,
        so.cancelled_at,
        so.completed_at,
        so.order.status,
        OrderEvent.objects.filter(order=so.order).count(),
        reservation_statuses(so),
        list(Stock.objects.order_by("id").values_list("quantity", flat=True)),
        Payment.objects.filter(order=so.order).count(),
        LedgerEntry.objects.filter(shop_order=so).count(),
    )


def advance(shop_order: ShopOrder, actor, to: str) -> ShopOrder:
    """Takes ``shop_order`` along the happy path up to status ``to``."""
    pickup = shop_order.delivery_kind == "pickup"
    steps = {
        S.CONFIRMED: lambda: fulfilment.shop_order_confirm(actor=actor, shop_order=shop_order),
        S.PACKED: lambda: fulfilment.shop_order_pack(actor=actor, shop_order=shop_order),
        S.SHIPPED: lambda: fulfilment.shop_order_ship(
            actor=actor, shop_order=shop_order, carrier="GHN", tracking_number="GHN123456"
        ),
        S.DELIVERED: lambda: fulfilment.shop_order_deliver(actor=actor, shop_order=shop_order),
    }
    path = [S.CONFIRMED, S.PACKED] + ([] if pickup else [S.SHIPPED]) + [S.DELIVERED]
    stop = {S.CANCELLED: S.UNFULFILLED, S.RETURNED: S.SHIPPED, S.COMPLETED: S.DELIVERED}.get(to, to)
    for status in path:
        if fresh(shop_order).status == stop:
            break
        steps[status]()
    if to == S.COMPLETED:
        ShopOrder.objects.filter(pk=shop_order.pk).update(
            delivered_at=timezone.now() - datetime.timedelta(days=8)
        )
        fulfilment.shop_order_complete(actor=None, shop_order=shop_order)
    elif to == S.CANCELLED:
        fulfilment.shop_order_cancel(
            actor=actor, shop_order=shop_order, reason="Hết hàng / Out of stock"
        )
    elif to == S.RETURNED:
        fulfilment.shop_order_return(
            actor=actor, shop_order=shop_order, reason="Không liên lạc được", delivery_failed=True
        )
    result = fresh(shop_order)
    assert result.status == to
    return result


@pytest.fixture
def variant(shop):
    return sellable(shop, price=100_000, stock=10)


@pytest.fixture
def order(shop, variant, customer):
    """A cash-on-delivery order of the customer: 2 × 100.000 đ + 20.000 đ shipping."""
    return placed_order([(shop, [(variant, 2)])], user=customer, email="an@example.vn")


@pytest.fixture
def so(order) -> ShopOrder:
    return first(order)


# --- The happy paths -------------------------------------------------------------------------------


def test_shipping_order_goes_through_every_state(
    so, shop_staff, variant, mailoutbox, django_capture_on_commit_callbacks
):
    assert so.status == S.UNFULFILLED
    assert so.order.status == O.UNFULFILLED
    assert reservation_statuses(so) == ["active"]

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = fulfilment.shop_order_confirm(actor=shop_staff, shop_order=so)
        assert (confirmed.status, confirmed.confirmed_at is not None) == (S.CONFIRMED, True)
        assert fulfilment.shop_order_pack(actor=shop_staff, shop_order=so).status == S.PACKED
        assert on_hand(variant) == 10  # still only held

        shipped = fulfilment.shop_order_ship(
            actor=shop_staff, shop_order=so, carrier=" GHN ", tracking_number="GHN8812345"
        )
    assert (shipped.status, shipped.carrier, shipped.tracking_number) == (
        S.SHIPPED,
        "GHN",
        "GHN8812345",
    )
    assert shipped.shipped_at is not None
    assert on_hand(variant) == 8  # consumed at shipping
    assert reservation_statuses(so) == ["consumed"]
    assert list(StockMovement.objects.filter(reason="sale").values_list("delta", "reference")) == [
        (-2, f"order:{so.number}")
    ]
    assert fresh(so).order.status == O.FULFILLED  # as in Saleor: everything has left the shop
    shipped_mail = [m for m in mailoutbox if "GHN8812345" in m.body]
    assert len(shipped_mail) == 1
    assert shipped_mail[0].to == ["an@example.vn"]
    assert "/orders/track/" in shipped_mail[0].body

    with django_capture_on_commit_callbacks(execute=True):
        delivered = fulfilment.shop_order_deliver(actor=shop_staff, shop_order=so)
    assert delivered.status == S.DELIVERED
    assert delivered.delivered_at is not None
    assert Product.objects.get(pk=variant.product_id).units_sold == 2
    assert fresh(so).order.status == O.FULFILLED
    assert any("đã giao" in m.subject for m in mailoutbox)

    completed_count = fulfilment.complete_delivered_orders(
        now=timezone.now() + datetime.timedelta(days=8)
    )
    assert completed_count == 1
    done = fresh(so)
    assert done.status == S.COMPLETED
    assert done.completed_at is not None
    assert done.order.status == O.COMPLETED
    assert kinds(so) == ["placed", "confirmed", "packed", "shipped", "delivered", "completed"]
    event = OrderEvent.objects.get(shop_order=so, kind="shipped")
    assert (event.actor, event.data) == (
        shop_staff,
        {"from": "packed", "to": "shipped", "carrier": "GHN", "tracking_number": "GHN8812345"},
    )
    assert OrderEvent.objects.get(shop_order=so, kind="completed").actor is None


def test_pickup_order_is_handed_over_at_the_sale_point(shop, owner, customer):
    sale_point = SalePointFactory()
    variant = sellable(shop, stock=5)
    counter = StockLocation.objects.get(sale_point=sale_point)
    Stock.objects.create(variant=variant, location=counter, shop=shop, quantity=3)
    order = placed_order(
        [(shop, [(variant, 2)])], user=customer, delivery_kind="pickup", sale_point=sale_point
    )
    so = first(order)
    assert so.stock_location == counter
    assert so.shipping_fee == 0
    advance(so, owner, S.PACKED)

    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_ship(actor=owner, shop_order=so, carrier="GHN", tracking_number="X1")
    assert codes(exc.value) == {"status": ["invalid_transition"]}
    assert on_hand(variant, counter) == 3

    delivered = fulfilment.shop_order_deliver(actor=owner, shop_order=so)
    assert delivered.status == S.DELIVERED
    assert on_hand(variant, counter) == 1  # consumed at handover, from the counter's stock
    assert on_hand(variant, shop.warehouses.get()) == 5
    assert kinds(so) == ["placed", "confirmed", "packed", "delivered"]


def test_office_cancels_a_confirmed_order(
    so, owner, ocop_office, mailoutbox, django_capture_on_commit_callbacks
):
    advance(so, owner, S.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = fulfilment.shop_order_cancel(
            actor=ocop_office, shop_order=so, reason="Vi phạm chính sách"
        )
    assert cancelled.status == S.CANCELLED
    assert cancelled.cancel_reason == "Vi phạm chính sách"
    assert OrderEvent.objects.get(shop_order=so, kind="cancelled").data["by"] == "office"
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["an@example.vn", so.shop.producer.email])


# --- Forbidden transitions -----------------------------------------------------------------------


FORBIDDEN = [
    (S.UNFULFILLED, "pack"),
    (S.UNFULFILLED, "ship"),
    (S.UNFULFILLED, "deliver"),
    (S.UNFULFILLED, "return"),
    (S.CONFIRMED, "confirm"),
    (S.CONFIRMED, "ship"),
    (S.CONFIRMED, "deliver"),
    (S.PACKED, "deliver"),  # a shipping order is delivered by the carrier, after shipping
    (S.SHIPPED, "cancel"),
    (S.SHIPPED, "pack"),
    (S.DELIVERED, "cancel"),
    (S.DELIVERED, "ship"),
    (S.CANCELLED, "confirm"),
    (S.CANCELLED, "cancel"),
    (S.RETURNED, "deliver"),
    (S.COMPLETED, "return"),
    (S.COMPLETED, "cancel"),
]


def _act(action: str, actor, shop_order: ShopOrder):
    if action == "confirm":
        return fulfilment.shop_order_confirm(actor=actor, shop_order=shop_order)
    if action == "pack":
        return fulfilment.shop_order_pack(actor=actor, shop_order=shop_order)
    if action == "ship":
        return fulfilment.shop_order_ship(
            actor=actor, shop_order=shop_order, carrier="GHN", tracking_number="T1"
        )
    if action == "deliver":
        return fulfilment.shop_order_deliver(actor=actor, shop_order=shop_order)
    if action == "cancel":
        return fulfilment.shop_order_cancel(actor=actor, shop_order=shop_order, reason="lý do")
    if action == "return":
        return fulfilment.shop_order_return(
            actor=actor,
            shop_order=shop_order,
            reason="lý do",
            delivery_failed=fresh(shop_order).status == S.SHIPPED,
        )
    if action == "mark_paid":
        return fulfilment.shop_order_mark_paid(actor=actor, shop_order=shop_order)
    raise AssertionError(action)


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_forbidden_transition_is_refused_and_changes_nothing(so, owner, status, action):
    so = advance(so, owner, status)
    before = snapshot(so)
    with pytest.raises(ValidationError) as exc:
        _act(action, owner, so)
    assert codes(exc.value) == {"status": ["invalid_transition"]}
    error = exc.value.error_dict["status"][0]
    assert error.params == {"transition": action, "from": status}
    message = error.message
    assert so.number in message
    assert " / " in message
    assert status in message.lower()
    assert snapshot(so) == before


def test_complete_before_the_return_window_is_refused(so, owner):
    so = advance(so, owner, S.DELIVERED)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_complete(actor=None, shop_order=so)
    assert codes(exc.value) == {"status": ["return_window_open"]}
    assert fresh(so).status == S.DELIVERED


def test_card_or_bank_order_is_confirmed_only_when_paid(shop, owner, customer):
    unpaid = first(
        placed_order(
            [(shop, [(sellable(shop), 1)])], payment_method=PaymentMethod.VIETQR, user=customer
        )
    )
    assert unpaid.order.status == O.UNCONFIRMED
    before = snapshot(unpaid)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_confirm(actor=owner, shop_order=unpaid)
    assert codes(exc.value) == {"status": ["not_paid"]}
    assert snapshot(unpaid) == before

    paid = first(
        placed_order(
            [(shop, [(sellable(shop), 1)])], payment_method=PaymentMethod.CARD, user=customer
        )
    )
    assert paid.is_paid
    assert paid.order.status == O.UNFULFILLED
    assert fulfilment.shop_order_confirm(actor=owner, shop_order=paid).status == S.CONFIRMED


def test_ship_requires_carrier_and_tracking_number(so, owner, variant):
    so = advance(so, owner, S.PACKED)
    before = snapshot(so)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_ship(actor=owner, shop_order=so, carrier="  ", tracking_number="T1")
    assert codes(exc.value) == {"carrier": ["required"]}
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_ship(actor=owner, shop_order=so, carrier="GHN", tracking_number="")
    assert codes(exc.value) == {"tracking_number": ["required"]}
    assert snapshot(so) == before
    assert on_hand(variant) == 10


def test_cancel_requires_a_reason(so, owner):
    before = snapshot(so)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_cancel(actor=owner, shop_order=so, reason=" ")
    assert codes(exc.value) == {"reason": ["required"]}
    assert snapshot(so) == before


# --- Who may act -------------------------------------------------------------------------------------


ACTIONS_FROM = {
    "confirm": S.UNFULFILLED,
    "pack": S.CONFIRMED,
    "ship": S.PACKED,
    "deliver": S.SHIPPED,
    "cancel": S.CONFIRMED,
    "return": S.SHIPPED,
    "mark_paid": S.SHIPPED,
}


@pytest.mark.parametrize("action", list(ACTIONS_FROM))
@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("anonymous", NotFound),
        ("customer_stranger", NotFound),
        ("other_owner", NotFound),
        ("other_sale_point_clerk", NotFound),
        ("shop_staff", None),
        ("owner", None),
    ],
)
def test_only_the_shops_members_run_the_shop_steps(request, so, owner, action, who, error):
    from tests.factories.marketplace import UserFactory

    so = advance(so, owner, ACTIONS_FROM[action])
    actor = {"anonymous": AnonymousUser(), "customer_stranger": UserFactory()}.get(
        who
    ) or request.getfixturevalue(who)
    before = snapshot(so)
    if error is None:
        _act(action, actor, so)
        assert snapshot(so) != before
        return
    with pytest.raises(error):
        _act(action, actor, so)
    assert snapshot(so) == before


@pytest.mark.parametrize("action", ["confirm", "pack", "ship", "deliver", "return", "mark_paid"])
def test_buyer_and_office_may_not_run_the_shop_steps(so, owner, customer, ocop_office, action):
    so = advance(so, owner, ACTIONS_FROM[action])
    before = snapshot(so)
    for actor in (customer, ocop_office):
        with pytest.raises(Forbidden):
            _act(action, actor, so)
    assert snapshot(so) == before


def test_system_completes_but_no_user_may(so, owner, ocop_office):
    so = advance(so, owner, S.DELIVERED)
    ShopOrder.objects.filter(pk=so.pk).update(
        delivered_at=timezone.now() - datetime.timedelta(days=8)
    )
    for actor in (owner, ocop_office):
        with pytest.raises(Forbidden):
            fulfilment.shop_order_complete(actor=actor, shop_order=so)
    assert fulfilment.shop_order_complete(actor=None, shop_order=so).status == S.COMPLETED


def test_buyer_cancels_their_own_unfulfilled_order(
    so, customer, variant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = fulfilment.shop_order_cancel(
            actor=customer, shop_order=so, reason="Đổi ý / Changed my mind"
        )
    assert cancelled.status == S.CANCELLED
    assert cancelled.cancelled_at is not None
    assert cancelled.order.status == O.CANCELLED
    assert reservation_statuses(so) == ["released"]
    assert on_hand(variant) == 10
    event = OrderEvent.objects.get(shop_order=so, kind="cancelled")
    assert (event.actor, event.data["by"], event.data["reason"]) == (
        customer,
        "buyer",
        "Đổi ý / Changed my mind",
    )
    # the buyer is told, and so is the shop (nobody packs it)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["an@example.vn", so.shop.producer.email])
    to_shop = next(m for m in mailoutbox if m.to == [so.shop.producer.email])
    assert so.number in to_shop.subject
    assert "không giao" in to_shop.subject


def test_buyer_may_not_cancel_once_confirmed(so, owner, customer):
    so = advance(so, owner, S.CONFIRMED)
    before = snapshot(so)
    with pytest.raises(ValidationError) as exc:
        fulfilment.shop_order_cancel(actor=customer, shop_order=so, reason="Đổi ý")
    assert codes(exc.value) == {"status": ["invalid_transition"]}
    assert snapshot(so) == before


def test_another_customer_may_not_cancel(so):
    from tests.factories.marketplace import UserFactory

    before = snapshot(so)
    with pytest.raises(NotFound):
        fulfilment.shop_order_cancel(actor=UserFactory(), shop_order=so, reason="x")
    assert snapshot(so) == before


def test_tracking_token_lets_an_anonymous_buyer_cancel(so):
    import uuid

    before = snapshot(so)
    with pytest.raises(NotFound):
        fulfilment.shop_order_cancel(
            actor=AnonymousUser(), shop_order=so, reason="x", order_token=uuid.uuid4()
        )
    assert snapshot(so) == before
    cancelled = fulfilment.shop_order_cancel(
        actor=AnonymousUser(), shop_order=so, reason="Đặt nhầm", order_token=so.order.token
    )
    assert cancelled.status == S.CANCELLED
    assert OrderEvent.objects.get(shop_order=so, kind="cancelled").actor is None


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
    assert {k: e.amount for k, e in rows.items()} == {
        "sale": 200_000,
        "shipping": 20_000,
        "commission": -16_000,
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


# --- Order status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "paid", "statuses", "expected"),
    [
        (O.UNFULFILLED, True, ["unfulfilled", "confirmed"], O.UNFULFILLED),
        (O.UNFULFILLED, True, ["shipped", "confirmed"], O.PARTIALLY_FULFILLED),
        (O.UNFULFILLED, True, ["delivered", "packed"], O.PARTIALLY_FULFILLED),
        (O.UNFULFILLED, True, ["delivered", "cancelled"], O.FULFILLED),
        (O.UNFULFILLED, True, ["delivered", "completed"], O.FULFILLED),
        (O.UNFULFILLED, True, ["completed", "completed", "cancelled"], O.COMPLETED),
        (O.UNFULFILLED, True, ["cancelled", "cancelled"], O.CANCELLED),
        (O.UNFULFILLED, True, ["returned", "cancelled"], O.RETURNED),
        (O.UNFULFILLED, True, ["returned", "delivered"], O.FULFILLED),
        (O.UNFULFILLED, True, ["returned", "completed"], O.COMPLETED),
        (O.UNCONFIRMED, False, ["unfulfilled", "cancelled"], O.UNCONFIRMED),
        (O.UNCONFIRMED, False, ["cancelled", "cancelled"], O.CANCELLED),
        (O.EXPIRED, False, ["cancelled"], O.EXPIRED),
    ],
)
def test_order_status_is_derived_from_its_shop_orders(current, paid, statuses, expected):
    order = Order(status=current, total=100, amount_paid=100 if paid else 0)
    assert derive_order_status(order, statuses) == expected


def test_two_shop_order_status_follows_both_shops(shop, other_shop, owner, other_owner):
    order = placed_order([(shop, [(sellable(shop), 1)]), (other_shop, [(sellable(other_shop), 1)])])
    mine, theirs = order.shop_orders.order_by("id")
    advance(mine, owner, S.SHIPPED)
    assert Order.objects.get(pk=order.pk).status == O.PARTIALLY_FULFILLED
    fulfilment.shop_order_cancel(actor=other_owner, shop_order=theirs, reason="Hết hàng")
    assert Order.objects.get(pk=order.pk).status == O.FULFILLED
    fulfilment.shop_order_deliver(actor=owner, shop_order=mine)
    assert Order.objects.get(pk=order.pk).status == O.FULFILLED


# --- Periodic tasks ------------------------------------------------------------------------------------


def test_complete_delivered_orders_task_closes_only_those_past_the_window(shop, owner):
    old = advance(first(placed_order([(shop, [(sellable(shop), 1)])])), owner, S.DELIVERED)
    recent = advance(first(placed_order([(shop, [(sellable(shop), 1)])])), owner, S.DELIVERED)
    ShopOrder.objects.filter(pk=old.pk).update(
        delivered_at=timezone.now() - datetime.timedelta(days=7, hours=1)
    )
    assert tasks.complete_delivered_orders.delay().get() == 1
    assert (fresh(old).status, fresh(recent).status) == (S.COMPLETED, S.DELIVERED)
    assert tasks.complete_delivered_orders.delay().get() == 0


def test_expire_unpaid_orders_task_releases_the_stock(shop):
    variant = sellable(shop, stock=2)
    order = placed_order([(shop, [(variant, 2)])], payment_method=PaymentMethod.VIETQR)
    Order.objects.filter(pk=order.pk).update(
        payment_due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert tasks.expire_unpaid_orders.delay().get() == {"expired": 1, "released": 0}
    so = first(order)
    assert (so.status, Order.objects.get(pk=order.pk).status) == (S.CANCELLED, O.EXPIRED)
    assert reservation_statuses(so) == ["released"]


# --- E-mails ---------------------------------------------------------------------------------------------


def test_order_placed_mail_has_a_working_tracking_link(
    client, order, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from orders.services import notifications

    settings.SITE_URL = "https://ocop.example.vn"
    with django_capture_on_commit_callbacks(execute=True):
        notifications.order_placed(order)
    mail = mailoutbox[0]
    assert mail.subject.startswith("Đơn hàng")
    assert " / Order " in mail.subject
    link = next(
        word
        for word in mail.body.split()
        if word.startswith("https://ocop.example.vn/orders/track/")
    )
    assert mail.body.count(link) == 2  # in the Vietnamese and the English part
    response = client.get(link.removeprefix("https://ocop.example.vn"))
    assert response.status_code == 200
    assert order.number in response.content.decode()


# --- Races (PostgreSQL: real threads, connections and row locks) -------------------------------------


def _race(*works):
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(works))
    results: dict[int, Any] = {}

    def run(index, work):
        try:
            barrier.wait()
            results[index] = work()
        except BaseException as exc:  # noqa: BLE001 - returned and asserted by the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return [results[i] for i in range(len(works))]


@pytest.mark.service("postgresql")
@pytest.mark.django_db(transaction=True)
def test_ship_and_cancel_race_exactly_one_wins(admin_units):
    from tests.factories.shops import ShopFactory, ShopMembershipFactory

    shop = ShopFactory()
    owner, staff = (
        ShopMembershipFactory(shop=shop).user,
        ShopMembershipFactory(shop=shop, role="staff").user,
    )
    variant = sellable(shop, stock=10)
    so = advance(first(placed_order([(shop, [(variant, 2)])])), owner, S.PACKED)
    shipped, cancelled = _race(
        lambda: fulfilment.shop_order_ship(
            actor=owner, shop_order=so, carrier="GHN", tracking_number="R1"
        ),
        lambda: fulfilment.shop_order_cancel(actor=staff, shop_order=so, reason="Khách huỷ"),
    )
    outcomes = sorted(type(r).__name__ for r in (shipped, cancelled))
    assert outcomes == ["ShopOrder", "ValidationError"]
    final = fresh(so)
    if final.status == S.SHIPPED:
        assert (on_hand(variant), reservation_statuses(so)) == (8, ["consumed"])
    else:
        assert final.status == S.CANCELLED
        assert (on_hand(variant), reservation_statuses(so)) == (10, ["released"])
    assert OrderEvent.objects.filter(shop_order=so, kind__in=["shipped", "cancelled"]).count() == 1


@pytest.mark.service("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_shops_delivering_at_once_leave_the_order_fulfilled(admin_units):
    from tests.factories.shops import ShopFactory, ShopMembershipFactory

    a, b = ShopFactory(), ShopFactory()
    owner_a, owner_b = ShopMembershipFactory(shop=a).user, ShopMembershipFactory(shop=b).user
    order = placed_order([(a, [(sellable(a), 1)]), (b, [(sellable(b), 1)])])
    mine, theirs = order.shop_orders.order_by("id")
    advance(mine, owner_a, S.SHIPPED)
    advance(theirs, owner_b, S.SHIPPED)
    results = _race(
        lambda: fulfilment.shop_order_deliver(actor=owner_a, shop_order=mine),
        lambda: fulfilment.shop_order_deliver(actor=owner_b, shop_order=theirs),
    )
    assert [type(r).__name__ for r in results] == ["ShopOrder", "ShopOrder"]
    assert Order.objects.get(pk=order.pk).status == O.FULFILLED
