"""Ledger pages: the shop's ledger and statements (own shop only: 404 for others), the
office payout and balance pages (office only: 403 for everyone else), and what each
action does through the web."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import LedgerEntry, PayoutBatch
from orders.services import ledger
from tests.clock import local
from tests.factories.shops import ShopFactory
from tests.orders.ledger_helpers import available_now, give_bank_details, paid_shop_order
from tests.shops.views.helpers import assert_login_redirect
from tests.support.actors import FIVE_ACTORS, actor_for
from tests.support.queries import get_counted

Kind = LedgerEntry.Kind


def dashboard_urls(shop) -> list[str]:
    return [
        reverse("orders_dashboard:ledger", args=[shop.slug]),
        reverse("orders_dashboard:statement", args=[shop.slug, 2026, 11]),
        reverse("orders_dashboard:statement_csv", args=[shop.slug, 2026, 11]),
    ]


@pytest.fixture
def shop_with_money(shop):
    available_now(shop, 120_000, description="Khoản mở đầu")
    order = paid_shop_order(shop, shipping_fee=20_000, commission=16_000)
    ledger.ledger_post_paid(order)
    return shop


# --- Shop dashboard ---------------------------------------------------------------------


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
@pytest.mark.parametrize("index", range(3))
def test_dashboard_ledger_urls_for_five_actors(
    client, request, shop_with_money, actor, allowed, index
):
    url = dashboard_urls(shop_with_money)[index]
    user = actor_for(request, actor)
    if user.is_authenticated:
        client.force_login(user)

    response = client.get(url)

    if actor == "anonymous":
        assert_login_redirect(response, url)
    elif allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_ledger_page_shows_balance_and_entries(client, owner, shop_with_money):
    client.force_login(owner)

    response = client.get(reverse("orders_dashboard:ledger", args=[shop_with_money.slug]))

    assert response.status_code == 200
    balance = response.context["balance"]
    assert (balance.available, balance.pending, balance.payable) == (120_000, 204_000, 120_000)
    assert [e.amount for e in response.context["page"]] == [-16_000, 20_000, 200_000, 120_000]
    content = response.content.decode()
    assert "120.000 ₫" in content
    assert "Khoản mở đầu" in content
    assert "Sổ cái / Ledger" in content


def test_ledger_page_filters_by_kind(client, owner, shop_with_money):
    client.force_login(owner)

    response = client.get(
        reverse("orders_dashboard:ledger", args=[shop_with_money.slug]), {"kind": "shipping"}
    )
    bogus = client.get(
        reverse("orders_dashboard:ledger", args=[shop_with_money.slug]), {"kind": "nope"}
    )

    assert [e.kind for e in response.context["page"]] == [Kind.SHIPPING]
    assert len(bogus.context["page"]) == 4


def test_ledger_page_query_count_does_not_grow(client, owner, shop):
    client.force_login(owner)
    url = reverse("orders_dashboard:ledger", args=[shop.slug])

    def count() -> int:
        return get_counted(client, url)[0]

    ledger.ledger_post_paid(paid_shop_order(shop, shipping_fee=1, commission=1))
    few = count()
    for _ in range(5):
        ledger.ledger_post_paid(paid_shop_order(shop, shipping_fee=1, commission=1))
    assert count() == few


def test_statement_page_and_csv(client, owner, shop):
    entry = LedgerEntry.objects.create(
        shop=shop,
        kind=Kind.ADJUSTMENT,
        amount=75_000,
        description="Thưởng",
        available_at=timezone.now(),
    )
    LedgerEntry.objects.filter(pk=entry.pk).update(created_at=local(2026, 11, 5, 10, 0))
    client.force_login(owner)

    page = client.get(reverse("orders_dashboard:statement", args=[shop.slug, 2026, 11]))
    download = client.get(reverse("orders_dashboard:statement_csv", args=[shop.slug, 2026, 11]))

    assert page.status_code == 200
    assert page.context["statement"].closing_balance == 75_000
    assert "75.000 ₫" in page.content.decode()
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        download["Content-Disposition"] == f'attachment; filename="{shop.slug}-sao-ke-2026-11.csv"'
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[2][3:] == ["Thưởng", "75000", "75000"]


@pytest.mark.parametrize("month", [0, 13])
def test_statement_of_an_impossible_month_is_404(client, owner, shop, month):
    client.force_login(owner)
    assert (
        client.get(reverse("orders_dashboard:statement", args=[shop.slug, 2026, month])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("orders_dashboard:statement_csv", args=[shop.slug, 2026, month])
        ).status_code
        == 404
    )


# --- Office ------------------------------------------------------------------------------------


@pytest.fixture
def batch(ocop_office, shop):
    give_bank_details(shop)
    available_now(shop, 300_000)
    return ledger.payout_batch_create(actor=ocop_office)


def office_urls(batch) -> list[tuple[str, str]]:
    return [
        ("get", reverse("orders_office:payout_list")),
        ("post", reverse("orders_office:payout_create")),
        ("get", reverse("orders_office:payout_detail", args=[batch.pk])),
        ("post", reverse("orders_office:payout_csv", args=[batch.pk])),
        ("post", reverse("orders_office:payout_mark_paid", args=[batch.pk])),
        ("post", reverse("orders_office:payout_cancel", args=[batch.pk])),
        ("get", reverse("orders_office:balances")),
        ("post", reverse("orders_office:ledger_adjust")),
    ]


@pytest.mark.parametrize("actor", [name for name, _allowed in FIVE_ACTORS] + ["owner"])
@pytest.mark.parametrize("index", range(8))
def test_office_urls_are_office_only(client, request, batch, shop, actor, index):
    method, url = office_urls(batch)[index]
    user = actor_for(request, actor)
    if user.is_authenticated:
        client.force_login(user)

    response = getattr(client, method)(
        url, {"shop": shop.pk, "amount": "1000", "description": "x"} if method == "post" else {}
    )

    if actor == "anonymous":
        assert_login_redirect(response, url)
    else:
        assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.DRAFT
    assert PayoutBatch.objects.count() == 1
    assert not LedgerEntry.objects.exclude(kind=Kind.ADJUSTMENT).exists()
    assert LedgerEntry.objects.count() == 1


def test_office_payout_flow(client, ocop_office, shop, other_shop):
    give_bank_details(shop)
    available_now(shop, 300_000)
    available_now(other_shop, 50_000)  # no bank details
    client.force_login(ocop_office)

    listing = client.get(reverse("orders_office:payout_list"))
    created = client.post(reverse("orders_office:payout_create"), {"min_amount": "10.000"})
    batch = PayoutBatch.objects.get()
    detail = client.get(reverse("orders_office:payout_detail", args=[batch.pk]))
    early = client.post(reverse("orders_office:payout_mark_paid", args=[batch.pk]), follow=True)
    download = client.post(reverse("orders_office:payout_csv", args=[batch.pk]))
    paid = client.post(reverse("orders_office:payout_mark_paid", args=[batch.pk]), follow=True)
    twice = client.post(reverse("orders_office:payout_mark_paid", args=[batch.pk]), follow=True)

    assert (listing.context["payable_count"], listing.context["payable_total"]) == (2, 350_000)
    assert created.status_code == 302
    assert created.url == reverse("orders_office:payout_detail", args=[batch.pk])
    assert detail.status_code == 200
    assert other_shop.name in detail.content.decode()  # listed as skipped
    assert "Hãy xuất file" in early.content.decode()
    assert download["Content-Type"] == "text/csv; charset=us-ascii"
    assert download["Content-Disposition"] == f'attachment; filename="{batch.reference}.csv"'
    assert f"OCOP {batch.reference} {shop.slug}" in download.content.decode()
    assert paid.status_code == 200
    assert "đã được chi trả" in twice.content.decode()
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID
    assert list(LedgerEntry.objects.filter(kind=Kind.PAYOUT).values_list("shop", "amount")) == [
        (shop.pk, -300_000)
    ]


def test_office_create_with_nothing_to_pay_shows_the_error(client, ocop_office, shop):
    client.force_login(ocop_office)

    response = client.post(reverse("orders_office:payout_create"), {"min_amount": "-5"})
    nothing = client.post(reverse("orders_office:payout_create"), {"min_amount": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["min_amount"]
    assert nothing.status_code == 400
    assert "Không có gian hàng nào" in nothing.content.decode()
    assert not PayoutBatch.objects.exists()


def test_office_cancel(client, ocop_office, batch):
    client.force_login(ocop_office)

    response = client.post(reverse("orders_office:payout_cancel", args=[batch.pk]))

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.CANCELLED


def test_office_missing_batch_is_404(client, ocop_office):
    client.force_login(ocop_office)
    assert client.get(reverse("orders_office:payout_detail", args=[999_999])).status_code == 404


def test_office_balances_and_adjustment(client, ocop_office, shop, other_shop):
    give_bank_details(shop)
    available_now(shop, 100_000)
    available_now(other_shop, 40_000)
    client.force_login(ocop_office)

    page = client.get(reverse("orders_office:balances"))
    adjusted = client.post(
        reverse("orders_office:ledger_adjust"),
        {"shop": other_shop.pk, "amount": "-15.000", "description": "Phí tem truy xuất"},
    )
    bad = client.post(
        reverse("orders_office:ledger_adjust"),
        {"shop": other_shop.pk, "amount": "0", "description": "x"},
    )

    assert page.status_code == 200
    rows = {s.pk: (s.balance_payable, s.bank_missing) for s in page.context["page"]}
    assert rows == {
        shop.pk: (100_000, []),
        other_shop.pk: (40_000, ["bank_bin", "bank_account_number", "bank_account_name"]),
    }
    assert page.context["totals"]["payable"] == 140_000
    assert adjusted.status_code == 302
    assert LedgerEntry.objects.filter(
        shop=other_shop, kind=Kind.ADJUSTMENT, amount=-15_000, actor=ocop_office
    ).exists()
    assert bad.status_code == 400
    assert bad.context["form"].errors["amount"]
    assert LedgerEntry.objects.count() == 3


def test_office_balances_query_count_does_not_grow(client, ocop_office, shop):
    client.force_login(ocop_office)
    available_now(shop, 1_000)

    def count() -> int:
        return get_counted(client, reverse("orders_office:balances"))[0]

    few = count()
    for _ in range(4):
        available_now(ShopFactory(), 1_000)
    assert count() == few


def test_office_batch_list_query_count_does_not_grow(client, ocop_office, shop):
    give_bank_details(shop)
    client.force_login(ocop_office)

    def new_batch() -> None:
        available_now(shop, 1_000)
        ledger.payout_batch_create(
            actor=ocop_office, now=timezone.now() - datetime.timedelta(seconds=1)
        )

    def count() -> int:
        return get_counted(client, reverse("orders_office:payout_list"))[0]

    new_batch()
    few = count()
    for _ in range(3):
        ledger.payout_batch_cancel(
            actor=ocop_office, batch=PayoutBatch.objects.filter(status="draft").get()
        )
        new_batch()
    assert count() == few
