"""The money side of orders: commission resolution, ledger posting (paid, refund,
delivered), balances with the return window, payout batches (creation, CSV, paid,
cancel, concurrency) and monthly statements. Shop orders are built directly with
factories, independent of the checkout."""

from __future__ import annotations

import csv
import datetime
import io
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.errors import Forbidden
from marketplace.models import ProductGroup
from orders.models import CommissionRule, LedgerEntry, Payout, PayoutBatch, Refund, ShopOrder
from orders.selectors import ledger as ledger_selectors
from orders.services import ledger
from shops.models import Shop
from tests.clock import local
from tests.factories.orders import RefundFactory, ShopOrderFactory
from tests.factories.shops import ShopFactory
from tests.orders.ledger_helpers import available_now, entries, give_bank_details, paid_shop_order
from tests.support.concurrency import run_concurrently
from tests.support.queries import count_queries

WINDOW = datetime.timedelta(days=7)
Kind = LedgerEntry.Kind


# --- Commission ----------------------------------------------------------------------------


@pytest.fixture
def groups(admin_units) -> tuple[ProductGroup, ProductGroup]:
    food, drinks = ProductGroup.objects.filter(criteria_version="148/2023").order_by("position")[:2]
    return food, drinks


def test_commission_rates_most_specific_rule_wins(shop, other_shop, groups, settings):
    settings.OCOP_COMMISSION_BP = 800
    food, drinks = groups
    CommissionRule.objects.create(shop=shop, product_group=food, rate_bp=300)
    CommissionRule.objects.create(shop=shop, rate_bp=500)
    CommissionRule.objects.create(product_group=food, rate_bp=600)
    CommissionRule.objects.create(product_group=drinks, rate_bp=700)
    third = ShopFactory()
    CommissionRule.objects.create(shop=third, rate_bp=100)

    rate = ledger.commission_rates([shop.pk, other_shop.pk])

    assert rate(shop.pk, food.pk) == 300  # shop + group
    assert rate(shop.pk, drinks.pk) == 500  # shop beats group
    assert rate(shop.pk, None) == 500
    assert rate(other_shop.pk, food.pk) == 600  # group
    assert rate(other_shop.pk, drinks.pk) == 700
    assert rate(other_shop.pk, None) == 800  # default
    assert rate(third.pk, food.pk) == 600  # third's rules were not loaded for this call


def test_commission_amount_rounds_half_up():
    assert ledger.commission_amount(100_000, 800) == 8_000
    assert ledger.commission_amount(12_345, 800) == 988  # 987.6
    assert ledger.commission_amount(6_250, 800) == 500
    assert ledger.commission_amount(10_625, 800) == 850  # 850.0
    assert ledger.commission_amount(10_631, 800) == 850  # 850.48
    assert ledger.commission_amount(10_632, 800) == 851  # 850.56


def test_commission_rule_set_creates_then_updates(ocop_office, shop, groups):
    food, _drinks = groups
    rule = ledger.commission_rule_set(actor=ocop_office, shop=shop, product_group=food, rate_bp=450)
    again = ledger.commission_rule_set(actor=ocop_office, shop=shop, product_group=food, rate_bp=0)
    group_rule = ledger.commission_rule_set(actor=ocop_office, product_group=food, rate_bp=10_000)

    assert again.pk == rule.pk
    assert list(
        CommissionRule.objects.order_by("pk").values_list("shop", "product_group", "rate_bp")
    ) == [(shop.pk, food.pk, 0), (None, food.pk, 10_000)]
    assert group_rule.shop is None


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"rate_bp": 10_001}, "rate_bp", "invalid_rate"),
        ({"rate_bp": -1}, "rate_bp", "invalid_rate"),
        ({"rate_bp": True}, "rate_bp", "invalid_rate"),
        ({"rate_bp": 500, "shop": None}, "shop", "required"),
    ],
)
def test_commission_rule_set_rejects_bad_input(ocop_office, shop, kwargs, field, code):
    kwargs = {"shop": shop, **kwargs}
    with pytest.raises(ValidationError) as exc:
        ledger.commission_rule_set(actor=ocop_office, **kwargs)
    assert exc.value.error_dict[field][0].code == code
    assert not CommissionRule.objects.exists()


def test_commission_rule_set_office_only(owner, shop):
    with pytest.raises(Forbidden):
        ledger.commission_rule_set(actor=owner, shop=shop, rate_bp=0)
    assert not CommissionRule.objects.exists()


# --- Posting ----------------------------------------------------------------------------------


def test_post_paid_posts_sale_shipping_commission_once(shop):
    shop_order = paid_shop_order(
        shop, lines=((100_000, 2), (45_000, 1)), shipping_fee=30_000, commission=19_600
    )

    ledger.ledger_post_paid(shop_order)
    ledger.ledger_post_paid(shop_order)

    assert entries(shop_order) == [
        (Kind.SALE, 245_000),
        (Kind.SHIPPING, 30_000),
        (Kind.COMMISSION, -19_600),
    ]
    assert set(LedgerEntry.objects.values_list("available_at", flat=True)) == {None}
    assert set(LedgerEntry.objects.values_list("shop", flat=True)) == {shop.pk}


def test_post_paid_without_shipping_or_commission_posts_the_sale_only(shop):
    shop_order = paid_shop_order(shop, lines=((50_000, 1),), commission=0)

    ledger.ledger_post_paid(shop_order)

    assert entries(shop_order) == [(Kind.SALE, 50_000)]


def test_post_paid_of_a_delivered_order_is_available_after_the_window(shop):
    delivered = local(2026, 11, 2, 9, 30)
    shop_order = paid_shop_order(shop, delivered_at=delivered, shipping_fee=20_000)

    ledger.ledger_post_paid(shop_order)

    assert set(LedgerEntry.objects.values_list("available_at", flat=True)) == {delivered + WINDOW}


def test_delivery_starts_the_return_window(shop):
    shop_order = paid_shop_order(shop, shipping_fee=20_000, commission=16_000)  # 200.000 + 20.000
    ledger.ledger_post_paid(shop_order)
    delivered = local(2026, 11, 10, 14, 0)
    assert ledger_selectors.shop_balance(shop, now=delivered) == ledger_selectors.Balance(
        pending=204_000, available=0, in_payout=0
    )

    shop_order.delivered_at = delivered
    ledger.ledger_on_delivered(shop_order)

    inside = ledger_selectors.shop_balance(
        shop, now=delivered + WINDOW - datetime.timedelta(seconds=1)
    )
    after = ledger_selectors.shop_balance(shop, now=delivered + WINDOW)
    assert (inside.pending, inside.available, inside.payable) == (204_000, 0, 0)
    assert (after.pending, after.available, after.payable) == (0, 204_000, 204_000)


def test_on_delivered_keeps_dates_already_set(shop):
    shop_order = paid_shop_order(shop)
    ledger.ledger_post_paid(shop_order)
    adjustment_date = local(2026, 1, 1)
    LedgerEntry.objects.create(
        shop=shop,
        shop_order=shop_order,
        kind=Kind.ADJUSTMENT,
        amount=1,
        available_at=adjustment_date,
        description="x",
    )
    shop_order.delivered_at = local(2026, 11, 10)

    ledger.ledger_on_delivered(shop_order)

    assert sorted(LedgerEntry.objects.values_list("available_at", flat=True)) == [
        adjustment_date,
        local(2026, 11, 17),
        local(2026, 11, 17),
    ]


def test_refund_posts_refund_and_proportional_commission(shop):
    shop_order = paid_shop_order(shop, lines=((100_000, 1),), shipping_fee=20_000, commission=8_000)
    ledger.ledger_post_paid(shop_order)
    refund = RefundFactory(shop_order=shop_order, amount=35_000)

    ledger.ledger_post_refund(refund)
    ledger.ledger_post_refund(refund)  # idempotent per refund

    # floor(8000 × 35000 / 120000) = floor(2333.3)
    assert LedgerEntry.objects.filter(refund=refund).count() == 2
    assert entries(shop_order)[-2:] == [(Kind.REFUND, -35_000), (Kind.COMMISSION, 2_333)]
    assert set(
        LedgerEntry.objects.filter(refund=refund).values_list("available_at", flat=True)
    ) == {None}


def test_refund_commission_give_back_is_capped_at_the_commission_charged(shop):
    shop_order = paid_shop_order(shop, lines=((100_000, 1),), commission=8_000)
    ledger.ledger_post_paid(shop_order)
    first = RefundFactory(shop_order=shop_order, amount=60_000)
    second = RefundFactory(shop_order=shop_order, amount=60_000)
    third = RefundFactory(shop_order=shop_order, amount=5_000)

    for refund in (first, second, third):
        ledger.ledger_post_refund(refund)

    give_backs = list(
        LedgerEntry.objects.filter(kind=Kind.COMMISSION, refund__isnull=False)
        .order_by("id")
        .values_list("amount", flat=True)
    )
    assert give_backs == [4_800, 3_200]  # 4.800 + 4.800 capped to the 8.000 charged; then nothing
    assert LedgerEntry.objects.filter(refund=third).values_list("kind", "amount").get() == (
        Kind.REFUND,
        -5_000,
    )
    assert (
        sum(LedgerEntry.objects.filter(kind=Kind.COMMISSION).values_list("amount", flat=True)) == 0
    )


def test_full_refund_of_an_undelivered_order_nets_to_zero(shop):
    shop_order = paid_shop_order(shop, lines=((99_999, 1),), shipping_fee=15_000, commission=8_000)
    ledger.ledger_post_paid(shop_order)

    ledger.ledger_post_refund(RefundFactory(shop_order=shop_order, amount=shop_order.total))

    assert ledger_selectors.shop_balance(shop) == ledger_selectors.Balance(
        pending=0, available=0, in_payout=0
    )


def test_refund_of_an_unpaid_order_posts_nothing(shop):
    shop_order = ShopOrderFactory(shop=shop, subtotal=100_000, total=100_000, commission=8_000)

    ledger.ledger_post_refund(RefundFactory(shop_order=shop_order, amount=100_000))

    assert not LedgerEntry.objects.exists()


def test_refund_must_have_succeeded(shop):
    shop_order = paid_shop_order(shop)
    ledger.ledger_post_paid(shop_order)
    refund = RefundFactory(shop_order=shop_order, status=Refund.Status.PENDING)

    with pytest.raises(ValidationError) as exc:
        ledger.ledger_post_refund(refund)

    assert exc.value.error_dict["refund"][0].code == "refund_not_succeeded"
    assert not LedgerEntry.objects.filter(refund=refund).exists()


def test_refund_after_delivery_is_available_at_the_window_end_or_now(shop):
    now = timezone.now()
    recent = paid_shop_order(shop, delivered_at=now - datetime.timedelta(days=2))
    old = paid_shop_order(shop, delivered_at=now - datetime.timedelta(days=30))
    for shop_order in (recent, old):
        ledger.ledger_post_paid(shop_order)

    recent_refund = RefundFactory(shop_order=recent, amount=10_000)
    old_refund = RefundFactory(shop_order=old, amount=10_000)
    ledger.ledger_post_refund(recent_refund, now=now)
    ledger.ledger_post_refund(old_refund, now=now)

    assert set(
        LedgerEntry.objects.filter(refund=recent_refund).values_list("available_at", flat=True)
    ) == {recent.delivered_at + WINDOW}
    assert set(
        LedgerEntry.objects.filter(refund=old_refund).values_list("available_at", flat=True)
    ) == {now}


def test_refund_posted_before_delivery_becomes_available_with_the_order(shop):
    shop_order = paid_shop_order(shop, lines=((100_000, 1),), commission=8_000)
    ledger.ledger_post_paid(shop_order)
    ledger.ledger_post_refund(RefundFactory(shop_order=shop_order, amount=50_000))
    shop_order.delivered_at = local(2026, 11, 1)

    ledger.ledger_on_delivered(shop_order)

    balance = ledger_selectors.shop_balance(shop, now=local(2026, 11, 8))
    assert (balance.pending, balance.available) == (0, 100_000 - 8_000 - 50_000 + 4_000)


# --- Adjustments -------------------------------------------------------------------------


def test_adjust_is_available_now(ocop_office, shop):
    entry = ledger.ledger_adjust(
        actor=ocop_office, shop=shop, amount=-25_000, description="  Phí in tem  "
    )

    assert (entry.kind, entry.amount, entry.description, entry.actor) == (
        Kind.ADJUSTMENT,
        -25_000,
        "Phí in tem",
        ocop_office,
    )
    assert ledger_selectors.shop_balance(shop).available == -25_000


@pytest.mark.parametrize(
    ("amount", "description", "field"),
    [
        (0, "Lý do", "amount"),
        (1.5, "Lý do", "amount"),
        (10_000, "   ", "description"),
        (10_000, "x" * 256, "description"),
    ],
)
def test_adjust_rejects_bad_input(ocop_office, shop, amount, description, field):
    with pytest.raises(ValidationError) as exc:
        ledger.ledger_adjust(actor=ocop_office, shop=shop, amount=amount, description=description)
    assert field in exc.value.error_dict
    assert not LedgerEntry.objects.exists()


def test_adjust_office_only(owner, shop):
    with pytest.raises(Forbidden):
        ledger.ledger_adjust(actor=owner, shop=shop, amount=1_000, description="Tự cộng tiền")
    assert not LedgerEntry.objects.exists()


# --- Balances --------------------------------------------------------------------------------


def test_payable_excludes_open_payouts_and_returns_after_cancel(ocop_office, shop):
    give_bank_details(shop)
    available_now(shop, 300_000)
    pending_order = paid_shop_order(shop, lines=((50_000, 1),), commission=4_000)
    ledger.ledger_post_paid(pending_order)

    batch = ledger.payout_batch_create(actor=ocop_office)
    assert ledger_selectors.shop_balance(shop) == ledger_selectors.Balance(
        pending=46_000, available=300_000, in_payout=300_000
    )
    assert ledger_selectors.shop_balance(shop).payable == 0
    assert list(ledger_selectors.payable_shops()) == []

    ledger.payout_batch_export_csv(actor=ocop_office, batch=batch)
    assert ledger_selectors.shop_balance(shop).payable == 0
    ledger.payout_batch_cancel(actor=ocop_office, batch=batch)

    balance = ledger_selectors.shop_balance(shop)
    assert (balance.in_payout, balance.payable) == (0, 300_000)
    assert [(s.pk, s.balance_payable) for s in ledger_selectors.payable_shops()] == [
        (shop.pk, 300_000)
    ]


def test_payable_shops_is_one_query(shop, other_shop):
    available_now(shop, 10_000)
    available_now(other_shop, 20_000)
    for _ in range(3):
        available_now(ShopFactory(), 5_000)
    available_now(ShopFactory(), -5_000)

    count, rows = count_queries(
        lambda: [
            (s.pk, s.balance_payable, s.producer.bank_bin) for s in ledger_selectors.payable_shops()
        ]
    )

    assert count == 1
    assert len(rows) == 5
    assert (shop.pk, 10_000, "") in rows


# --- Payout batches ------------------------------------------------------------------------


def test_batch_creation_snapshots_bank_details_and_skips_shops_without(
    clock, ocop_office, shop, other_shop
):
    now = clock.set(local(2026, 11, 28, 10, 0))
    give_bank_details(shop)
    available_now(shop, 1_250_000)
    available_now(other_shop, 400_000)  # no bank details
    small = ShopFactory(name="HTX Nhỏ")
    give_bank_details(small)
    available_now(small, 9_000)
    nothing = ShopFactory()
    give_bank_details(nothing)
    available_now(nothing, -1_000)

    batch = ledger.payout_batch_create(actor=ocop_office, now=now, min_amount=10_000)

    assert (batch.reference, batch.status, batch.total, batch.created_by) == (
        "PO-2026-11-0001",
        PayoutBatch.Status.DRAFT,
        1_250_000,
        ocop_office,
    )
    payout = batch.payouts.get()
    assert (
        payout.shop,
        payout.amount,
        payout.bank_bin,
        payout.account_number,
        payout.account_name,
    ) == (shop, 1_250_000, "970436", "0071001234567", "Hợp tác xã Nước mắm Cảnh Dương")
    skipped = sorted(batch.skipped, key=lambda s: s["shop_id"])
    assert [(s["shop_id"], s["amount"], s["reason"]) for s in skipped] == sorted(
        [(other_shop.pk, 400_000, "no_bank_details"), (small.pk, 9_000, "below_minimum")]
    )
    assert PayoutBatch.objects.get(pk=batch.pk).skipped == batch.skipped
    # The snapshot does not follow later edits of the producer.
    shop.producer.bank_account_number = "999"
    shop.producer.save()
    assert Payout.objects.get(pk=payout.pk).account_number == "0071001234567"


def test_batch_references_count_per_month(clock, ocop_office, shop):
    clock.set(local(2026, 11, 30, 22, 0))
    give_bank_details(shop)
    available_now(shop, 100_000)
    first = ledger.payout_batch_create(
        actor=ocop_office, now=clock.advance(datetime.timedelta(hours=1))
    )
    ledger.payout_batch_cancel(actor=ocop_office, batch=first)
    second = ledger.payout_batch_create(
        actor=ocop_office, now=clock.advance(datetime.timedelta(minutes=30))
    )
    ledger.payout_batch_cancel(actor=ocop_office, batch=second)
    # 1 December 00:10 in Vietnam is still 30 November in UTC: the local month counts.
    third = ledger.payout_batch_create(
        actor=ocop_office, now=clock.advance(datetime.timedelta(minutes=40))
    )
    assert third.created_at == local(2026, 12, 1, 0, 10)

    assert [first.reference, second.reference, third.reference] == [
        "PO-2026-11-0001",
        "PO-2026-11-0002",
        "PO-2026-12-0001",
    ]


def test_batch_with_nothing_to_pay_is_refused(ocop_office, shop):
    available_now(shop, 100_000)  # no bank details

    with pytest.raises(ValidationError) as exc:
        ledger.payout_batch_create(actor=ocop_office)

    assert exc.value.error_dict["batch"][0].code == "nothing_to_pay"
    assert not PayoutBatch.objects.exists()
    assert not Payout.objects.exists()


def test_batch_creation_office_only(owner, shop):
    give_bank_details(shop)
    available_now(shop, 100_000)
    with pytest.raises(Forbidden):
        ledger.payout_batch_create(actor=owner)
    assert not PayoutBatch.objects.exists()


def test_batch_csv_is_ascii_bank_file_and_marks_exported(clock, ocop_office, admin_units):
    clock.set(local(2026, 11, 28, 9, 0))
    first = ShopFactory(name="A Nước mắm Cảnh Dương", slug="nuoc-mam-canh-duong")
    give_bank_details(first, name="Nguyễn Thị Đào")
    available_now(first, 1_500_000)
    second = ShopFactory(name="B Trà Tuyên Hóa", slug="tra-tuyen-hoa")
    give_bank_details(second, name="HTX Trà Tuyên Hóa")
    second.producer.bank_bin, second.producer.bank_name = "970415", ""
    second.producer.save()
    available_now(second, 275_500)
    batch = ledger.payout_batch_create(actor=ocop_office, now=clock.now())
    exported_at = clock.advance(datetime.timedelta(minutes=5))

    content = ledger.payout_batch_export_csv(actor=ocop_office, batch=batch, now=exported_at)

    content.encode("ascii")  # nothing but ASCII
    assert list(csv.reader(io.StringIO(content))) == [
        ledger.CSV_HEADER,
        [
            "1",
            "970436",
            "VIETCOMBANK",
            "0071001234567",
            "NGUYEN THI DAO",
            "1500000",
            "OCOP PO-2026-11-0001 nuoc-mam-canh-duong",
        ],
        [
            "2",
            "970415",
            "",
            "0071001234567",
            "HTX TRA TUYEN HOA",
            "275500",
            "OCOP PO-2026-11-0001 tra-tuyen-hoa",
        ],
    ]
    assert content.count("\r\n") == 3
    assert (batch.status, batch.exported_at) == (PayoutBatch.Status.EXPORTED, exported_at)
    batch.refresh_from_db()
    assert (batch.status, batch.exported_at) == (PayoutBatch.Status.EXPORTED, exported_at)

    again = ledger.payout_batch_export_csv(actor=ocop_office, batch=batch, now=exported_at + WINDOW)
    batch.refresh_from_db()
    assert again == content
    assert (batch.status, batch.exported_at) == (PayoutBatch.Status.EXPORTED, exported_at)


def test_ascii_upper_folds_vietnamese():
    assert ledger.ascii_upper("  Lê Thị Ánh-Nguyệt (Đỗ) ") == "LE THI ANH NGUYET DO"
    assert ledger.ascii_upper("") == ""


def test_mark_paid_posts_payout_entries_exactly_once(ocop_office, shop, other_shop):
    give_bank_details(shop)
    give_bank_details(other_shop)
    available_now(shop, 500_000)
    available_now(other_shop, 70_000)
    batch = ledger.payout_batch_create(actor=ocop_office)
    ledger.payout_batch_export_csv(actor=ocop_office, batch=batch)
    paid_at = timezone.now()

    result = ledger.payout_batch_mark_paid(actor=ocop_office, batch=batch, now=paid_at)
    with pytest.raises(ValidationError) as exc:
        ledger.payout_batch_mark_paid(actor=ocop_office, batch=batch)

    assert exc.value.error_dict["status"][0].code == "batch_paid"
    assert (result.status, result.paid_at, batch.status) == (
        PayoutBatch.Status.PAID,
        paid_at,
        PayoutBatch.Status.PAID,
    )
    payouts = list(
        LedgerEntry.objects.filter(kind=Kind.PAYOUT)
        .order_by("shop_id")
        .values_list("shop", "amount", "payout__batch", "available_at", "actor")
    )
    assert payouts == sorted(
        [
            (shop.pk, -500_000, batch.pk, paid_at, ocop_office.pk),
            (other_shop.pk, -70_000, batch.pk, paid_at, ocop_office.pk),
        ]
    )
    for each in (shop, other_shop):
        assert ledger_selectors.shop_balance(each) == ledger_selectors.Balance(
            pending=0, available=0, in_payout=0
        )
    with pytest.raises(ValidationError) as cancel:
        ledger.payout_batch_cancel(actor=ocop_office, batch=batch)
    assert cancel.value.error_dict["status"][0].code == "batch_paid"


def test_status_transitions_are_checked(ocop_office, shop):
    give_bank_details(shop)
    available_now(shop, 100_000)
    batch = ledger.payout_batch_create(actor=ocop_office)

    with pytest.raises(ValidationError) as draft_paid:
        ledger.payout_batch_mark_paid(actor=ocop_office, batch=batch)
    ledger.payout_batch_cancel(actor=ocop_office, batch=batch)
    with pytest.raises(ValidationError) as export_cancelled:
        ledger.payout_batch_export_csv(actor=ocop_office, batch=batch)
    with pytest.raises(ValidationError) as cancel_twice:
        ledger.payout_batch_cancel(actor=ocop_office, batch=batch)
    with pytest.raises(ValidationError) as paid_cancelled:
        ledger.payout_batch_mark_paid(actor=ocop_office, batch=batch)

    assert draft_paid.value.error_dict["status"][0].code == "batch_draft"
    assert "Hãy xuất file" in draft_paid.value.error_dict["status"][0].message
    assert [
        e.value.error_dict["status"][0].code
        for e in (export_cancelled, cancel_twice, paid_cancelled)
    ] == ["batch_cancelled"] * 3
    assert PayoutBatch.objects.get().status == PayoutBatch.Status.CANCELLED
    assert not LedgerEntry.objects.filter(kind=Kind.PAYOUT).exists()


@pytest.mark.parametrize("action", ["export", "mark_paid", "cancel"])
def test_batch_actions_office_only(ocop_office, owner, shop, action):
    give_bank_details(shop)
    available_now(shop, 100_000)
    batch = ledger.payout_batch_create(actor=ocop_office)
    call = {
        "export": ledger.payout_batch_export_csv,
        "mark_paid": ledger.payout_batch_mark_paid,
        "cancel": ledger.payout_batch_cancel,
    }[action]

    with pytest.raises(Forbidden):
        call(actor=owner, batch=batch)

    assert PayoutBatch.objects.get().status == PayoutBatch.Status.DRAFT


def test_refund_after_payout_leaves_a_negative_balance_for_the_next_batch(ocop_office, shop):
    give_bank_details(shop)
    delivered = timezone.now() - datetime.timedelta(days=20)
    shop_order = paid_shop_order(
        shop, lines=((100_000, 1),), commission=8_000, delivered_at=delivered
    )
    ledger.ledger_post_paid(shop_order)
    batch = ledger.payout_batch_create(actor=ocop_office)
    ledger.payout_batch_export_csv(actor=ocop_office, batch=batch)
    ledger.payout_batch_mark_paid(actor=ocop_office, batch=batch)

    ledger.ledger_post_refund(RefundFactory(shop_order=shop_order, amount=40_000))

    assert ledger_selectors.shop_balance(shop).payable == -40_000 + 3_200
    with pytest.raises(ValidationError):
        ledger.payout_batch_create(actor=ocop_office)


@pytest.mark.service("postgresql")
@pytest.mark.django_db(transaction=True)
def test_concurrent_batch_creation_pays_each_shop_once(admin_units, monkeypatch):
    """Both creations compute the payable shops before either takes the shop locks (a
    barrier in front of the locks): the later one must see the earlier batch's payouts."""
    from tests.factories.marketplace import UserFactory

    office = UserFactory(username="office-race", is_ocop_office=True)
    shops = [ShopFactory(), ShopFactory()]
    for shop in shops:
        give_bank_details(shop)
        available_now(shop, 100_000)
    barrier = threading.Barrier(2, timeout=30)
    real_lock = ledger._lock_shops

    def lock_after_both_computed(shop_ids: Any) -> None:
        barrier.wait()
        real_lock(shop_ids)

    monkeypatch.setattr(ledger, "_lock_shops", lock_after_both_computed)

    def create(_: int) -> Any:
        try:
            return ledger.payout_batch_create(actor=office)
        except ValidationError as exc:
            return exc.error_dict["batch"][0].code

    outcomes = [value for _, value in run_concurrently(2, create)]

    assert sorted(type(o).__name__ for o in outcomes) == ["PayoutBatch", "str"], outcomes
    assert "nothing_to_pay" in outcomes
    assert PayoutBatch.objects.count() == 1
    assert sorted(Payout.objects.values_list("shop", "amount")) == sorted(
        (s.pk, 100_000) for s in shops
    )
    for shop in shops:
        assert ledger_selectors.shop_balance(shop).payable == 0


# --- Statements ----------------------------------------------------------------------------


def _entry_at(
    shop: Shop, when: datetime.datetime, kind: str, amount: int, shop_order: ShopOrder | None = None
) -> None:
    entry = LedgerEntry.objects.create(
        shop=shop,
        kind=kind,
        amount=amount,
        shop_order=shop_order,
        description=f"{kind} {amount}",
        available_at=when,
    )
    LedgerEntry.objects.filter(pk=entry.pk).update(created_at=when)


def test_statement_opening_and_closing_balances_across_months(shop, other_shop):
    order = paid_shop_order(shop)
    _entry_at(shop, local(2026, 9, 15), Kind.SALE, 500_000, order)
    _entry_at(
        shop, local(2026, 10, 31, 23, 59), Kind.COMMISSION, -40_000, order
    )  # October, local time
    _entry_at(shop, local(2026, 11, 1, 0, 0), Kind.SALE, 200_000)
    _entry_at(shop, local(2026, 11, 12), Kind.SALE, 100_000)
    _entry_at(shop, local(2026, 11, 12), Kind.COMMISSION, -24_000)
    _entry_at(shop, local(2026, 11, 20), Kind.PAYOUT, -460_000)
    _entry_at(shop, local(2026, 12, 1, 0, 0), Kind.ADJUSTMENT, 5_000)
    _entry_at(other_shop, local(2026, 11, 10), Kind.SALE, 999_000)
    _entry_at(other_shop, local(2026, 10, 10), Kind.SALE, 888_000)

    october = ledger_selectors.statement(shop, 2026, 10)
    november = ledger_selectors.statement(shop, 2026, 11)
    december = ledger_selectors.statement(shop, 2026, 12)

    assert (october.opening_balance, october.closing_balance) == (500_000, 460_000)
    assert (november.opening_balance, november.closing_balance) == (460_000, 276_000)
    assert (december.opening_balance, december.closing_balance) == (276_000, 281_000)
    assert [(line.kind, line.count, line.total) for line in november.lines] == [
        (Kind.SALE, 2, 300_000),
        (Kind.COMMISSION, 1, -24_000),
        (Kind.PAYOUT, 1, -460_000),
    ]
    assert [e.amount for e in november.entries] == [200_000, 100_000, -24_000, -460_000]
    assert november.net == -184_000


def test_statement_csv_has_running_balance(shop):
    _entry_at(shop, local(2026, 10, 5), Kind.SALE, 100_000)
    _entry_at(shop, local(2026, 11, 3, 8, 15), Kind.SALE, 50_000)
    _entry_at(shop, local(2026, 11, 4, 9, 0), Kind.ADJUSTMENT, -2_000)
    LedgerEntry.objects.filter(amount=-2_000).update(description="=HYPERLINK(1)")

    content = ledger_selectors.statement_csv(ledger_selectors.statement(shop, 2026, 11))

    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0] == ledger_selectors.STATEMENT_CSV_HEADER
    assert rows[1] == ["01/11/2026", "", "", "Số dư đầu kỳ / Opening balance", "", "100000"]
    sale, adjustment = str(Kind.SALE.label), str(Kind.ADJUSTMENT.label)
    assert rows[2] == ["03/11/2026 08:15", sale, "", "sale 50000", "50000", "150000"]
    assert rows[3] == ["04/11/2026 09:00", adjustment, "", "'=HYPERLINK(1)", "-2000", "148000"]
    assert rows[4] == ["30/11/2026", "", "", "Số dư cuối kỳ / Closing balance", "", "148000"]
    assert rows[5:] == [
        ["", sale, "", "Tổng (1) / Total (1)", "50000", ""],
        ["", adjustment, "", "Tổng (1) / Total (1)", "-2000", ""],
    ]


@pytest.mark.parametrize(("year", "month"), [(2026, 0), (2026, 13), (1999, 5)])
def test_statement_rejects_impossible_months(shop, year, month):
    with pytest.raises(ValueError, match="invalid month"):
        ledger_selectors.statement(shop, year, month)


def test_ledger_entries_for_shop_by_month(shop, other_shop):
    _entry_at(shop, local(2026, 10, 31, 23, 0), Kind.SALE, 1)
    _entry_at(shop, local(2026, 11, 1, 1, 0), Kind.SALE, 2)
    _entry_at(shop, local(2026, 11, 30, 23, 0), Kind.SALE, 3)
    _entry_at(other_shop, local(2026, 11, 10), Kind.SALE, 4)

    assert [e.amount for e in ledger_selectors.ledger_entries_for_shop(shop)] == [3, 2, 1]
    assert [
        e.amount
        for e in ledger_selectors.ledger_entries_for_shop(shop, datetime.date(2026, 11, 17))
    ] == [3, 2]
