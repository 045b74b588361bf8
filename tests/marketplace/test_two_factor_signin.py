"""Two-factor sign-in on the web (marketplace/views_two_factor.py, two_factor_middleware.py):
who is asked, the second step after the password, the Django admin's sign-in, the
recovery codes (each once), the rate limit on codes. Codes are computed from the device's
key at the test's clock (tests/support/two_factor.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from marketplace.views_two_factor import VERIFIED_KEY
from tests.factories.marketplace import UserFactory
from tests.support.two_factor import STEP, enrol, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456"
OFFICE_HOME = "/office/payouts/"


def sign_in(client: Client, user, next_url: str = ""):
    user.set_password(PASSWORD)
    user.save()
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- who is asked ----------------------------------------------------------------------------------


def test_customer_is_never_asked(client, customer):
    response = sign_in(client, customer)

    assert response.status_code == 302
    assert response.url == "/accounts/welcome/"
    assert signed_in(client)
    assert client.get("/account/orders/").status_code == 200
    assert not TOTPDevice.objects.filter(user=customer).exists()


def test_office_without_two_factor_is_sent_to_set_it_up(client, ocop_office):
    response = sign_in(client, ocop_office)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/setup/")

    # signed in, but no office page opens before the set-up
    for url in (OFFICE_HOME, "/admin/"):
        blocked = client.get(url)
        assert blocked.status_code == 302
        assert blocked.url.startswith("/accounts/two-factor/setup/?next=")


def test_office_sets_up_two_factor_and_gets_ten_recovery_codes(client, ocop_office):
    sign_in(client, ocop_office)

    page = client.get(f"/accounts/two-factor/setup/?next={OFFICE_HOME}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, drawn here
    assert "<script>" not in html
    assert "http://chart" not in html
    device = TOTPDevice.objects.get(user=ocop_office, confirmed=False)
    assert re.sub(r"\s", "", page.context["secret"]) in html

    wrong = client.post("/accounts/two-factor/setup/", {"code": "000000", "next": OFFICE_HOME})
    assert wrong.status_code == 400
    assert client.get(OFFICE_HOME).status_code == 302

    done = client.post(
        "/accounts/two-factor/setup/", {"code": totp_code(device), "next": OFFICE_HOME}
    )

    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert len(set(done.context["codes"])) == 10
    assert all(code in done.content.decode() for code in done.context["codes"])
    assert client.get(OFFICE_HOME).status_code == 200
    assert TOTPDevice.objects.get(user=ocop_office).confirmed is True


def test_office_with_two_factor_gives_a_code_after_the_password(client, ocop_office, clock):
    device, _codes = enrol(ocop_office, clock)

    response = sign_in(client, ocop_office, next_url=OFFICE_HOME)

    assert response.status_code == 302
    assert response.url == "/accounts/two-factor/verify/"
    assert not signed_in(client)  # not before the code
    assert client.get(OFFICE_HOME).status_code == 302

    wrong = client.post("/accounts/two-factor/verify/", {"code": "123456"})
    assert wrong.status_code == 400
    assert "Mã xác thực không đúng." in wrong.content.decode()
    assert not signed_in(client)

    clock.advance(timedelta(seconds=2))  # django-otp's own throttle after a wrong code
    right = client.post("/accounts/two-factor/verify/", {"code": totp_code(device)})

    assert right.status_code == 302
    assert right.url == OFFICE_HOME
    assert signed_in(client)
    assert client.session[VERIFIED_KEY] == str(ocop_office.pk)
    assert client.get(OFFICE_HOME).status_code == 200


def test_a_code_is_accepted_once(client, ocop_office, clock):
    device, _codes = enrol(ocop_office, clock)
    code = totp_code(device)
    sign_in(client, ocop_office)
    assert client.post("/accounts/two-factor/verify/", {"code": code}).status_code == 302

    other = Client()
    sign_in(other, ocop_office)
    replay = other.post("/accounts/two-factor/verify/", {"code": code})

    assert replay.status_code == 400
    assert not signed_in(other)


def test_the_second_step_expires(client, ocop_office, clock):
    device, _codes = enrol(ocop_office, clock)
    sign_in(client, ocop_office)

    clock.advance(timedelta(minutes=6))
    response = client.post("/accounts/two-factor/verify/", {"code": totp_code(device)})

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert not signed_in(client)


def test_wrong_codes_are_rate_limited(client, ocop_office, clock):
    device, _codes = enrol(ocop_office, clock)
    sign_in(client, ocop_office)
    for _ in range(5):
        clock.advance(timedelta(seconds=20))  # past django-otp's own back-off
        client.post("/accounts/two-factor/verify/", {"code": "000000"})

    clock.advance(timedelta(minutes=1))
    delayed = client.post("/accounts/two-factor/verify/", {"code": totp_code(device)})
    assert delayed.status_code == 429
    assert not signed_in(client)
    # the limit is the account's, whatever the address
    other = Client(REMOTE_ADDR="10.9.9.9")
    sign_in(other, ocop_office)
    assert (
        other.post("/accounts/two-factor/verify/", {"code": totp_code(device)}).status_code == 429
    )

    clock.advance(timedelta(minutes=16))
    sign_in(client, ocop_office)
    assert (
        client.post("/accounts/two-factor/verify/", {"code": totp_code(device)}).status_code == 302
    )


# --- recovery codes ----------------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, ocop_office, clock):
    _device, codes = enrol(ocop_office, clock)
    sign_in(client, ocop_office)

    assert client.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 302
    assert signed_in(client)

    clock.advance(STEP)
    again = Client()
    sign_in(again, ocop_office)
    assert again.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 400
    clock.advance(STEP)
    assert again.post("/accounts/two-factor/verify/", {"code": codes[1]}).status_code == 302


def test_new_recovery_codes_replace_the_old(client, ocop_office, clock):
    device, old_codes = enrol(ocop_office, clock)
    client.force_login(ocop_office)

    page = client.post("/accounts/two-factor/", {"action": "regenerate", "code": totp_code(device)})

    assert page.status_code == 200
    new_codes = page.context["codes"]
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    clock.advance(STEP)
    fresh = Client()
    sign_in(fresh, ocop_office)
    assert fresh.post("/accounts/two-factor/verify/", {"code": old_codes[2]}).status_code == 400
    clock.advance(STEP)
    assert fresh.post("/accounts/two-factor/verify/", {"code": new_codes[2]}).status_code == 302


# --- turning it off --------------------------------------------------------------------------------


def test_the_office_cannot_turn_it_off(client, ocop_office, clock):
    device, _codes = enrol(ocop_office, clock)
    client.force_login(ocop_office)

    page = client.post("/accounts/two-factor/", {"action": "disable", "code": totp_code(device)})

    assert page.status_code == 400
    assert "không thể tắt" in page.content.decode()
    assert TOTPDevice.objects.filter(user=ocop_office, confirmed=True).exists()


def test_a_customer_may_turn_it_on_and_off(client, customer, clock):
    device, _codes = enrol(customer, clock)
    assert sign_in(client, customer).url == "/accounts/two-factor/verify/"
    assert (
        client.post("/accounts/two-factor/verify/", {"code": totp_code(device)}).status_code == 302
    )
    clock.advance(STEP)

    off = client.post("/accounts/two-factor/", {"action": "disable", "code": totp_code(device)})

    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=customer).exists()
    client.logout()
    assert sign_in(client, customer).url == "/accounts/welcome/"


# --- the Django admin ----------------------------------------------------------------------------------


def test_admin_login_requires_a_code(client, clock):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    device, _codes = enrol(admin, clock)
    admin.set_password(PASSWORD)
    admin.save()

    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 302
    blocked = client.get("/admin/")
    assert blocked.status_code == 302
    assert blocked.url == "/accounts/two-factor/verify/?next=%2Fadmin%2F"
    assert client.get("/admin/marketplace/user/").status_code == 302

    verified = client.post(
        "/accounts/two-factor/verify/", {"code": totp_code(device), "next": "/admin/"}
    )

    assert verified.status_code == 302
    assert verified.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_without_two_factor_must_set_it_up(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    client.post("/admin/login/", {"username": "root", "password": PASSWORD})

    blocked = client.get("/admin/")

    assert blocked.status_code == 302
    assert blocked.url.startswith("/accounts/two-factor/setup/")
