"""Saleor's account deletion through the API under the privacy rules
(marketplace.services_privacy): ``accountRequestDeletion`` sends no link while orders are
in progress, and ``accountDelete`` with a link sent earlier is refused the same way and
erases nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from marketplace.models import User
from marketplace.services_accounts import account_delete_tokens
from orders.models import Order
from tests.factories.orders import OrderFactory
from tests.marketplace.graphql.account_helpers import login
from tests.marketplace.graphql.test_account import DELETE, REQUEST_DELETION
from tests.support.graphql import gql

pytestmark = pytest.mark.django_db

IN_PROGRESS = "Bạn còn đơn hàng đang xử lý"


def test_no_deletion_link_while_an_order_is_in_progress(client, buyer):
    order = OrderFactory(user=buyer, email=buyer.email, status=Order.Status.UNFULFILLED)
    token = login(client, buyer.email)["token"]
    asked = gql(
        client,
        REQUEST_DELETION,
        {"redirectUrl": "http://localhost:3000/account/delete", "channel": "default-channel"},
        token=token,
    )["data"]["accountRequestDeletion"]
    [error] = asked["errors"]
    assert error["code"] == "INVALID"
    assert IN_PROGRESS in error["message"]
    assert order.number in error["message"]
    assert mail.outbox == []


def test_an_earlier_link_deletes_nothing_while_an_order_is_in_progress(client, buyer):
    token = login(client, buyer.email)["token"]
    link_token = account_delete_tokens.make_token(buyer)
    OrderFactory(user=buyer, email=buyer.email, status=Order.Status.UNCONFIRMED)
    answer = gql(client, DELETE, {"token": link_token}, token=token)["data"]["accountDelete"]
    assert answer["user"] is None
    assert [e["code"] for e in answer["errors"]] == ["INVALID"]
    buyer = User.objects.get(pk=buyer.pk)
    assert (buyer.email, buyer.is_active, buyer.erased_at) == ("buyer@example.vn", True, None)
