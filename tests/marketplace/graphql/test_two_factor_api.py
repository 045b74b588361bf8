"""``tokenCreate`` for accounts with two-factor sign-in: the additive ``otpCode`` argument,
coded errors when it is missing or wrong, the office refused until it set up an
authenticator, customers without one never asked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.marketplace.graphql.account_helpers import PASSWORD, codes, login
from tests.support.graphql import gql
from tests.support.two_factor import STEP, enrol, totp_code

pytestmark = pytest.mark.django_db

TOKEN_CREATE_OTP = """
mutation Login($email: String!, $password: String!, $otpCode: String) {
  tokenCreate(email: $email, password: $password, otpCode: $otpCode) {
    token refreshToken errors { field code message }
  }
}"""


def login_otp(client, user, otp_code=None, password=PASSWORD) -> dict:
    variables = {"email": user.email, "password": password, "otpCode": otp_code}
    return gql(client, TOKEN_CREATE_OTP, variables)["data"]["tokenCreate"]


@pytest.fixture
def office(ocop_office):
    ocop_office.set_password(PASSWORD)
    ocop_office.save()
    return ocop_office


def test_customer_without_two_factor_is_not_asked(client, buyer):
    assert login(client, buyer.email)["token"]


def test_office_without_two_factor_is_refused_until_it_sets_it_up(client, office):
    answer = login_otp(client, office)

    assert answer["token"] is None
    assert codes(answer) == ["DISABLED_AUTHENTICATION_METHOD"]
    assert answer["errors"][0]["field"] == "email"


def test_missing_and_wrong_codes(client, office, clock):
    device, _codes = enrol(office, clock)

    missing = login_otp(client, office)
    assert (missing["token"], missing["errors"][0]["field"], codes(missing)) == (
        None,
        "otpCode",
        ["REQUIRED"],
    )
    wrong = login_otp(client, office, "000000")
    assert (wrong["token"], wrong["errors"][0]["field"], codes(wrong)) == (
        None,
        "otpCode",
        ["INVALID"],
    )

    clock.advance(timedelta(seconds=2))
    right = login_otp(client, office, totp_code(device))
    assert right["errors"] == []
    assert right["token"]
    assert right["refreshToken"]
    assert gql(client, "{ me { email } }", token=right["token"])["data"]["me"]["email"] == (
        office.email
    )


def test_the_password_is_checked_before_the_code(client, office, clock):
    enrol(office, clock)

    answer = login_otp(client, office, password="wrong-password")

    assert codes(answer) == ["INVALID_CREDENTIALS"]  # nothing says a code would be asked


def test_a_recovery_code_works_once(client, office, clock):
    _device, recovery = enrol(office, clock)

    assert login_otp(client, office, recovery[0])["token"]
    clock.advance(STEP)
    assert codes(login_otp(client, office, recovery[0])) == ["INVALID"]


def test_codes_are_rate_limited(client, office, clock):
    device, _codes = enrol(office, clock)
    for _ in range(5):
        clock.advance(timedelta(seconds=20))
        login_otp(client, office, "000000")

    clock.advance(timedelta(minutes=1))
    delayed = login_otp(client, office, totp_code(device))

    assert delayed["token"] is None
    assert codes(delayed) == ["LOGIN_ATTEMPT_DELAYED"]


def test_customer_with_two_factor_gives_a_code(client, buyer, clock):
    device, _codes = enrol(buyer, clock)

    assert codes(login_otp(client, buyer)) == ["REQUIRED"]
    assert login_otp(client, buyer, totp_code(device))["token"]
