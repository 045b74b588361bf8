"""The shop-order state machine (orders/services/fulfilment.py): every allowed
transition, a sample of forbidden ones (clear error, nothing changed) and who may take each
step (stock, cash on delivery and refunds in test_fulfilment_payments.py; the derived order
status, the periodic tasks, e-mails and races in test_fulfilment_status.py). Orders are built
directly with ``tests.factories.orders.placed_order``."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.errors import Forbidden, NotFound
from orders.models import (
    OrderEvent,
    PaymentMethod,
    ShopOrder,
)
from orders.services import fulfilment
from shops.models import Product, StockLocation, StockMovement
from shops.permissions import ShopPowerRequired
from tests.factories.orders import placed_order
from tests.factories.shops import SalePointFactory, make_stock
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
    make_stock(variant, 3, counter)
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
    if (who, action) == ("shop_staff", "mark_paid"):
        error = ShopPowerRequired  # money: the owner's unless granted (test_shop_powers.py)
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
