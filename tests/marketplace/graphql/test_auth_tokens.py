"""Tokens in the GraphQL API: claims, expiry, the refresh loop, revocation and the sign-in
rate limit."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.graphql import auth
from marketplace.models import User
from tests.factories.marketplace import UserFactory
from tests.marketplace.graphql.account_helpers import (
    PASSWORD,
    TOKEN_VERIFY,
    codes,
    login,
)
from tests.support.graphql import gid, gql

pytestmark = pytest.mark.django_db

TOKEN_REFRESH = """
mutation Refresh($refreshToken: String) {
  tokenRefresh(refreshToken: $refreshToken) { token user { email } errors { field code message } }
}"""


def expired_access_token(user: User) -> str:
    now = timezone.now()
    payload = {
        "iat": int((now - timedelta(minutes=10)).timestamp()),
        "exp": int((now - timedelta(minutes=5)).timestamp()),
        "iss": "http://testserver/graphql/",
        "token": user.jwt_token_key,
        "email": user.email,
        "type": auth.ACCESS,
        "user_id": gid("User", user.pk),
        "is_staff": False,
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=auth.ALGORITHM)


# --- tokens ---------------------------------------------------------------------------------


def test_token_create_issues_saleor_tokens(client, buyer):
    result = login(client, buyer.email.upper())  # e-mails are matched case-insensitively

    assert result["errors"] == []
    assert result["accountErrors"] == []
    assert result["user"] == {"id": gid("User", buyer.pk), "email": buyer.email}
    assert result["csrfToken"]
    access = jwt.decode(result["token"], options={"verify_signature": False})
    refresh = jwt.decode(result["refreshToken"], options={"verify_signature": False})
    assert access["iss"] == "http://testserver/graphql/"
    assert access["email"] == buyer.email
    assert access["user_id"] == gid("User", buyer.pk)
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
