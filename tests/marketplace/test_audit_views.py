"""The office's audit log page ``/office/audit/`` and its CSV export: office only (every
other actor refused), filters by shop, actor, family, action and local dates, a bounded
page with the same number of queries for few or many entries, formulas escaped in the
export."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction
from django.urls import reverse

from marketplace import services_audit as audit
from marketplace.models import AuditAction, AuditEntry
from tests.clock import local
from tests.factories.marketplace import UserFactory
from tests.factories.shops import SalePointMembershipFactory
from tests.support.actors import actor_for
from tests.support.queries import get_counted

LIST = reverse("audit_list")
EXPORT = reverse("audit_export")


def entry(action: str, *, actor=None, shop=None, target=None, **values) -> AuditEntry:
    with transaction.atomic():
        return audit.record(action, actor=actor, shop=shop, target=target, **values)


def shown(response) -> list[int]:
    return [e.pk for e in response.context["page"]]


@pytest.mark.parametrize(
    "who", ["customer", "owner", "shop_staff", "other_owner", "other_sale_point_clerk"]
)
@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_only_the_office_reads_the_log(client, request, who, url, shop):
    client.force_login(actor_for(request, who))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_platform_admin_reads_the_log(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(LIST).status_code == 200


def test_filters(client, ocop_office, shop, other_shop, owner, clock):
    clock.set(local(2026, 11, 30, 23, 30))  # 30 Nov in Vietnam, 16:30 UTC
    refund = entry(AuditAction.ORDER_REFUND, actor=owner, shop=shop, after={"refund": 1})
    clock.set(local(2026, 12, 1, 0, 30))  # 1 Dec in Vietnam, still 30 Nov in UTC
    stock = entry(AuditAction.STOCK_ADJUST, actor=owner, shop=other_shop, after={"quantity": 1})
    grant = entry(AuditAction.MEMBERSHIP_GRANT, actor=ocop_office, shop=shop, after={"role": "x"})
    client.force_login(ocop_office)

    def listed(**params) -> list[int]:
        response = client.get(LIST, params)
        assert response.status_code == 200
        return shown(response)

    assert listed() == [grant.pk, stock.pk, refund.pk]
    assert listed(shop=str(shop.pk)) == [grant.pk, refund.pk]
    assert listed(shop=other_shop.name) == [stock.pk]
    assert listed(actor=str(owner.pk)) == [stock.pk, refund.pk]
    assert listed(actor=ocop_office.email) == [grant.pk]
    assert listed(family="money") == [refund.pk]
    assert listed(family="stock") == [stock.pk]
    assert listed(family="permissions") == [grant.pk]
    assert listed(action="stock.adjust") == [stock.pk]
    assert listed(date_from="2026-12-01") == [grant.pk, stock.pk]
    assert listed(date_to="2026-11-30") == [refund.pk]
    assert listed(date_from="not-a-date") == [grant.pk, stock.pk, refund.pk]  # ignored


def test_the_page_shows_who_what_and_from_where(client, ocop_office, shop):
    entry(
        AuditAction.LEDGER_ADJUST,
        actor=ocop_office,
        shop=shop,
        target_label="Phí tem <b>",
        after={"amount": -15_000},
    )
    client.force_login(ocop_office)

    html = client.get(LIST).content.decode()

    assert "Điều chỉnh số dư" in html
    assert ocop_office.email in html
    assert shop.name in html
    assert "-15000" in html
    assert "Phí tem &lt;b&gt;" in html  # escaped


def test_the_page_runs_the_same_queries_for_few_and_many_entries(client, ocop_office, shop):
    client.force_login(ocop_office)
    for _ in range(3):
        entry(AuditAction.STOCK_SET, actor=ocop_office, shop=shop, after={"quantity": 1})
    few, response = get_counted(client, LIST)
    assert len(shown(response)) == 3
    for _ in range(60):
        entry(AuditAction.STOCK_SET, actor=ocop_office, shop=shop, after={"quantity": 1})

    many, response = get_counted(client, LIST)

    assert len(shown(response)) == 50  # bounded page
    assert many == few
    second = client.get(LIST, {"page": 2, "family": "stock"})
    assert len(shown(second)) == 13
    assert "family=stock" in second.content.decode()


def test_the_export_escapes_formulas(client, ocop_office, shop):
    clerk = SalePointMembershipFactory().user
    entry(
        AuditAction.STOCK_ADJUST,
        actor=clerk,
        shop=shop,
        target_label='=HYPERLINK("http://evil.example","x")',
        after={"quantity": 3},
    )
    entry(AuditAction.ORDER_REFUND, actor=ocop_office, shop=shop, after={"refund": 1})
    client.force_login(ocop_office)

    response = client.get(EXPORT, {"family": "stock"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    assert header[0] == "Thời gian"
    assert len(rows) == 1
    assert rows[0][4] == "stock.adjust"
    assert rows[0][7] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0][9] == '{"quantity": 3}'


def test_the_page_in_english(client, ocop_office, shop):
    entry(AuditAction.STOCK_ADJUST, actor=ocop_office, shop=shop, after={"quantity": 3})
    client.force_login(ocop_office)

    html = client.get("/en" + LIST).content.decode()

    assert "Audit log" in html
    assert "Stock adjusted" in html
    assert "Nhật ký kiểm toán" not in html


# --- The shop's own entries in its dashboard -----------------------------------------------


def test_the_owner_sees_the_shops_entries_staff_their_own(
    client, shop, other_shop, owner, shop_staff, ocop_office
):
    by_office = entry(AuditAction.SHOP_BANK_DETAILS, actor=ocop_office, shop=shop, after={"x": 1})
    by_staff = entry(AuditAction.STOCK_ADJUST, actor=shop_staff, shop=shop, after={"quantity": 1})
    entry(AuditAction.STOCK_ADJUST, actor=owner, shop=other_shop, after={"quantity": 2})
    url = reverse("shops:audit", args=[shop.slug])

    client.force_login(owner)
    assert shown(client.get(url)) == [by_staff.pk, by_office.pk]
    assert shown(client.get(url, {"family": "money", "shop": other_shop.pk})) == [by_office.pk]
    client.force_login(shop_staff)
    assert shown(client.get(url)) == [by_staff.pk]


@pytest.mark.parametrize("who", ["customer", "other_owner", "other_sale_point_clerk"])
def test_no_one_else_sees_a_shops_entries(client, request, shop, who):
    client.force_login(actor_for(request, who))
    assert client.get(reverse("shops:audit", args=[shop.slug])).status_code == 404
