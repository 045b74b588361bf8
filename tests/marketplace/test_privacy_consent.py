"""Consent under Decree 13/2023/NĐ-CP at sign-up (marketplace.services_privacy): an
explicit, unticked box for the privacy notice (no account without it), a separate
optional marketing box, both on record with the notice's version, the client's address
and browser; the API's ``accountRegister`` records registering as the consent; the
privacy notice in both languages, linked from the footer and the sign-up page; marketing
consent withdrawn from the account's privacy page."""

from __future__ import annotations

import pytest

from marketplace.models import ConsentRecord, User
from marketplace.selectors_privacy import PRIVACY_NOTICE_VERSION, consent_current
from marketplace.services_privacy import subject_digest
from tests.marketplace.graphql.test_account import register

SIGNUP = "/accounts/signup/"
GOOD = {
    "full_name": "Nguyễn Thị Lan",
    "email": "lan@example.vn",
    "phone": "0912 345 678",
    "password1": "Tra-ca-gai-leo-2026",
    "password2": "Tra-ca-gai-leo-2026",
}
CLIENT = {"HTTP_USER_AGENT": "Mozilla/5.0 (test)", "REMOTE_ADDR": "203.0.113.9"}


def test_sign_up_without_the_privacy_box_creates_nothing(client, db, mailoutbox):
    response = client.post(SIGNUP, {**GOOD, "marketing_consent": "on"}, **CLIENT)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng đồng ý với Thông báo bảo vệ dữ liệu cá nhân để tạo tài khoản." in html
    assert User.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert mailoutbox == []


def test_sign_up_page_has_both_boxes_unticked_and_links_the_notice(client, db):
    html = client.get(SIGNUP).content.decode()
    assert 'name="privacy_consent" id="id_privacy_consent">' in html
    assert 'name="marketing_consent" id="id_marketing_consent">' in html
    assert 'href="/privacy/"' in html


def test_sign_up_records_the_privacy_consent_only(client, db):
    assert client.post(SIGNUP, {**GOOD, "privacy_consent": "on"}, **CLIENT).status_code == 200
    user = User.objects.get()
    record = ConsentRecord.objects.get()
    assert (
        record.user,
        record.email,
        record.subject_digest,
        record.purpose,
        record.granted,
        record.source,
        record.notice_version,
        record.ip,
        record.user_agent,
    ) == (
        user,
        "lan@example.vn",
        subject_digest("LAN@example.vn"),
        "account",
        True,
        "signup_form",
        PRIVACY_NOTICE_VERSION,
        "203.0.113.9",
        "Mozilla/5.0 (test)",
    )
    assert not consent_current(user=user, purpose="marketing")


def test_sign_up_with_marketing_records_it_separately(client, db):
    client.post(SIGNUP, {**GOOD, "privacy_consent": "on", "marketing_consent": "on"}, **CLIENT)
    user = User.objects.get()
    assert sorted(ConsentRecord.objects.values_list("purpose", flat=True)) == [
        "account",
        "marketing",
    ]
    assert consent_current(user=user, purpose="marketing")


def test_signing_up_an_existing_email_records_nothing(client, customer):
    response = client.post(
        SIGNUP, {**GOOD, "email": customer.email, "privacy_consent": "on"}, **CLIENT
    )
    assert response.status_code == 200  # the same answer as for a new e-mail
    assert ConsentRecord.objects.count() == 0


def test_api_registration_records_registering_as_consent(client, db):
    assert register(client)["errors"] == []
    record = ConsentRecord.objects.get()
    assert (record.user.email, record.purpose, record.source, record.notice_version) == (
        "moi@example.vn",
        "account",
        "api_signup",
        PRIVACY_NOTICE_VERSION,
    )


# --- the notice ------------------------------------------------------------------------------


def test_privacy_notice_in_vietnamese(client, db, settings):
    settings.PRIVACY_CONTROLLER_NAME = "Trung tâm Xúc tiến Thương mại tỉnh Quảng Trị"
    settings.PRIVACY_CONTACT_EMAIL = "dpo@example.vn"
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Thông báo bảo vệ dữ liệu cá nhân</h1>" in html
    assert "Trung tâm Xúc tiến Thương mại tỉnh Quảng Trị" in html
    assert "dpo@example.vn" in html
    assert f"Phiên bản {PRIVACY_NOTICE_VERSION}" in html
    assert "sau 1095 ngày" in html
    assert "Nghị định 13/2023/NĐ-CP" in html


def test_privacy_notice_in_english(client, db):
    response = client.get("/en/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Personal data protection notice</h1>" in html
    assert f"Version {PRIVACY_NOTICE_VERSION}" in html
    assert "after 1095 days" in html
    assert "Thông báo bảo vệ dữ liệu cá nhân" not in html  # one language per page


def test_the_footer_links_the_notice(client, db):
    assert 'href="/privacy/"' in client.get("/privacy/").content.decode()
    assert 'href="/en/privacy/"' in client.get("/en/privacy/").content.decode()


# --- marketing consent on the account page ------------------------------------------------------


def test_marketing_consent_is_given_and_withdrawn_from_the_account_page(client, customer):
    client.force_login(customer)
    page = client.get("/account/privacy/")
    assert page.status_code == 200
    assert 'name="granted" id="id_granted">' in page.content.decode()  # not given yet

    given = client.post("/account/privacy/marketing/", {"granted": "on"}, **CLIENT)
    assert given.status_code == 302
    assert consent_current(user=customer, purpose="marketing")
    assert (
        'name="granted" id="id_granted" checked>'
        in client.get("/account/privacy/").content.decode()
    )

    client.post("/account/privacy/marketing/", {}, **CLIENT)
    assert not consent_current(user=customer, purpose="marketing")
    history = list(
        ConsentRecord.objects.filter(user=customer)
        .order_by("id")
        .values_list("purpose", "granted", "source")
    )
    assert history == [
        ("marketing", True, "account_page"),
        ("marketing", False, "account_page"),
    ]  # append-only: the withdrawal does not erase the consent it ends


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/account/privacy/"),
        ("post", "/account/privacy/marketing/"),
        ("post", "/account/privacy/download/"),
        ("post", "/account/privacy/delete/"),
    ],
)
def test_anonymous_is_sent_to_sign_in(client, db, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert ConsentRecord.objects.count() == 0
