"""Accounts in the GraphQL API: tokens (claims, expiry, refresh loop, revocation, rate
limit), registration, password reset, ``me``, ``node(id: User)`` scoping and the
address book."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from graphql_relay import from_global_id, to_global_id

from marketplace.graphql import auth
from marketplace.models import AdministrativeUnit, User
from orders.models import Address
from tests.factories.marketplace import UserFactory
from tests.support.graphql import gql

pytestmark = pytest.mark.django_db

PASSWORD = "pass12345"

TOKEN_CREATE = """
mutation Login($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken csrfToken
    user { id email }
    errors { field message code }
    accountErrors { field code }
  }
}"""
TOKEN_REFRESH = """
mutation Refresh($refreshToken: String) {
  tokenRefresh(refreshToken: $refreshToken) { token user { email } errors { field code message } }
}"""
TOKEN_VERIFY = """
mutation Verify($token: String!) {
  tokenVerify(token: $token) { isValid payload user { email } errors { field code } }
}"""
ME = (
    "query { me { id email firstName lastName isStaff isActive isConfirmed languageCode dateJoined updatedAt "
    "metadata { key value } addresses { id } checkoutIds defaultShippingAddress { id } } }"
)
ADDRESS_FIELDS = (
    "id firstName lastName streetAddress1 city countryArea phone isDefaultShippingAddress"
)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def buyer(db):
    return UserFactory(username="buyer", email="buyer@example.vn", full_name="Nguyễn Văn An")


def login(client, email: str, password: str = PASSWORD, **extra) -> dict:
    return gql(client, TOKEN_CREATE, {"email": email, "password": password}, **extra)["data"][
        "tokenCreate"
    ]


def codes(payload: dict) -> list[str]:
    return [error["code"] for error in payload["errors"]]


def expired_access_token(user: User) -> str:
    now = timezone.now()
    payload = {
        "iat": int((now - timedelta(minutes=10)).timestamp()),
        "exp": int((now - timedelta(minutes=5)).timestamp()),
        "iss": "http://testserver/graphql/",
        "token": auth._user_secret(user),
        "email": user.email,
        "type": auth.ACCESS,
        "user_id": to_global_id("User", user.pk),
        "is_staff": False,
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=auth.ALGORITHM)


# --- tokens ---------------------------------------------------------------------------------


def test_token_create_issues_saleor_tokens(client, buyer):
    result = login(client, buyer.email.upper())  # e-mails are matched case-insensitively

    assert result["errors"] == []
    assert result["accountErrors"] == []
    assert result["user"] == {"id": to_global_id("User", buyer.pk), "email": buyer.email}
    assert result["csrfToken"]
    access = jwt.decode(result["token"], options={"verify_signature": False})
    refresh = jwt.decode(result["refreshToken"], options={"verify_signature": False})
    assert access["iss"] == "http://testserver/graphql/"
    assert access["email"] == buyer.email
    assert access["user_id"] == to_global_id("User", buyer.pk)
    assert access["type"] == "access"
    assert access["is_staff"] is False
    assert access["exp"] - access["iat"] == 5 * 60
    assert refresh["type"] == "refresh"
    assert refresh["exp"] - refresh["iat"] == 30 * 24 * 3600
    assert refresh["csrfToken"] == result["csrfToken"]
    buyer.refresh_from_db()
    assert buyer.last_login is not None


def test_token_create_with_audience(client, buyer):
    query = (
        'mutation { tokenCreate(email: "buyer@example.vn", password: "pass12345", audience: "pos") '
        "{ token errors { code } } }"
    )
    token = gql(client, query)["data"]["tokenCreate"]["token"]

    assert jwt.decode(token, options={"verify_signature": False})["aud"] == "custom:pos"
    me = gql(client, "{ me { email } }", token=token)
    assert me["data"]["me"]["email"] == buyer.email


@pytest.mark.parametrize(
    ("email", "password"), [("buyer@example.vn", "wrong-password"), ("nobody@example.vn", PASSWORD)]
)
def test_token_create_bad_credentials(client, buyer, email, password):
    result = login(client, email, password)

    assert result["token"] is None
    assert result["user"] is None
    assert result["errors"][0]["field"] == "email"
    assert codes(result) == ["INVALID_CREDENTIALS"]
    assert result["accountErrors"] == [{"field": "email", "code": "INVALID_CREDENTIALS"}]


def test_token_create_inactive_account(client, buyer):
    buyer.is_active = False
    buyer.save()

    assert codes(login(client, buyer.email)) == ["INACTIVE"]
    assert codes(login(client, buyer.email, "wrong-password")) == ["INVALID_CREDENTIALS"]


def test_token_create_rate_limit_per_email_and_address(client, buyer):
    for _ in range(5):
        assert codes(login(client, buyer.email, "wrong-password")) == ["INVALID_CREDENTIALS"]

    delayed = login(client, buyer.email)  # even the right password waits now
    assert codes(delayed) == ["LOGIN_ATTEMPT_DELAYED"]
    assert delayed["token"] is None
    assert "15" in delayed["errors"][0]["message"]
    # another client address is not held back, nor another account from this address
    assert login(client, buyer.email, REMOTE_ADDR="10.0.0.9")["token"]
    other = UserFactory(username="other", email="other@example.vn")
    assert login(client, other.email)["token"]

    later = timezone.now() + timedelta(minutes=16)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("marketplace.services_accounts.timezone.now", lambda: later)
        assert login(client, buyer.email)["token"]


def test_token_create_success_resets_the_failure_count(client, buyer):
    for _ in range(4):
        login(client, buyer.email, "wrong-password")
    assert login(client, buyer.email)["token"]
    for _ in range(4):
        login(client, buyer.email, "wrong-password")

    assert login(client, buyer.email)["token"]


def test_token_create_rate_limit_per_address(client, buyer):
    for n in range(30):
        login(client, f"guess{n}@example.vn", "wrong-password")

    assert codes(login(client, buyer.email)) == ["LOGIN_ATTEMPT_DELAYED"]


def test_forwarded_for_is_ignored_without_trusted_proxies(client, buyer):
    for n in range(5):
        login(client, buyer.email, "wrong-password", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}")

    assert codes(login(client, buyer.email, HTTP_X_FORWARDED_FOR="10.9.9.9")) == [
        "LOGIN_ATTEMPT_DELAYED"
    ]


def test_token_verify(client, buyer):
    tokens = login(client, buyer.email)

    result = gql(client, TOKEN_VERIFY, {"token": tokens["token"]})["data"]["tokenVerify"]
    assert result["isValid"] is True
    assert result["errors"] == []
    assert result["payload"]["email"] == buyer.email
    assert result["user"] == {"email": buyer.email}

    bad = gql(client, TOKEN_VERIFY, {"token": "not-a-token"})["data"]["tokenVerify"]
    assert bad["isValid"] is False
    assert bad["user"] is None
    assert bad["errors"] == [{"field": "token", "code": "JWT_DECODE_ERROR"}]

    expired = gql(client, TOKEN_VERIFY, {"token": expired_access_token(buyer)})["data"][
        "tokenVerify"
    ]
    assert expired["isValid"] is False
    assert codes(expired) == ["JWT_SIGNATURE_EXPIRED"]


def test_expired_access_token_then_refresh_loop(client, buyer):
    tokens = login(client, buyer.email)

    response = client.post(
        "/graphql/",
        {"query": "{ me { email } }"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {expired_access_token(buyer)}",
    )
    assert response.status_code == 401
    assert (
        response.json()["errors"][0]["extensions"]["exception"]["code"] == "JWT_SIGNATURE_EXPIRED"
    )
    assert response.json()["errors"][0]["message"] == "Signature has expired"

    refreshed = gql(client, TOKEN_REFRESH, {"refreshToken": tokens["refreshToken"]})["data"][
        "tokenRefresh"
    ]
    assert refreshed["errors"] == []
    assert refreshed["user"] == {"email": buyer.email}
    assert jwt.decode(refreshed["token"], options={"verify_signature": False})["type"] == "access"

    again = gql(client, "{ me { email } }", token=refreshed["token"])
    assert again == {"data": {"me": {"email": buyer.email}}}


def test_token_refresh_errors(client, buyer):
    tokens = login(client, buyer.email)

    def refresh(value):
        return gql(client, TOKEN_REFRESH, {"refreshToken": value})["data"]["tokenRefresh"]

    assert codes(refresh(None)) == ["JWT_MISSING_TOKEN"]
    assert codes(refresh(tokens["token"])) == [
        "JWT_INVALID_TOKEN"
    ]  # an access token is no refresh token
    assert codes(refresh("garbage")) == ["JWT_DECODE_ERROR"]
    assert refresh("garbage")["errors"][0]["field"] == "refreshToken"
    old = timezone.now() - timedelta(days=31)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("marketplace.graphql.auth.timezone.now", lambda: old)
        stale = login(client, buyer.email)["refreshToken"]
    assert codes(refresh(stale)) == ["JWT_SIGNATURE_EXPIRED"]


def test_tokens_deactivate_all_revokes_every_token(client, buyer):
    first, second = login(client, buyer.email), login(client, buyer.email)

    result = gql(
        client, "mutation { tokensDeactivateAll { errors { code } } }", token=first["token"]
    )
    assert result["data"]["tokensDeactivateAll"]["errors"] == []

    for tokens in (first, second):
        response = client.post(
            "/graphql/",
            {"query": "{ me { email } }"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {tokens['token']}",
        )
        assert response.status_code == 401
        assert (
            response.json()["errors"][0]["extensions"]["exception"]["code"] == "JWT_INVALID_TOKEN"
        )
        refreshed = gql(client, TOKEN_REFRESH, {"refreshToken": tokens["refreshToken"]})["data"][
            "tokenRefresh"
        ]
        assert codes(refreshed) == ["JWT_INVALID_TOKEN"]
        assert refreshed["token"] is None
    assert login(client, buyer.email)["token"]  # signing in again works


def test_tokens_deactivate_all_needs_a_user(client):
    result = gql(client, "mutation { tokensDeactivateAll { errors { code } } }")

    assert result["data"]["tokensDeactivateAll"] is None
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


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
    assert me["id"] == to_global_id("User", buyer.pk)
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
        "checkoutIds": [to_global_id("Checkout", str(checkout.token))],
        "checkoutTokens": [str(checkout.token)],
    }


NODE = "query($id: ID!) { node(id: $id) { id ... on User { email } } }"


def test_node_user_scoping(client, buyer, ocop_office):
    other = UserFactory(username="other", email="other@example.vn")
    buyer_id, other_id = to_global_id("User", buyer.pk), to_global_id("User", other.pk)
    token = login(client, buyer.email)["token"]

    assert gql(client, NODE, {"id": buyer_id}, token=token)["data"]["node"] == {
        "id": buyer_id,
        "email": buyer.email,
    }
    assert gql(client, NODE, {"id": other_id}, token=token)["data"]["node"] is None
    assert gql(client, NODE, {"id": other_id})["data"]["node"] is None
    office = login(client, ocop_office.email)["token"]
    assert gql(client, NODE, {"id": other_id}, token=office)["data"]["node"]["email"] == other.email


def test_user_query_is_for_the_office(client, buyer, ocop_office):
    query = "query($id: ID, $email: String) { user(id: $id, email: $email) { email } }"
    token = login(client, buyer.email)["token"]

    denied = gql(client, query, {"id": to_global_id("User", buyer.pk)}, token=token)
    assert denied["data"]["user"] is None
    assert denied["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    office = login(client, ocop_office.email)["token"]
    assert gql(client, query, {"email": buyer.email}, token=office)["data"]["user"] == {
        "email": buyer.email
    }


def _orders_types_ready() -> bool:
    try:
        module = importlib.import_module("orders.graphql.types")
    except ImportError:
        return False
    return hasattr(module, "OrderCountableConnection")


@pytest.mark.skipif(not _orders_types_ready(), reason="the orders GraphQL types are not there yet")
def test_me_orders_shows_only_own_orders(client, buyer):
    from tests.factories.orders import OrderFactory

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


# --- address book ---------------------------------------------------------------------------

ADDRESS_CREATE = f"""
mutation Create($input: AddressInput!, $type: AddressTypeEnum) {{
  accountAddressCreate(input: $input, type: $type) {{
    address {{ {ADDRESS_FIELDS} }}
    user {{ addresses {{ id }} defaultShippingAddress {{ id }} defaultBillingAddress {{ id }} }}
    errors {{ field code message addressType }}
  }}
}}"""


@pytest.fixture
def place(admin_units):
    province = AdministrativeUnit.objects.get(
        generation="current", level="province", name__contains="Quảng Trị"
    )
    communes = list(province.children.order_by("code")[:2])
    return province, communes


def address_input(place, **overrides) -> dict:
    province, communes = place
    data = {
        "firstName": "Văn An",
        "lastName": "Nguyễn",
        "streetAddress1": "12 Quang Trung",
        "city": communes[0].code,
        "countryArea": province.code,
        "country": "VN",
        "phone": "0912345678",
    }
    data.update(overrides)
    return data


def test_address_book_create_update_default_delete(client, buyer, place):
    token = login(client, buyer.email)["token"]
    province, communes = place

    first = gql(client, ADDRESS_CREATE, {"input": address_input(place)}, token=token)
    first = first["data"]["accountAddressCreate"]
    assert first["errors"] == []
    address = first["address"]
    assert address["streetAddress1"] == "12 Quang Trung"
    assert address["phone"] == "+84912345678"
    assert communes[0].name in address["city"]
    assert province.name in address["countryArea"]
    assert (address["firstName"], address["lastName"]) == ("Văn An", "Nguyễn")
    assert first["user"]["defaultShippingAddress"] == {
        "id": address["id"]
    }  # the first address is the default
    assert first["user"]["defaultBillingAddress"] == {"id": address["id"]}

    second = gql(
        client,
        ADDRESS_CREATE,
        {"input": address_input(place, city=communes[1].name.upper(), streetAddress1="5 Lê Lợi")},
        token=token,
    )["data"]["accountAddressCreate"]
    assert second["errors"] == []
    assert len(second["user"]["addresses"]) == 2
    assert second["user"]["defaultShippingAddress"] == {"id": address["id"]}

    update = """mutation($id: ID!, $input: AddressInput!) { accountAddressUpdate(id: $id, input: $input) {
        address { streetAddress1 city phone } errors { field code } } }"""
    updated = gql(
        client,
        update,
        {"id": address["id"], "input": {"streetAddress1": "99 Hùng Vương"}},
        token=token,
    )["data"]["accountAddressUpdate"]
    assert updated["errors"] == []
    assert updated["address"]["streetAddress1"] == "99 Hùng Vương"
    assert communes[0].name in updated["address"]["city"]
    assert updated["address"]["phone"] == "+84912345678"

    set_default = """mutation($id: ID!) { accountSetDefaultAddress(id: $id, type: SHIPPING) {
        user { defaultShippingAddress { id } } errors { code } } }"""
    result = gql(client, set_default, {"id": second["address"]["id"]}, token=token)
    assert result["data"]["accountSetDefaultAddress"]["user"]["defaultShippingAddress"] == {
        "id": second["address"]["id"]
    }
    assert Address.objects.filter(user=buyer, is_default=True).count() == 1

    delete = """mutation($id: ID!) { accountAddressDelete(id: $id) {
        address { id } user { addresses { id } } errors { code } } }"""
    deleted = gql(client, delete, {"id": address["id"]}, token=token)["data"][
        "accountAddressDelete"
    ]
    assert deleted["errors"] == []
    assert deleted["address"] == {"id": address["id"]}
    assert deleted["user"]["addresses"] == [{"id": second["address"]["id"]}]

    me = gql(client, "{ me { addresses { id isDefaultShippingAddress } } }", token=token)
    assert me["data"]["me"]["addresses"] == [
        {"id": second["address"]["id"], "isDefaultShippingAddress": True}
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"city": "Không Có Xã Này"}, "city"),
        ({"countryArea": "Atlantis"}, "countryArea"),
        ({"phone": "+12025550123"}, "phone"),
        ({"country": "US"}, "country"),
        ({"streetAddress1": ""}, "streetAddress1"),
    ],
)
def test_address_create_bad_input_saves_nothing(client, buyer, place, overrides, field):
    token = login(client, buyer.email)["token"]

    result = gql(
        client,
        ADDRESS_CREATE,
        {"input": address_input(place, **overrides), "type": "SHIPPING"},
        token=token,
    )["data"]["accountAddressCreate"]

    assert result["address"] is None
    assert field in {error["field"] for error in result["errors"]}
    assert {error["code"] for error in result["errors"]} <= {"INVALID", "REQUIRED"}
    assert all(error["message"] for error in result["errors"])
    assert result["errors"][0]["addressType"] == "SHIPPING"
    assert not Address.objects.filter(user=buyer).exists()


def test_address_book_of_someone_else_is_not_found(client, buyer, place):
    other = UserFactory(username="other", email="other@example.vn")
    token_other = login(client, other.email)["token"]
    theirs = gql(client, ADDRESS_CREATE, {"input": address_input(place)}, token=token_other)[
        "data"
    ]["accountAddressCreate"]["address"]["id"]
    token = login(client, buyer.email)["token"]

    update = gql(
        client,
        """mutation($id: ID!) { accountAddressUpdate(id: $id, input: {streetAddress1: "x"}) {
        address { id } errors { field code } } }""",
        {"id": theirs},
        token=token,
    )
    assert update["data"]["accountAddressUpdate"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND"}
    ]
    delete = gql(
        client,
        """mutation($id: ID!) { accountAddressDelete(id: $id) { errors { field code } } }""",
        {"id": theirs},
        token=token,
    )
    assert delete["data"]["accountAddressDelete"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND"}
    ]
    assert Address.objects.get(pk=from_global_id(theirs)[1]).street == "12 Quang Trung"
    assert (
        gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": theirs}, token=token)[
            "data"
        ]["node"]
        is None
    )


def test_address_mutations_need_a_user(client, place):
    result = gql(client, ADDRESS_CREATE, {"input": address_input(place)})

    assert result["data"]["accountAddressCreate"] is None
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_account_update(client, buyer, place):
    token = login(client, buyer.email)["token"]
    query = """mutation($input: AccountInput!) { accountUpdate(input: $input) {
        user { firstName lastName languageCode defaultShippingAddress { streetAddress1 } }
        errors { field code addressType } } }"""

    bad = gql(
        client,
        query,
        {
            "input": {
                "firstName": "Thị Bình",
                "defaultShippingAddress": address_input(place, city="Không Có Xã Này"),
            }
        },
        token=token,
    )["data"]["accountUpdate"]
    assert bad["errors"][0]["field"] == "city"
    assert bad["errors"][0]["addressType"] == "SHIPPING"
    buyer.refresh_from_db()
    assert buyer.first_name == ""
    assert not Address.objects.filter(user=buyer).exists()

    done = gql(
        client,
        query,
        {
            "input": {
                "firstName": "Thị Bình",
                "lastName": "Trần",
                "languageCode": "EN",
                "defaultShippingAddress": address_input(place),
            }
        },
        token=token,
    )["data"]["accountUpdate"]
    assert done["errors"] == []
    assert done["user"] == {
        "firstName": "Thị Bình",
        "lastName": "Trần",
        "languageCode": "EN",
        "defaultShippingAddress": {"streetAddress1": "12 Quang Trung"},
    }
    buyer.refresh_from_db()
    assert buyer.full_name == "Trần Thị Bình"
    assert buyer.language_code == "en"

    impersonating = gql(
        client,
        """mutation { accountUpdate(customerId: "VXNlcjox", input: {firstName: "X"}) {
        errors { code } } }""",
        token=token,
    )
    assert impersonating["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


# --- account deletion and confirmation ----------------------------------------------------------

REQUEST_DELETION = """
mutation AccountRequestDeletion($redirectUrl: String!, $channel: String) {
  accountRequestDeletion(redirectUrl: $redirectUrl, channel: $channel) { errors { field message code } }
}"""
DELETE = "mutation($token: String!) { accountDelete(token: $token) { user { email } errors { field code } } }"


def test_account_deletion_by_emailed_link(client, buyer, django_capture_on_commit_callbacks):
    from tests.factories.orders import OrderFactory

    order = OrderFactory(user=buyer, email=buyer.email)
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
    assert not User.objects.filter(pk=buyer.pk).exists()
    order.refresh_from_db()
    assert order.user_id is None
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
        token = login(client, user.email)["token"]
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


# --- documents as Saleor's storefront and auth SDK write them ------------------------------------

ADDRESS_DETAILS = """
fragment AddressDetails on Address {
  id firstName lastName companyName streetAddress1 streetAddress2 city cityArea postalCode countryArea
  country { code country }
  phone
}"""
USER_DETAILS = "fragment UserDetails on User { id email firstName lastName avatar { url alt } }"


def test_storefront_account_documents(client, buyer, place, django_capture_on_commit_callbacks):
    # @saleor/auth-sdk: sign in, refresh (no Authorization header), set password
    signed_in = gql(
        client,
        """mutation tokenCreate($email: String!, $password: String!) {
      tokenCreate(email: $email, password: $password) { token refreshToken errors { message field code } } }""",
        {"email": buyer.email, "password": PASSWORD},
    )["data"]["tokenCreate"]
    assert signed_in["errors"] == []
    refreshed = gql(
        client,
        """fragment AccountErrorFragment on AccountError { code field message }
      mutation refreshToken($refreshToken: String!) {
        tokenRefresh(refreshToken: $refreshToken) { token errors { ...AccountErrorFragment } } }""",
        {"refreshToken": signed_in["refreshToken"]},
    )["data"]["tokenRefresh"]
    token = refreshed["token"]
    assert token

    profile = gql(
        client,
        USER_DETAILS
        + ADDRESS_DETAILS
        + """
      query CurrentUserProfile { me { ...UserDetails dateJoined addresses { ...AddressDetails }
        defaultShippingAddress { id } defaultBillingAddress { id } } }""",
        token=token,
    )
    assert "errors" not in profile
    assert profile["data"]["me"]["avatar"] is None
    assert profile["data"]["me"]["addresses"] == []

    created = gql(
        client,
        ADDRESS_DETAILS
        + """
      mutation AccountAddressCreate($input: AddressInput!) { accountAddressCreate(input: $input) {
        address { ...AddressDetails } errors { field message code } } }""",
        {"input": address_input(place)},
        token=token,
    )["data"]["accountAddressCreate"]
    assert created["errors"] == []
    assert created["address"]["country"]["code"] == "VN"
    address_id = created["address"]["id"]
    updated = gql(
        client,
        ADDRESS_DETAILS
        + """
      mutation AccountAddressUpdate($id: ID!, $input: AddressInput!) { accountAddressUpdate(id: $id, input: $input) {
        address { ...AddressDetails } errors { field message code } } }""",
        {"id": address_id, "input": address_input(place, streetAddress1="7 Trần Hưng Đạo")},
        token=token,
    )["data"]["accountAddressUpdate"]
    assert updated["address"]["streetAddress1"] == "7 Trần Hưng Đạo"
    default = gql(
        client,
        """mutation AccountSetDefaultAddress($id: ID!, $type: AddressTypeEnum!) {
      accountSetDefaultAddress(id: $id, type: $type) { errors { field message code } } }""",
        {"id": address_id, "type": "BILLING"},
        token=token,
    )
    assert default["data"]["accountSetDefaultAddress"]["errors"] == []
    updated_user = gql(
        client,
        USER_DETAILS
        + """mutation AccountUpdate($input: AccountInput!) {
      accountUpdate(input: $input) { user { ...UserDetails } errors { field message code } } }""",
        {"input": {"firstName": "Văn Bình"}},
        token=token,
    )["data"]["accountUpdate"]
    assert updated_user["user"]["firstName"] == "Văn Bình"
    removed = gql(
        client,
        """mutation AccountAddressDelete($id: ID!) { accountAddressDelete(id: $id) {
      errors { field message code } } }""",
        {"id": address_id},
        token=token,
    )
    assert removed["data"]["accountAddressDelete"]["errors"] == []

    registered = gql(
        client,
        """mutation AccountRegister($input: AccountRegisterInput!) {
      accountRegister(input: $input) { user { id email } errors { field message code } } }""",
        {
            "input": {
                "email": "khach@example.vn",
                "password": "Quang-Binh-2025",
                "redirectUrl": "http://localhost:3000/confirm",
                "channel": "default-channel",
            }
        },
    )
    assert registered["data"]["accountRegister"]["errors"] == []
    with django_capture_on_commit_callbacks(execute=True):
        reset = gql(
            client,
            """mutation RequestPasswordReset($email: String!, $channel: String!, $redirectUrl: String!) {
          requestPasswordReset(email: $email, channel: $channel, redirectUrl: $redirectUrl) {
            errors { field message code } } }""",
            {
                "email": buyer.email,
                "channel": "default-channel",
                "redirectUrl": "http://localhost:3000/default-channel/reset-password",
            },
        )
    assert reset["data"]["requestPasswordReset"]["errors"] == []
    reset_token = parse_qs(
        urlsplit(re.search(r"http://localhost:3000\S+", mail.outbox[-1].body).group(0)).query
    )["token"][0]
    new_session = gql(
        client,
        """mutation passwordReset($email: String!, $password: String!, $token: String!) {
      setPassword(email: $email, password: $password, token: $token) {
        token refreshToken errors { message field code } } }""",
        {"email": buyer.email, "password": "Moi-Mat-Khau-9", "token": reset_token},
    )
    assert new_session["data"]["setPassword"]["errors"] == []
    changed = gql(
        client,
        """mutation PasswordChange($newPassword: String!, $oldPassword: String!) {
      passwordChange(newPassword: $newPassword, oldPassword: $oldPassword) { errors { field message code } } }""",
        {"newPassword": "Khac-Nua-2026", "oldPassword": "Moi-Mat-Khau-9"},
        token=new_session["data"]["setPassword"]["token"],
    )
    assert changed["data"]["passwordChange"]["errors"] == []


@pytest.mark.skipif(not _orders_types_ready(), reason="the orders GraphQL types are not there yet")
def test_me_orders_query_count_does_not_grow(client, buyer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.orders import OrderFactory, OrderLineFactory, ShopOrderFactory

    for _ in range(12):
        OrderLineFactory(shop_order=ShopOrderFactory(order=OrderFactory(user=buyer)))
    token = login(client, buyer.email)["token"]
    query = (
        "query($n: Int) { me { orders(first: $n) { totalCount edges { node { id number created "
        "lines { id quantity } } } } } }"
    )

    counts = []
    for first in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            result = gql(client, query, {"n": first}, token=token)
        assert "errors" not in result, result
        assert len(result["data"]["me"]["orders"]["edges"]) == first
        counts.append(len(queries))
    assert counts[0] == counts[1]
