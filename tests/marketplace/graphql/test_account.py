"""Accounts in the GraphQL API: registration, password reset and change, ``me``,
``node(id: User)`` scoping, account deletion and confirmation (tokens in test_auth_tokens.py,
the address book in test_address_book.py)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from graphql_relay import from_global_id

from marketplace.models import User
from orders.models import Order
from tests.factories.marketplace import UserFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, ShopOrderFactory
from tests.marketplace.graphql.account_helpers import (
    PASSWORD,
    TOKEN_VERIFY,
    codes,
    login,
)
from tests.support.graphql import gid, gql, token_for
from tests.support.queries import gql_counted

pytestmark = pytest.mark.django_db

ME = (
    "query { me { id email firstName lastName isStaff isActive isConfirmed languageCode dateJoined updatedAt "
    "metadata { key value } addresses { id } checkoutIds defaultShippingAddress { id } } }"
)


# --- registration -------------------------------------------------------------------------

REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    requiresConfirmation
    user { id email firstName lastName }
    errors { field code message }
    accountErrors { field code }
  }
}"""


def register(client, **values) -> dict:
    data = {
        "email": "moi@example.vn",
        "password": "Quang-Binh-2025",
        "firstName": "Văn An",
        "lastName": "Nguyễn",
        "languageCode": "EN_US",
        "channel": "default-channel",
        "redirectUrl": "http://localhost:3000/confirm",
        **values,
    }
    return gql(client, REGISTER, {"input": data})["data"]["accountRegister"]


def test_account_register_creates_a_customer(client):
    result = register(client, email="Moi@Example.vn")

    assert result["errors"] == []
    assert result["requiresConfirmation"] is False
    assert result["user"] == {
        "id": "",
        "email": "moi@example.vn",
        "firstName": "Văn An",
        "lastName": "Nguyễn",
    }
    user = User.objects.get(email="moi@example.vn")
    assert user.full_name == "Nguyễn Văn An"
    assert user.language_code == "en-us"
    assert not user.is_staff
    assert user.is_active
    tokens = login(client, "moi@example.vn", "Quang-Binh-2025")
    me = gql(client, "{ me { languageCode firstName } }", token=tokens["token"])
    assert me["data"]["me"] == {"languageCode": "EN_US", "firstName": "Văn An"}


def test_account_register_does_not_reveal_a_registered_email(
    client, buyer, django_capture_on_commit_callbacks
):
    fresh = register(client, email="someone-new@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        duplicate = register(client, email="BUYER@example.vn")
        register(client, email="buyer@example.vn")  # again: no second notice within 15 minutes

    assert duplicate["errors"] == []
    assert duplicate["user"]["id"] == ""
    assert fresh.keys() == duplicate.keys()
    assert User.objects.filter(email__iexact="buyer@example.vn").count() == 1
    buyer.refresh_from_db()
    assert buyer.check_password(PASSWORD)  # the account is untouched
    assert [m.to for m in mail.outbox] == [["buyer@example.vn"]]
    assert "đã có tài khoản" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("12345678", {"PASSWORD_TOO_COMMON"}),
        ("Ab1", {"PASSWORD_TOO_SHORT"}),
        ("moi@example.vn", {"PASSWORD_TOO_SIMILAR"}),
    ],
)
def test_account_register_weak_password(client, password, expected):
    result = register(client, password=password)

    assert set(codes(result)) >= expected
    assert {error["field"] for error in result["errors"]} == {"password"}
    assert result["accountErrors"]
    assert all(" / " in error["message"] for error in result["errors"])  # Vietnamese / English
    assert not User.objects.filter(email="moi@example.vn").exists()


def test_account_register_bad_email(client):
    result = register(client, email="not-an-email")

    assert result["errors"][0]["field"] == "email"
    assert codes(result) == ["INVALID"]
    assert " / " in result["errors"][0]["message"]  # Vietnamese / English


# --- password reset and change ----------------------------------------------------------------

RESET = """
mutation Reset($email: String!, $redirectUrl: String!) {
  requestPasswordReset(email: $email, redirectUrl: $redirectUrl, channel: "default-channel") {
    errors { field code message }
  }
}"""
SET_PASSWORD = """
mutation SetPassword($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) {
    token refreshToken csrfToken user { email } errors { field code }
  }
}"""


def request_reset(
    client, email, redirect="http://localhost:3000/reset-password?lang=vi", capture=None
):
    return gql(client, RESET, {"email": email, "redirectUrl": redirect})["data"][
        "requestPasswordReset"
    ]


def test_password_reset_by_email_then_set_password(
    client, buyer, django_capture_on_commit_callbacks
):
    old = login(client, buyer.email)
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reset(client, buyer.email)["errors"] == []

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [buyer.email]
    link = re.search(r"http://localhost:3000/reset-password\S+", mail.outbox[0].body).group(0)
    query = parse_qs(urlsplit(link).query)
    assert query["email"] == [buyer.email]
    assert query["lang"] == ["vi"]
    token = query["token"][0]

    weak = gql(client, SET_PASSWORD, {"email": buyer.email, "token": token, "password": "123"})
    assert "PASSWORD_TOO_SHORT" in codes(weak["data"]["setPassword"])

    result = gql(
        client, SET_PASSWORD, {"email": buyer.email, "token": token, "password": "Moi-Mat-Khau-9"}
    )
    result = result["data"]["setPassword"]
    assert result["errors"] == []
    assert result["user"] == {"email": buyer.email}
    assert result["token"]
    assert result["refreshToken"]
    assert result["csrfToken"]
    assert (
        gql(client, "{ me { email } }", token=result["token"])["data"]["me"]["email"] == buyer.email
    )
    assert login(client, buyer.email, "Moi-Mat-Khau-9")["token"]
    # the old session is over and the link worked once
    stale = client.post(
        "/graphql/",
        {"query": "{ me { email } }"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {old['token']}",
    )
    assert stale.status_code == 401
    again = gql(
        client, SET_PASSWORD, {"email": buyer.email, "token": token, "password": "Khac-Nua-123"}
    )
    assert again["data"]["setPassword"]["errors"] == [{"field": "token", "code": "INVALID"}]


def test_password_reset_does_not_reveal_unknown_emails(
    client, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reset(client, "nobody@example.vn")["errors"] == []
        assert request_reset(client, buyer.email)["errors"] == []
        assert (
            request_reset(client, buyer.email)["errors"] == []
        )  # within 15 minutes: no second e-mail

    assert [m.to for m in mail.outbox] == [[buyer.email]]


def test_password_reset_refuses_foreign_redirect_hosts(
    client, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = request_reset(client, buyer.email, redirect="https://evil.example.com/reset")

    assert result["errors"][0]["field"] == "redirectUrl"
    assert codes(result) == ["INVALID"]
    assert mail.outbox == []


def test_set_password_bad_token(client, buyer):
    result = gql(
        client,
        SET_PASSWORD,
        {"email": buyer.email, "token": "abc-def", "password": "Moi-Mat-Khau-9"},
    )

    assert result["data"]["setPassword"]["errors"] == [{"field": "token", "code": "INVALID"}]
    assert result["data"]["setPassword"]["token"] is None
    unknown = gql(
        client,
        SET_PASSWORD,
        {"email": "nobody@example.vn", "token": "abc-def", "password": "Moi-Mat-9x"},
    )
    assert (
        unknown["data"]["setPassword"] == result["data"]["setPassword"]
    )  # no hint that the e-mail is unknown


def test_password_change(client, buyer):
    tokens = login(client, buyer.email)
    query = (
        "mutation($old: String, $new: String!) { passwordChange(oldPassword: $old, newPassword: $new) "
        "{ user { email } errors { field code } } }"
    )

    wrong = gql(client, query, {"old": "nope", "new": "Moi-Mat-Khau-9"}, token=tokens["token"])
    assert wrong["data"]["passwordChange"]["errors"] == [
        {"field": "oldPassword", "code": "INVALID_PASSWORD"}
    ]
    weak = gql(client, query, {"old": PASSWORD, "new": "12345678"}, token=tokens["token"])
    assert {e["field"] for e in weak["data"]["passwordChange"]["errors"]} == {"newPassword"}

    done = gql(client, query, {"old": PASSWORD, "new": "Moi-Mat-Khau-9"}, token=tokens["token"])
    assert done["data"]["passwordChange"] == {"user": {"email": buyer.email}, "errors": []}
    assert login(client, buyer.email, "Moi-Mat-Khau-9")["token"]
    assert (
        gql(client, TOKEN_VERIFY, {"token": tokens["token"]})["data"]["tokenVerify"]["isValid"]
        is False
    )

    anonymous = gql(client, query, {"old": PASSWORD, "new": "Moi-Mat-Khau-9"})
    assert anonymous["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


# --- me, user, node ----------------------------------------------------------------------------


def test_me_anonymous_is_null_without_errors(client):
    assert gql(client, ME) == {"data": {"me": None}}


def test_me_customer(client, buyer):
    token = login(client, buyer.email)["token"]

    me = gql(client, ME, token=token)
    assert "errors" not in me
    me = me["data"]["me"]
    assert me["id"] == gid("User", buyer.pk)
    assert me["email"] == buyer.email
    assert (me["firstName"], me["lastName"]) == (
        "Văn An",
        "Nguyễn",
    )  # from the Vietnamese full name
    assert me["isStaff"] is False
    assert me["isActive"] is True
    assert me["isConfirmed"] is True
    assert me["languageCode"] == "VI"
    assert me["dateJoined"]
    assert me["updatedAt"]
    assert me["metadata"] == []
    assert me["addresses"] == []
    assert me["checkoutIds"] == []
    assert me["defaultShippingAddress"] is None


def test_me_checkout_ids(client, buyer):
    from orders.models import Checkout

    checkout = Checkout.objects.create(user=buyer)
    Checkout.objects.create()  # someone else's cart

    me = gql(
        client, "{ me { checkoutIds checkoutTokens } }", token=login(client, buyer.email)["token"]
    )
    assert me["data"]["me"] == {
        "checkoutIds": [gid("Checkout", str(checkout.token))],
        "checkoutTokens": [str(checkout.token)],
    }


NODE = "query($id: ID!) { node(id: $id) { id ... on User { email } } }"


def test_node_user_scoping(client, buyer, ocop_office):
    other = UserFactory(username="other", email="other@example.vn")
    buyer_id, other_id = gid("User", buyer.pk), gid("User", other.pk)
    token = login(client, buyer.email)["token"]

    assert gql(client, NODE, {"id": buyer_id}, token=token)["data"]["node"] == {
        "id": buyer_id,
        "email": buyer.email,
    }
    assert gql(client, NODE, {"id": other_id}, token=token)["data"]["node"] is None
    assert gql(client, NODE, {"id": other_id})["data"]["node"] is None
    office = token_for(
        ocop_office
    )  # the office signs in with a second factor (test_two_factor_api)
    assert gql(client, NODE, {"id": other_id}, token=office)["data"]["node"]["email"] == other.email


def test_user_query_is_for_the_office(client, buyer, ocop_office):
    query = "query($id: ID, $email: String) { user(id: $id, email: $email) { email } }"
    token = login(client, buyer.email)["token"]

    denied = gql(client, query, {"id": gid("User", buyer.pk)}, token=token)
    assert denied["data"]["user"] is None
    assert denied["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    office = token_for(
        ocop_office
    )  # the office signs in with a second factor (test_two_factor_api)
    assert gql(client, query, {"email": buyer.email}, token=office)["data"]["user"] == {
        "email": buyer.email
    }


def test_me_orders_shows_only_own_orders(client, buyer):
    mine = [OrderFactory(user=buyer), OrderFactory(user=buyer)]
    OrderFactory(user=UserFactory(username="other"))
    OrderFactory()

    result = gql(
        client,
        "{ me { orders(first: 10) { totalCount edges { node { id } } } } }",
        token=login(client, buyer.email)["token"],
    )
    orders = result["data"]["me"]["orders"]
    assert orders["totalCount"] == 2
    assert len(orders["edges"]) == 2
    own = {str(o.pk) for o in mine} | {str(o.token) for o in mine}
    assert {from_global_id(edge["node"]["id"])[1] for edge in orders["edges"]} <= own


def test_me_orders_query_count_does_not_grow(client, buyer):
    for _ in range(12):
        OrderLineFactory(shop_order=ShopOrderFactory(order=OrderFactory(user=buyer)))
    token = login(client, buyer.email)["token"]
    query = (
        "query($n: Int) { me { orders(first: $n) { totalCount edges { node { id number created "
        "lines { id quantity } } } } } }"
    )

    counts = []
    for first in (2, 12):
        count, result = gql_counted(client, query, {"n": first}, token=token)
        assert "errors" not in result, result
        assert len(result["data"]["me"]["orders"]["edges"]) == first
        counts.append(count)
    assert counts[0] == counts[1]


# --- account deletion and confirmation ----------------------------------------------------------

REQUEST_DELETION = """
mutation AccountRequestDeletion($redirectUrl: String!, $channel: String) {
  accountRequestDeletion(redirectUrl: $redirectUrl, channel: $channel) { errors { field message code } }
}"""
DELETE = "mutation($token: String!) { accountDelete(token: $token) { user { email } errors { field code } } }"


def test_account_deletion_by_emailed_link(client, buyer, django_capture_on_commit_callbacks):
    order = OrderFactory(user=buyer, email=buyer.email, status=Order.Status.COMPLETED)
    token = login(client, buyer.email)["token"]
    with django_capture_on_commit_callbacks(execute=True):
        asked = gql(
            client,
            REQUEST_DELETION,
            {"redirectUrl": "http://localhost:3000/account/delete", "channel": "default-channel"},
            token=token,
        )
    assert asked["data"]["accountRequestDeletion"]["errors"] == []
    link = re.search(r"http://localhost:3000/account/delete\S+", mail.outbox[0].body).group(0)
    delete_token = parse_qs(urlsplit(link).query)["token"][0]

    wrong = gql(client, DELETE, {"token": "1-abc"}, token=token)["data"]["accountDelete"]
    assert wrong["errors"] == [{"field": "token", "code": "INVALID"}]
    reset_token = default_token_generator.make_token(
        buyer
    )  # a password reset token deletes nothing
    assert gql(client, DELETE, {"token": reset_token}, token=token)["data"]["accountDelete"][
        "errors"
    ]

    done = gql(client, DELETE, {"token": delete_token}, token=token)["data"]["accountDelete"]
    assert done == {"user": {"email": buyer.email}, "errors": []}
    # erased, not deleted (marketplace.services_privacy): a tombstone that cannot sign in
    erased = User.objects.get(pk=buyer.pk)
    assert (erased.email, erased.full_name, erased.is_active) == (
        f"deleted-{buyer.pk}@erased.invalid",
        "",
        False,
    )
    assert not erased.has_usable_password()
    order.refresh_from_db()
    assert order.user_id == buyer.pk  # kept for accounting; the retention job erases it later
    assert order.email == buyer.email
    gone = client.post(
        "/graphql/",
        {"query": "{ me { email } }"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert gone.status_code == 401


def test_account_deletion_is_for_customers(client, ocop_office, django_capture_on_commit_callbacks):
    from marketplace.services_accounts import account_delete_tokens
    from shops.models import ShopMembership
    from tests.factories.shops import ShopFactory

    producer = UserFactory(username="producer", email="producer@example.vn")
    ShopMembership.objects.create(user=producer, shop=ShopFactory(), role=ShopMembership.Role.OWNER)
    for user in (producer, ocop_office):
        token = token_for(user)  # the office signs in with a second factor (test_two_factor_api)
        with django_capture_on_commit_callbacks(execute=True):
            asked = gql(
                client,
                REQUEST_DELETION,
                {"redirectUrl": "http://localhost:3000/delete"},
                token=token,
            )
        assert codes(asked["data"]["accountRequestDeletion"]) == ["DELETE_STAFF_ACCOUNT"]
        user.refresh_from_db()  # the token depends on the last sign-in
        deleted = gql(
            client, DELETE, {"token": account_delete_tokens.make_token(user)}, token=token
        )
        assert codes(deleted["data"]["accountDelete"]) == ["DELETE_STAFF_ACCOUNT"]
        assert User.objects.filter(pk=user.pk).exists()
    assert mail.outbox == []
    anonymous = gql(client, REQUEST_DELETION, {"redirectUrl": "http://localhost:3000/delete"})
    assert anonymous["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_confirm_account(client, buyer):
    from marketplace.services_accounts import account_confirm_tokens

    query = """mutation($email: String!, $token: String!) { confirmAccount(email: $email, token: $token) {
        user { email isConfirmed isActive } errors { field code } } }"""

    bad = gql(client, query, {"email": buyer.email, "token": "1-abc"})["data"]["confirmAccount"]
    assert bad == {"user": None, "errors": [{"field": "token", "code": "INVALID"}]}
    unknown = gql(client, query, {"email": "nobody@example.vn", "token": "1-abc"})["data"][
        "confirmAccount"
    ]
    assert unknown == bad  # nothing tells whether the e-mail has an account
    good = gql(
        client, query, {"email": buyer.email, "token": account_confirm_tokens.make_token(buyer)}
    )
    assert good["data"]["confirmAccount"] == {
        "user": {"email": buyer.email, "isConfirmed": True, "isActive": True},
        "errors": [],
    }
