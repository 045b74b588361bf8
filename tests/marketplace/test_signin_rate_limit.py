"""The sign-in page and the password reset page are rate-limited by ``marketplace.ratelimit``,
the limiter of GraphQL's ``tokenCreate``: failed sign-ins per account and client address
(5) and per address (30) inside 15 minutes, then 429 with the wait in the form and no
password check; password reset requests per address (5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from marketplace import ratelimit
from tests.factories.marketplace import UserFactory
from tests.support.graphql import gql

LOGIN = "/accounts/login/"
PASSWORD = "pass12345"
DELAYED_VI = "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút."
DELAYED_EN = "Too many failed sign-in attempts; please try again in 15 minutes."


@pytest.fixture
def lan(db):
    return UserFactory(username="lan", email="lan@example.vn")


def sign_in(client, username: str, password: str = PASSWORD, url: str = LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def fail(client, username: str, times: int, **extra) -> None:
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", **extra)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_after_the_limit_even_the_right_password_is_refused_unchecked(client, lan, monkeypatch):
    fail(client, "lan@example.vn", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP)

    def no_password_check(*args, **kwargs):
        raise AssertionError("the password must not be checked while the limit holds")

    monkeypatch.setattr("django.contrib.auth.forms.authenticate", no_password_check)
    response = sign_in(client, "lan@example.vn")
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    html = response.content.decode()
    assert DELAYED_VI in html
    assert 'role="alert"' in html
    assert not signed_in(client)


def test_below_the_limit_a_success_signs_in_and_starts_the_count_over(client, lan):
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP - 1)
    assert sign_in(client, "lan").status_code == 302
    assert signed_in(client)

    client.logout()
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP - 1)
    assert sign_in(client, "lan").status_code == 302


def test_username_and_email_count_for_the_same_account(client, lan):
    fail(client, "lan", 3)
    fail(client, "LAN@Example.vn", 2)

    assert sign_in(client, "lan").status_code == 429
    assert sign_in(client, "lan@example.vn").status_code == 429


def test_the_message_in_english(client, lan):
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP)

    response = sign_in(client, "lan", url="/en" + LOGIN)
    assert response.status_code == 429
    assert DELAYED_EN in response.content.decode()


def test_another_client_address_is_not_affected(client, lan):
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP)
    assert sign_in(client, "lan").status_code == 429

    assert sign_in(client, "lan", REMOTE_ADDR="10.0.0.9").status_code == 302
    assert signed_in(client)


def test_behind_trusted_proxies_the_forwarded_address_counts(client, lan, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    fail(
        client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP, HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert sign_in(client, "lan", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429

    assert sign_in(client, "lan", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302


def test_forwarded_for_is_ignored_without_trusted_proxies(client, lan):
    for n in range(ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP):
        sign_in(client, "lan", "wrong-password", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}")

    assert sign_in(client, "lan", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_another_account_from_the_same_address_until_the_address_limit(client, lan):
    # as tokenCreate: one account's failures do not hold back another account …
    other = UserFactory(username="minh", email="minh@example.vn")
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP)
    assert sign_in(client, "lan").status_code == 429
    assert sign_in(client, other.email).status_code == 302
    client.logout()

    # … until the address itself has failed LOGIN_FAILURES_PER_IP times (password spraying)
    for n in range(ratelimit.LOGIN_FAILURES_PER_IP - ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP):
        sign_in(client, f"guess{n}@example.vn", "wrong-password")
    response = sign_in(client, other.email)
    assert response.status_code == 429
    assert DELAYED_VI in response.content.decode()
    assert not signed_in(client)
    assert sign_in(client, other.email, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_after_the_window_sign_in_works(client, lan, clock):
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP)
    assert sign_in(client, "lan").status_code == 429

    clock.advance(timedelta(minutes=14))
    assert sign_in(client, "lan").status_code == 429
    assert "1 phút" in sign_in(client, "lan").content.decode()
    clock.advance(timedelta(minutes=2))
    assert sign_in(client, "lan").status_code == 302
    assert signed_in(client)


def test_after_the_cache_expires_sign_in_works(client, lan):
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP)
    assert sign_in(client, "lan").status_code == 429

    caches["ratelimit"].clear()  # the counters' entries expire with the window
    assert sign_in(client, "lan").status_code == 302


def test_the_counters_are_shared_with_token_create(client, lan):
    mutation = """mutation Login($email: String!, $password: String!) {
      tokenCreate(email: $email, password: $password) { token errors { code } } }"""
    for _ in range(ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP):
        result = gql(client, mutation, {"email": lan.email, "password": "wrong-password"})["data"][
            "tokenCreate"
        ]
        assert result["errors"] == [{"code": "INVALID_CREDENTIALS"}]

    assert sign_in(client, "lan").status_code == 429
    result = gql(client, mutation, {"email": lan.email, "password": PASSWORD})["data"][
        "tokenCreate"
    ]
    assert result["errors"] == [{"code": "LOGIN_ATTEMPT_DELAYED"}]


def test_a_sign_in_page_failure_counts_for_token_create(client, lan):
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP)
    mutation = """mutation Login($email: String!, $password: String!) {
      tokenCreate(email: $email, password: $password) { token errors { code } } }"""
    result = gql(client, mutation, {"email": lan.email, "password": PASSWORD})["data"][
        "tokenCreate"
    ]
    assert result["errors"] == [{"code": "LOGIN_ATTEMPT_DELAYED"}]


# --- password reset requests ------------------------------------------------------------------


def test_password_reset_requests_are_limited_per_address(client, lan, mailoutbox, clock):
    url = reverse("password_reset")
    for n in range(ratelimit.PASSWORD_RESET_REQUESTS_PER_IP):
        response = client.post(url, {"email": lan.email})
        assert response.status_code == 302, n
    sent = len(mailoutbox)
    assert sent == ratelimit.PASSWORD_RESET_REQUESTS_PER_IP

    refused = client.post(url, {"email": lan.email})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    html = refused.content.decode()
    assert "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần; vui lòng thử lại sau 15 phút." in html
    assert len(mailoutbox) == sent  # nothing sent

    english = client.post("/en/accounts/password-reset/", {"email": lan.email})
    assert english.status_code == 429
    assert (
        "Too many password reset requests; please try again in 15 minutes."
        in english.content.decode()
    )

    # another address is not affected; after the window this one may ask again
    assert client.post(url, {"email": lan.email}, REMOTE_ADDR="10.0.0.9").status_code == 302
    clock.advance(timedelta(minutes=16))
    assert client.post(url, {"email": lan.email}).status_code == 302
    assert len(mailoutbox) == sent + 2


def test_password_reset_limit_does_not_touch_sign_in(client, lan):
    for _ in range(ratelimit.PASSWORD_RESET_REQUESTS_PER_IP + 1):
        client.post(reverse("password_reset"), {"email": lan.email})

    assert sign_in(client, "lan").status_code == 302


def test_the_counters_survive_the_page_and_response_caches_being_emptied(client, lan):
    """The counters have a cache of their own: a busy page cache evicting (here: cleared
    entirely) cannot reset an attacker's count."""
    fail(client, "lan", ratelimit.LOGIN_FAILURES_PER_EMAIL_AND_IP)
    cache.clear()
    assert sign_in(client, "lan").status_code == 429
