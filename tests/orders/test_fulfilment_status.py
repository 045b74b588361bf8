"""The order status derived from its shop orders, the periodic tasks (completion after the
return window, expiry of unpaid orders), the order e-mail's tracking link, and races on
PostgreSQL (real threads, connections and row locks)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from orders import tasks
from orders.models import (
    Order,
    OrderEvent,
    PaymentMethod,
    ShopOrder,
)
from orders.services import fulfilment
from orders.services.fulfilment import derive_order_status
from tests.factories.orders import placed_order
from tests.orders.builders import sellable
from tests.orders.fulfilment_helpers import (
    O,
    S,
    advance,
    first,
    fresh,
    on_hand,
    reservation_statuses,
)
from tests.support.concurrency import race

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
    assert tasks.expire_unpaid_orders.delay().get() == {
        "expired": 1,
        "holds_released": 0,
        "released": 0,
    }
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


def test_the_shop_new_order_mail_links_to_the_order_in_the_dashboard(
    client, order, owner, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from orders.services import notifications

    settings.SITE_URL = "https://ocop.example.vn"
    shop_order = first(order)
    shop_order.shop.email = "htx@example.vn"
    shop_order.shop.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notifications.order_placed(order)
    shop_mail = next(mail for mail in mailoutbox if mail.subject.startswith("Đơn hàng mới"))
    path = f"/dashboard/{shop_order.shop.slug}/orders/{shop_order.number}/"
    assert shop_mail.body.count(f"https://ocop.example.vn{path}") == 2
    client.force_login(owner)
    assert client.get(path).status_code == 200


# --- Races (PostgreSQL: real threads, connections and row locks) -------------------------------------


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
    shipped, cancelled = race(
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
    results = race(
        lambda: fulfilment.shop_order_deliver(actor=owner_a, shop_order=mine),
        lambda: fulfilment.shop_order_deliver(actor=owner_b, shop_order=theirs),
    )
    assert [type(r).__name__ for r in results] == ["ShopOrder", "ShopOrder"]
    assert Order.objects.get(pk=order.pk).status == O.FULFILLED
