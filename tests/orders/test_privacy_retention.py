"""The retention job (orders.services.privacy.order_personal_data_erase_expired, the
Celery task and ``manage.py erase_expired_personal_data``): guest orders and the orders
of deleted accounts lose their personal data once ``ORDER_PERSONAL_DATA_RETENTION_DAYS``
have passed — not a minute before — and keep amounts, products, dates and numbers; live
accounts' orders are left alone; batched, idempotent, and its log holds counts only."""

from __future__ import annotations

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from marketplace.celery import app as celery_app
from marketplace.services_privacy import account_erase
from orders.models import Checkout, Order, OrderLine
from orders.services import cart
from orders.services.privacy import ERASED_ORDER_EMAIL, order_personal_data_erase_expired
from orders.tasks import erase_expired_order_personal_data
from tests.factories.orders import placed_order
from tests.orders.builders import address_data, sellable

RETENTION = timedelta(days=1095)


@pytest.fixture
def guest_order(shop):
    order = placed_order(
        [(shop, [(sellable(shop, price=80_000), 3)])],
        email="khach@example.vn",
        phone="+84987654321",
    )
    Order.objects.filter(pk=order.pk).update(
        note="Gọi chị Hoa trước khi giao", client_ip="203.0.113.9", address_key="a" * 32
    )
    return Order.objects.get(pk=order.pk)


def _personal(order: Order) -> tuple:
    order.refresh_from_db()
    address = order.shipping_address
    address.refresh_from_db()
    return (
        order.email,
        order.phone,
        order.note,
        order.client_ip,
        order.address_key,
        address.full_name,
        address.phone,
        address.street,
    )


def test_nothing_is_erased_a_minute_before_the_period_ends(clock, guest_order):
    before = _personal(guest_order)
    clock.advance(RETENTION - timedelta(minutes=1))
    assert order_personal_data_erase_expired() == {"orders": 0, "carts": 0}
    assert _personal(guest_order) == before


def test_a_guest_order_past_the_period_keeps_only_what_accounting_needs(clock, guest_order):
    total, number, created = guest_order.total, guest_order.number, guest_order.created_at
    province = guest_order.shipping_address.province_id
    clock.advance(RETENTION + timedelta(minutes=1))
    assert order_personal_data_erase_expired()["orders"] == 1
    assert _personal(guest_order) == (ERASED_ORDER_EMAIL, "", "", None, "", "", "", "")
    guest_order.refresh_from_db()
    assert (guest_order.number, guest_order.total, guest_order.created_at) == (
        number,
        total,
        created,
    )
    assert guest_order.shipping_address.province_id == province  # figures by area stay
    line = OrderLine.objects.get(shop_order__order=guest_order)
    assert (line.quantity, line.unit_price, line.total) == (3, 80_000, 240_000)
    # idempotent: a second run finds nothing
    assert order_personal_data_erase_expired() == {"orders": 0, "carts": 0}


def test_a_live_accounts_orders_are_left_alone(clock, shop, customer):
    order = placed_order([(shop, [(sellable(shop), 1)])], user=customer, email=customer.email)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.COMPLETED)
    clock.advance(RETENTION * 2)
    assert order_personal_data_erase_expired()["orders"] == 0
    order.refresh_from_db()
    assert order.email == customer.email


def test_a_deleted_accounts_orders_are_erased_after_the_period(clock, shop, customer):
    order = placed_order([(shop, [(sellable(shop), 1)])], user=customer, email=customer.email)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.COMPLETED)
    account_erase(user=customer)
    assert order_personal_data_erase_expired()["orders"] == 0  # not yet
    clock.advance(RETENTION + timedelta(days=1))
    assert order_personal_data_erase_expired()["orders"] == 1
    assert _personal(order)[:3] == (ERASED_ORDER_EMAIL, "", "")
    order.refresh_from_db()
    assert order.user_id == customer.pk


def test_guest_carts_past_the_period_lose_their_contact_and_address(clock, shop):
    checkout = cart.checkout_create(user=None, email="gio@example.vn")
    cart.checkout_lines_add(checkout=checkout, lines=[(sellable(shop).pk, 1)])
    cart.checkout_address_update(checkout=checkout, data=address_data())
    clock.advance(RETENTION + timedelta(days=1))
    assert order_personal_data_erase_expired() == {"orders": 0, "carts": 1}
    checkout = Checkout.objects.get(pk=checkout.pk)
    assert (checkout.email, checkout.phone, checkout.shipping_address) == ("", "", None)


def test_batches_cover_every_order(clock, shop):
    orders = [placed_order([(shop, [(sellable(shop), 1)])]) for _ in range(3)]
    clock.advance(RETENTION + timedelta(days=1))
    assert order_personal_data_erase_expired(batch_size=2)["orders"] == 3
    assert {o.email for o in Order.objects.filter(pk__in=[o.pk for o in orders])} == {
        ERASED_ORDER_EMAIL
    }


def test_the_log_has_counts_and_no_personal_data(clock, guest_order, caplog):
    clock.advance(RETENTION + timedelta(days=1))
    with caplog.at_level(logging.INFO, logger="orders.services.privacy"):
        erase_expired_order_personal_data()
    text = caplog.text
    assert "personal data erased from 1 orders and 0 carts older than 1095 days" in text
    for secret in ("khach@example.vn", "84987654321", "Nguyễn Văn An", "Hoa", guest_order.number):
        assert secret not in text


def test_the_command_runs_the_job(clock, guest_order):
    clock.advance(RETENTION + timedelta(days=1))
    out = StringIO()
    call_command("erase_expired_personal_data", "--batch-size", "10", stdout=out)
    assert out.getvalue().strip() == "Personal data erased: 1 orders, 0 carts."
    assert _personal(guest_order)[0] == ERASED_ORDER_EMAIL


def test_the_job_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["orders-erase-expired-personal-data"]
    assert entry == {
        "task": "orders.tasks.erase_expired_order_personal_data",
        "schedule": 24 * 60 * 60,
    }
    celery_app.loader.import_default_modules()
    assert entry["task"] in celery_app.tasks


def test_the_retention_period_is_a_setting(clock, guest_order, settings):
    settings.ORDER_PERSONAL_DATA_RETENTION_DAYS = 30
    clock.advance(timedelta(days=31))
    assert order_personal_data_erase_expired()["orders"] == 1
