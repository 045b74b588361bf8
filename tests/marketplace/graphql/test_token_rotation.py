"""Tokens without password material, and refresh-token rotation with reuse detection
(docs/security.md, "Tokens"): a client that selects ``refreshToken`` on ``tokenRefresh``
gets a new one each time; the spent one works once more within the grace window; a reuse
after it revokes the whole sign-in. Saleor's auth SDK, which only reads ``token``, keeps its
refresh token. Password changes, sign-out everywhere and deactivation kill every token."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm

from marketplace.admin import RevokingPasswordChangeForm
from marketplace.graphql import auth
from marketplace.models import RefreshTokenRecord
from marketplace.tasks import purge_expired_refresh_tokens
from tests.marketplace.graphql.account_helpers import PASSWORD, TOKEN_VERIFY, codes, login
from tests.support.graphql import gql

pytestmark = pytest.mark.django_db

ROTATE = """
mutation Refresh($refreshToken: String) {
  tokenRefresh(refreshToken: $refreshToken) {
    token refreshToken user { email } errors { field code message }
  }
}"""
# Saleor's auth SDK (@saleor/auth-sdk): reads only the access token
SALEOR_SDK_REFRESH = """
mutation refreshToken($refreshToken: String!) {
  tokenRefresh(refreshToken: $refreshToken) { token errors { message code field } }
}"""
ROTATE_WITH_FRAGMENT = """
fragment Tokens on RefreshToken { token refreshToken }
mutation Refresh($refreshToken: String) {
  tokenRefresh(refreshToken: $refreshToken) { ...Tokens errors { field code } }
}"""
COOKIE_REFRESH = """
mutation Refresh($csrfToken: String) {
  tokenRefresh(csrfToken: $csrfToken) { token refreshToken errors { field code } }
}"""
ME = "{ me { email } }"


def refresh(client, token: str, document: str = ROTATE) -> dict:
    return gql(client, document, {"refreshToken": token})["data"]["tokenRefresh"]


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


# --- no password material ----------------------------------------------------------------------


def test_tokens_carry_the_random_token_key_and_nothing_of_the_password_hash(client, buyer):
    tokens = login(client, buyer.email)
    buyer.refresh_from_db()
    password_hash = buyer.password

    for token in (tokens["token"], tokens["refreshToken"]):
        payload = claims(token)
        assert payload["token"] == buyer.jwt_token_key
        for value in payload.values():
            # not even the tail the old code appended (its last 8 characters)
            assert password_hash[-8:] not in str(value)
            assert password_hash.split("$")[-1][:8] not in str(value)


def test_refresh_tokens_are_stored_hashed_in_one_family_per_sign_in(client, buyer):
    first = claims(login(client, buyer.email)["refreshToken"])
    second = claims(login(client, buyer.email)["refreshToken"])

    records = list(RefreshTokenRecord.objects.filter(user=buyer))
    assert len(records) == 2
    assert first["family"] != second["family"]
    stored = {record.token_hash for record in records}
    assert first["jti"] not in stored
    assert second["jti"] not in stored
    assert all(len(value) == 64 for value in stored)


# --- rotation ------------------------------------------------------------------------------------


def test_refresh_rotates_when_the_client_asks_for_the_new_token(client, buyer):
    old = login(client, buyer.email)["refreshToken"]

    answer = refresh(client, old)

    assert answer["errors"] == []
    new = answer["refreshToken"]
    assert new
    assert new != old
    assert claims(new)["family"] == claims(old)["family"]
    assert claims(new)["csrfToken"] == claims(old)["csrfToken"]
    assert gql(client, ME, token=answer["token"])["data"]["me"] == {"email": buyer.email}
    third = refresh(client, new)
    assert third["errors"] == []
    assert third["refreshToken"] not in (old, new)


def test_rotation_through_a_fragment(client, buyer):
    old = login(client, buyer.email)["refreshToken"]

    answer = refresh(client, old, ROTATE_WITH_FRAGMENT)

    assert answer["refreshToken"]
    assert answer["refreshToken"] != old


def test_a_spent_token_works_once_within_the_grace_window(client, buyer, clock):
    old = login(client, buyer.email)["refreshToken"]
    new = refresh(client, old)["refreshToken"]

    clock.advance(timedelta(seconds=20))  # a second tab refreshed with the same token
    sibling = refresh(client, old)
    assert sibling["errors"] == []
    assert sibling["token"]

    again = refresh(client, old)  # a third use is a reuse
    assert codes(again) == ["JWT_INVALID_TOKEN"]
    assert again["errors"][0]["field"] == "refreshToken"
    assert codes(refresh(client, new)) == ["JWT_INVALID_TOKEN"]
    assert codes(refresh(client, sibling["refreshToken"])) == ["JWT_INVALID_TOKEN"]


def test_reuse_after_the_grace_window_revokes_the_family(client, buyer, clock):
    old = login(client, buyer.email)["refreshToken"]
    other_sign_in = login(client, buyer.email)["refreshToken"]
    new = refresh(client, old)["refreshToken"]

    clock.advance(timedelta(seconds=31))
    reused = refresh(client, old)

    assert codes(reused) == ["JWT_INVALID_TOKEN"]
    assert reused["token"] is None
    assert codes(refresh(client, new)) == ["JWT_INVALID_TOKEN"]  # the thief's copy dies too
    family = claims(old)["family"]
    assert not RefreshTokenRecord.objects.filter(family=family, revoked_at__isnull=True).exists()
    # another sign-in (another device) is not touched
    assert refresh(client, other_sign_in)["errors"] == []


def test_grace_window_is_a_setting(client, buyer, clock, settings):
    settings.JWT_REFRESH_GRACE_SECONDS = 60
    old = login(client, buyer.email)["refreshToken"]
    refresh(client, old)

    clock.advance(timedelta(seconds=50))

    assert refresh(client, old)["errors"] == []


def test_saleor_auth_sdk_keeps_its_refresh_token(client, buyer, clock):
    """Saleor's SDK stores the refresh token of ``tokenCreate`` and never reads a new one:
    it is not rotated for it, so its next refreshes keep working."""
    stored = login(client, buyer.email)["refreshToken"]

    for _ in range(3):
        answer = refresh(client, stored, SALEOR_SDK_REFRESH)
        assert answer["errors"] == []
        assert answer["token"]
        clock.advance(timedelta(minutes=5))

    assert RefreshTokenRecord.objects.get(user=buyer).used_at is None


def test_tokens_issued_before_rotation_existed_are_refused(client, buyer, rf):
    legacy = auth.create_token(buyer, auth.REFRESH, rf.get("/"), {"csrfToken": "x"})

    assert codes(refresh(client, legacy)) == ["JWT_INVALID_TOKEN"]


def test_an_expired_refresh_token_is_refused(client, buyer, clock):
    token = login(client, buyer.email)["refreshToken"]

    clock.advance(timedelta(days=31))

    assert codes(refresh(client, token)) == ["JWT_SIGNATURE_EXPIRED"]


# --- Saleor's refresh-token cookie ------------------------------------------------------------------


def test_cookie_refresh_needs_the_csrf_token_and_rotates_the_cookie(client, buyer, clock):
    tokens = login(client, buyer.email)
    client.cookies["refreshToken"] = tokens["refreshToken"]

    missing = gql(client, COOKIE_REFRESH, {})["data"]["tokenRefresh"]
    assert codes(missing) == ["JWT_INVALID_CSRF_TOKEN"]
    wrong = gql(client, COOKIE_REFRESH, {"csrfToken": "nope"})["data"]["tokenRefresh"]
    assert codes(wrong) == ["JWT_INVALID_CSRF_TOKEN"]

    response = client.post(
        "/graphql/",
        {"query": COOKIE_REFRESH, "variables": {"csrfToken": tokens["csrfToken"]}},
        content_type="application/json",
    )
    answer = response.json()["data"]["tokenRefresh"]
    assert answer["errors"] == []
    assert answer["token"]
    assert answer["refreshToken"] is None  # it is in the cookie, out of scripts' reach
    cookie = response.cookies["refreshToken"]
    assert cookie.value not in ("", tokens["refreshToken"])
    assert cookie["httponly"]
    assert claims(cookie.value)["family"] == claims(tokens["refreshToken"])["family"]

    clock.advance(timedelta(minutes=1))
    client.cookies["refreshToken"] = tokens["refreshToken"]  # the stolen, spent cookie
    reused = gql(client, COOKIE_REFRESH, {"csrfToken": tokens["csrfToken"]})["data"]
    assert codes(reused["tokenRefresh"]) == ["JWT_INVALID_TOKEN"]
    assert codes(refresh(client, cookie.value)) == ["JWT_INVALID_TOKEN"]


def test_missing_refresh_token(client):
    assert codes(gql(client, COOKIE_REFRESH, {})["data"]["tokenRefresh"]) == ["JWT_MISSING_TOKEN"]


# --- everything dies with the password, sign-out everywhere and deactivation ----------------------


PASSWORD_CHANGE = """
mutation Change($old: String!, $new: String!) {
  passwordChange(oldPassword: $old, newPassword: $new) { errors { field code } }
}"""


def _both_dead(client, tokens: dict) -> None:
    assert (
        client.post(
            "/graphql/",
            {"query": ME},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {tokens['token']}",
        ).status_code
        == 401
    )
    assert codes(refresh(client, tokens["refreshToken"])) == ["JWT_INVALID_TOKEN"]


def test_password_change_kills_access_and_refresh_tokens(client, buyer):
    tokens = login(client, buyer.email)
    rotated = refresh(client, tokens["refreshToken"])

    changed = gql(
        client, PASSWORD_CHANGE, {"old": PASSWORD, "new": "Quang-Binh-2026!"}, token=tokens["token"]
    )

    assert changed["data"]["passwordChange"]["errors"] == []
    _both_dead(client, tokens)
    _both_dead(client, rotated)
    assert login(client, buyer.email, "Quang-Binh-2026!")["token"]


def test_sign_out_everywhere_kills_refresh_tokens(client, buyer):
    tokens = login(client, buyer.email)

    out = gql(client, "mutation { tokensDeactivateAll { errors { code } } }", token=tokens["token"])

    assert out["data"]["tokensDeactivateAll"]["errors"] == []
    _both_dead(client, tokens)


def test_deactivation_in_the_admin_kills_tokens_for_good(client, buyer, ocop_office, admin_user):
    tokens = login(client, buyer.email)
    admin = client.__class__()
    admin.force_login(admin_user)
    url = f"/admin/marketplace/user/{buyer.pk}/change/"
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "is_active": "",
            "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
            "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"),
            "groups": [],
            "user_permissions": [],
        }
    )
    data = {k: v for k, v in data.items() if k not in ("last_login", "date_joined")}

    response = admin.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    buyer.refresh_from_db()
    assert buyer.is_active is False
    buyer.is_active = True  # reactivated later: the old tokens stay dead
    buyer.save(update_fields=["is_active"])
    _both_dead(client, tokens)


def test_admin_password_change_kills_tokens(client, buyer):
    tokens = login(client, buyer.email)
    assert issubclass(RevokingPasswordChangeForm, AdminPasswordChangeForm)

    form = RevokingPasswordChangeForm(
        buyer, {"password1": "Quang-Binh-2026!", "password2": "Quang-Binh-2026!"}
    )
    assert form.is_valid(), form.errors
    form.save()

    _both_dead(client, tokens)


def test_token_verify_still_works(client, buyer):
    tokens = login(client, buyer.email)
    rotated = refresh(client, tokens["refreshToken"])

    for token in (tokens["token"], rotated["token"], rotated["refreshToken"]):
        verified = gql(client, TOKEN_VERIFY, {"token": token})["data"]["tokenVerify"]
        assert verified["isValid"] is True
        assert verified["user"] == {"email": buyer.email}


def test_token_verify_refuses_a_revoked_refresh_token(client, buyer, clock):
    tokens = login(client, buyer.email)
    refresh(client, tokens["refreshToken"])
    clock.advance(timedelta(minutes=1))
    refresh(client, tokens["refreshToken"])  # reuse: the family is revoked

    verified = gql(client, TOKEN_VERIFY, {"token": tokens["refreshToken"]})["data"]["tokenVerify"]

    assert verified["isValid"] is False
    assert codes(verified) == ["JWT_INVALID_TOKEN"]


def test_expired_refresh_token_records_are_purged(client, buyer, clock):
    login(client, buyer.email)
    clock.advance(timedelta(days=30, hours=1))
    assert purge_expired_refresh_tokens() == 0  # expired, but within the day of margin
    login(client, buyer.email)

    clock.advance(timedelta(days=1))

    assert purge_expired_refresh_tokens() == 1
    assert RefreshTokenRecord.objects.filter(user=buyer).count() == 1
