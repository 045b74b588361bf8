"""The OCOP office's home (``/office/``, a 404 before): what needs doing today, each count
with a link to its queue; office only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from marketplace.models import Producer
from orders.models import BankTransaction, PaymentMethod
from tests.clock import local
from tests.factories.marketplace import ProducerFactory, make_certificate
from tests.factories.orders import placed_order
from tests.orders.builders import sellable
from tests.orders.ledger_helpers import available_now
from tests.shops.views.helpers import assert_login_redirect
from tests.support.actors import actor_for


def test_the_home_lists_what_needs_doing(clock, client, ocop_office, shop, other_shop):
    today = clock.set(local(2026, 11, 20, 9, 0)).date()
    ProducerFactory(name="HTX Chờ duyệt", status=Producer.Status.APPLIED)
    make_certificate(producer=shop.producer, product_name="Nước mắm", valid_until=today)
    make_certificate(
        producer=shop.producer,
        product_name="Khoai deo",
        valid_until=today + datetime.timedelta(days=200),
    )
    available_now(shop, 300_000)
    available_now(other_shop, 200_000)
    BankTransaction.objects.create(
        transaction_id="T1",
        amount=100_000,
        content="OCOP ???",
        transaction_at=clock.now(),
        needs_review=True,
    )
    variant = sellable(shop, stock=10)
    placed_order([(shop, [(variant, 3)])], payment_method=PaymentMethod.VIETQR)
    client.force_login(ocop_office)

    response = client.get(reverse("orders_office:home"))

    assert response.status_code == 200
    context = response.context
    assert [p.name for p in context["applications"]] == ["HTX Chờ duyệt"]
    assert [c.product_name for c in context["expiring"]] == ["Nước mắm"]
    assert (context["payable_count"], context["payable_total"]) == (2, 500_000)
    assert context["transfers_count"] == 1
    assert (context["holding_orders"], context["held_units"]) == (1, 3)
    content = response.content.decode()
    assert "500.000 ₫" in content
    assert reverse("shops_office:application_list") in content
    assert reverse("orders_office:bank_transactions") in content
    assert reverse("orders_office:stock_holds") in content


def test_the_office_link_in_the_header_goes_home(client, ocop_office):
    client.force_login(ocop_office)
    content = client.get(reverse("orders_office:payout_list")).content.decode()
    assert f'href="{reverse("orders_office:home")}"' in content


def test_anonymous_is_sent_to_sign_in(client, db):
    assert_login_redirect(client.get("/office/"), "/office/")


@pytest.mark.parametrize(
    "actor_name", ["customer", "owner", "shop_staff", "other_sale_point_clerk"]
)
def test_nobody_else_gets_in(request, client, actor_name):
    client.force_login(actor_for(request, actor_name))
    assert client.get("/office/").status_code == 403
