"""Cash on delivery in the ledger: the cash a shop's carrier collects and remits to the
shop is never money the platform owes it. A COD sale leaves the shop owing the commission,
netted against what the platform owes it from card and VietQR sales; a negative balance
carries forward and is never paid out. Shops whose carrier remits COD to the platform
(``Shop.CodRemittance.PLATFORM``) keep the platform owing them the sale."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from orders.models import LedgerEntry, PaymentMethod
from orders.selectors import ledger as ledger_selectors
from orders.services import ledger
from shops.models import Shop
from tests.clock import local
from tests.factories.orders import RefundFactory
from tests.orders.ledger_helpers import entries, give_bank_details, paid_shop_order

Kind = LedgerEntry.Kind
WINDOW = datetime.timedelta(days=7)


def cod_order(shop: Shop, *, delivered_at: datetime.datetime, **kwargs):
    """The order of the report: 400 000 đ of goods + 20 000 đ shipping, 8 % commission."""
    kwargs.setdefault("lines", ((200_000, 2),))
    kwargs.setdefault("shipping_fee", 20_000)
    kwargs.setdefault("commission", 33_600)
    return paid_shop_order(
        shop, payment_method=PaymentMethod.COD, delivered_at=delivered_at, **kwargs
    )


def test_cod_collected_by_the_shop_nets_to_the_commission_it_owes(clock, shop):
    now = clock.set(local(2026, 11, 20, 9, 0))
    shop_order = cod_order(shop, delivered_at=now - datetime.timedelta(days=10))

    ledger.ledger_post_paid(shop_order)
    ledger.ledger_post_paid(shop_order)  # idempotent

    assert entries(shop_order) == [
        (Kind.SALE, 400_000),
        (Kind.SHIPPING, 20_000),
        (Kind.COMMISSION, -33_600),
        (Kind.COD_CASH, -420_000),
    ]
    balance = ledger_selectors.shop_balance(shop)
    assert (balance.available, balance.pending, balance.payable) == (-33_600, 0, -33_600)


def test_a_cod_order_never_reaches_a_payout(clock, ocop_office, shop):
    """The reported defect: the batch paid 386 400 đ for a COD order whose 420 000 đ the
    shop had already collected in cash."""
    now = clock.set(local(2026, 11, 28, 10, 0))
    give_bank_details(shop)
    ledger.ledger_post_paid(cod_order(shop, delivered_at=now - datetime.timedelta(days=10)))

    assert list(ledger_selectors.payable_shops(now)) == []
    with pytest.raises(ValidationError) as exc:
        ledger.payout_batch_create(actor=ocop_office, now=now)
    assert exc.value.error_dict["batch"][0].code == "nothing_to_pay"


def test_cod_debt_is_netted_against_card_sales_line_by_line(clock, ocop_office, shop):
    now = clock.set(local(2026, 11, 28, 10, 0))
    give_bank_details(shop)
    delivered = now - datetime.timedelta(days=10)
    ledger.ledger_post_paid(cod_order(shop, delivered_at=delivered))
    card = paid_shop_order(shop, lines=((500_000, 1),), commission=40_000, delivered_at=delivered)
    ledger.ledger_post_paid(card)

    batch = ledger.payout_batch_create(actor=ocop_office, now=now)

    # card 500 000 − 40 000 commission, less the COD order's 33 600 commission
    assert batch.payouts.get().amount == 460_000 - 33_600 == 426_400
    november = ledger_selectors.statement(shop, 2026, 11)
    assert [(line.kind, line.count, line.total) for line in november.lines] == [
        (Kind.SALE, 2, 900_000),
        (Kind.COMMISSION, 2, -73_600),
        (Kind.SHIPPING, 1, 20_000),
        (Kind.COD_CASH, 1, -420_000),
    ]
    assert november.closing_balance == 426_400


def test_a_negative_balance_carries_forward_to_the_next_month(clock, ocop_office, shop):
    give_bank_details(shop)
    clock.set(local(2026, 10, 20, 9, 0))
    ledger.ledger_post_paid(cod_order(shop, delivered_at=local(2026, 10, 10, 9, 0)))
    october = ledger_selectors.statement(shop, 2026, 10)
    assert october.closing_balance == -33_600

    now = clock.set(local(2026, 11, 25, 9, 0))
    card = paid_shop_order(
        shop, lines=((30_000, 1),), commission=2_400, delivered_at=local(2026, 11, 10, 9, 0)
    )
    ledger.ledger_post_paid(card)
    november = ledger_selectors.statement(shop, 2026, 11)
    assert (november.opening_balance, november.closing_balance) == (-33_600, -6_000)
    assert ledger_selectors.shop_balance(shop, now).payable == -6_000
    with pytest.raises(ValidationError):  # still owing: nothing is paid out
        ledger.payout_batch_create(actor=ocop_office, now=now)


def test_a_cod_refund_paid_by_the_shop_from_its_cash_nets_to_zero(clock, shop):
    now = clock.set(local(2026, 11, 20, 9, 0))
    shop_order = cod_order(shop, delivered_at=now - datetime.timedelta(days=2))
    ledger.ledger_post_paid(shop_order)

    ledger.ledger_post_refund(RefundFactory(shop_order=shop_order, amount=420_000))

    refund_rows = [row for row in entries(shop_order) if row[0] != Kind.SALE][-3:]
    assert refund_rows == [
        (Kind.REFUND, -420_000),
        (Kind.COMMISSION, 33_600),
        (Kind.COD_CASH, 420_000),
    ]
    assert ledger_selectors.shop_balance(shop).total == 0


def test_a_partial_cod_refund_keeps_the_commission_on_what_was_kept(clock, shop):
    now = clock.set(local(2026, 11, 20, 9, 0))
    shop_order = cod_order(shop, delivered_at=now - datetime.timedelta(days=2))
    ledger.ledger_post_paid(shop_order)

    ledger.ledger_post_refund(RefundFactory(shop_order=shop_order, amount=210_000))

    # commission given back on half the total: 33 600 × 210 000 / 420 000
    assert ledger_selectors.shop_balance(shop).total == -33_600 + 16_800


def test_cod_remitted_to_the_platform_is_owed_to_the_shop(clock, ocop_office, shop):
    now = clock.set(local(2026, 11, 28, 10, 0))
    Shop.objects.filter(pk=shop.pk).update(cod_remittance=Shop.CodRemittance.PLATFORM)
    shop.refresh_from_db()
    give_bank_details(shop)
    shop_order = cod_order(shop, delivered_at=now - datetime.timedelta(days=10))
    ledger.ledger_post_paid(shop_order)

    assert Kind.COD_CASH not in [kind for kind, _amount in entries(shop_order)]
    batch = ledger.payout_batch_create(actor=ocop_office, now=now)
    assert batch.payouts.get().amount == 420_000 - 33_600


def test_card_and_vietqr_sales_are_owed_to_the_shop(shop):
    for method in (PaymentMethod.CARD, PaymentMethod.VIETQR):
        shop_order = paid_shop_order(shop, payment_method=method, commission=16_000)
        ledger.ledger_post_paid(shop_order)
        assert [kind for kind, _amount in entries(shop_order)] == [Kind.SALE, Kind.COMMISSION]


def test_the_migration_posts_the_cash_of_cod_sales_posted_before(clock, shop):
    """Entries posted before COD cash was modelled get their COD_CASH rows, once."""
    clock.set(local(2026, 11, 20, 9, 0))
    shop_order = cod_order(shop, delivered_at=local(2026, 11, 10, 9, 0))
    ledger.ledger_post_paid(shop_order)
    ledger.ledger_post_refund(RefundFactory(shop_order=shop_order, amount=20_000))
    LedgerEntry.objects.filter(kind=Kind.COD_CASH).delete()  # as posted by the old code
    card = paid_shop_order(shop, commission=0)
    ledger.ledger_post_paid(card)
    migration = importlib.import_module("orders.migrations.0006_cod_remittance")

    migration.post_cod_cash(apps, None)
    migration.post_cod_cash(apps, None)

    cash = LedgerEntry.objects.filter(kind=Kind.COD_CASH).order_by("id")
    assert [(row.shop_order_id, row.refund_id is None, row.amount) for row in cash] == [
        (shop_order.pk, True, -420_000),
        (shop_order.pk, False, 20_000),
    ]
    sale = LedgerEntry.objects.get(shop_order=shop_order, kind=Kind.SALE)
    assert cash[0].available_at == sale.available_at == local(2026, 11, 10, 9, 0) + WINDOW


def test_the_ledger_page_says_the_shop_owes_the_commission(clock, client, owner, shop):
    now = clock.set(local(2026, 11, 20, 9, 0))
    ledger.ledger_post_paid(cod_order(shop, delivered_at=now - datetime.timedelta(days=10)))
    client.force_login(owner)

    response = client.get(reverse("orders_dashboard:ledger", args=[shop.slug]))

    content = response.content.decode()
    assert "Gian hàng đang nợ sàn -33.600 ₫" in content
    assert "chuyển thẳng cho gian hàng" in content
    assert "Tiền thu hộ (COD) gian hàng đã giữ" in content
