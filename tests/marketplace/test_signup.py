"""Account pages of marketplace/views_account.py: sign up (answers the same whether the
e-mail was new or registered; a new account signs in by the e-mailed one-time link and keeps
the anonymous cart; refuses bad input without creating anything),
sign in by e-mail, and the whole password reset flow with the locmem e-mail backend."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from marketplace.models import User
from orders.models import Checkout, CheckoutLine
from orders.views.checkout import SESSION_CHECKOUT_KEY
from tests.factories.marketplace import UserFactory
from tests.factories.shops import ProductFactory, VariantFactory, make_stock

SIGNUP = "/accounts/signup/"
GOOD = {
    "full_name": "Nguyễn Thị Lan",
    "email": "Lan.Nguyen@Example.vn",
    "phone": "0912 345 678",
    "password1": "Tra-ca-gai-leo-2026",
    "password2": "Tra-ca-gai-leo-2026",
    "privacy_consent": "on",
}


def test_routes():
    with translation.override("vi"):
        assert reverse("signup") == SIGNUP
        assert reverse("password_reset") == "/accounts/password-reset/"


def test_sign_up_page_has_labelled_fields(client, db):
    html = client.get(SIGNUP).content.decode()
    for field in ("full_name", "email", "phone", "password1", "password2"):
        assert f'<label for="id_{field}"' in html
    assert 'autocomplete="new-password"' in html
    assert reverse("login") in html


def _confirm_link(mailoutbox) -> str:
    body = mailoutbox[-1].body
    return re.search(r"https?://\S+/accounts/signup/confirm/\S+/", body).group(0)


def _sign_up(client, django_capture_on_commit_callbacks, data=GOOD):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(SIGNUP, data)


def test_sign_up_creates_the_account_and_the_mailed_link_signs_in(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    response = _sign_up(client, django_capture_on_commit_callbacks, {**GOOD, "next": "/checkout/"})
    assert response.status_code == 200
    assert "Kiểm tra hộp thư" in response.content.decode()
    assert "_auth_user_id" not in client.session  # not before the e-mail is confirmed
    user = User.objects.get()
    assert (user.email, user.username, user.full_name, user.phone) == (
        "lan.nguyen@example.vn",
        "lan.nguyen@example.vn",
        "Nguyễn Thị Lan",
        "+84912345678",
    )
    assert (user.last_name, user.first_name) == ("Nguyễn", "Thị Lan")
    assert user.check_password(GOOD["password1"])
    assert [m.to for m in mailoutbox] == [["lan.nguyen@example.vn"]]
    link = _confirm_link(mailoutbox)
    assert link.startswith("http://127.0.0.1:8000/accounts/signup/confirm/")  # SITE_URL
    path = link.removeprefix("http://127.0.0.1:8000")

    page = client.get(path)  # a mail scanner opening the link spends nothing
    assert page.status_code == 200
    assert "Xác nhận và đăng nhập" in page.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(path)
    assert response.status_code == 302
    assert response.url == "/checkout/"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("orders:account_orders")).status_code == 200

    client.logout()  # the link is one-time: spent by the first sign-in
    assert client.post(path).status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("token", ["bad-token", "c2o-0123456789abcdef0123456789abcdef"])
def test_a_forged_confirmation_link_signs_nobody_in(client, db, token):
    user = UserFactory(username="lan")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.post(f"/accounts/signup/confirm/{uid}/{token}/")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/signup/confirm/%%%/x/").status_code == 400


def test_sign_up_keeps_the_anonymous_cart(
    client, shop, mailoutbox, django_capture_on_commit_callbacks
):
    variant = VariantFactory(product=ProductFactory(shop=shop), price=50_000)
    make_stock(variant, 5)
    client.post("/cart/add/", {"variant_id": variant.pk, "quantity": 2})
    anonymous = Checkout.objects.get(token=client.session[SESSION_CHECKOUT_KEY])
    assert anonymous.user is None
    assert _sign_up(client, django_capture_on_commit_callbacks).status_code == 200
    assert (
        client.post(_confirm_link(mailoutbox).removeprefix("http://127.0.0.1:8000")).status_code
        == 302
    )
    anonymous.refresh_from_db()
    assert anonymous.user == User.objects.get()
    assert client.session[SESSION_CHECKOUT_KEY] == str(anonymous.token)
    assert CheckoutLine.objects.get(checkout=anonymous).quantity == 2


def _visible(response) -> str:
    """The page without what differs between any two answers (CSRF token, nonce)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|nonce=")[^"]+', r"\1", response.content.decode())


def test_the_answer_is_the_same_for_a_new_and_a_registered_email(
    db, django_capture_on_commit_callbacks
):
    UserFactory(username="known", email="known@example.vn")
    new = _sign_up(
        Client(), django_capture_on_commit_callbacks, {**GOOD, "email": "new@example.vn"}
    )
    known = _sign_up(
        Client(), django_capture_on_commit_callbacks, {**GOOD, "email": "known@example.vn"}
    )
    assert new.status_code == known.status_code == 200
    assert [t.name for t in new.templates] == [t.name for t in known.templates]
    assert _visible(new).replace("new@example.vn", "E") == _visible(known).replace(
        "known@example.vn", "E"
    )
    assert sorted(new.cookies) == sorted(known.cookies)


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"password2": "something-else-2026"}, "password2", "Hai mật khẩu không khớp"),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "Mật khẩu"),
        ({"password1": "abc", "password2": "abc"}, "password1", "quá ngắn"),
        ({"email": "not-an-email"}, "email", "Email không hợp lệ"),
        ({"full_name": "  "}, "full_name", "họ tên"),
        ({"phone": "+12025550123"}, "phone", "Số điện thoại không hợp lệ"),
    ],
)
def test_bad_sign_up_shows_the_error_and_creates_nothing(client, db, overrides, field, text):
    response = client.post(SIGNUP, {**GOOD, **overrides})
    assert response.status_code == 400
    form = response.context["form"]
    assert text.lower() in " ".join(form.errors[field]).lower()
    html = response.content.decode()
    assert 'role="alert"' in html
    assert f'aria-describedby="id_{field}' in html or f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_registered_email_is_not_revealed(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    existing = UserFactory(username="lan", email="lan.nguyen@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, GOOD)
    assert response.status_code == 200
    assert "Kiểm tra hộp thư" in response.content.decode()
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session
    existing.refresh_from_db()
    assert existing.check_password("pass12345")  # untouched
    assert [m.to for m in mailoutbox] == [["lan.nguyen@example.vn"]]


def test_signed_in_visitor_is_sent_on(client, customer):
    client.force_login(customer)
    assert client.get(SIGNUP).status_code == 302


# --- Sign in ---------------------------------------------------------------------------------


def test_sign_in_page_links_to_sign_up_and_password_reset(client, db):
    html = client.get(reverse("login")).content.decode()
    assert reverse("signup") in html
    assert reverse("password_reset") in html
    assert '<label for="id_username"' in html
    assert '<label for="id_password"' in html


def test_sign_in_with_the_email_in_any_case(client, db):
    UserFactory(username="lan.nguyen@example.vn", email="lan.nguyen@example.vn")
    response = client.post(
        reverse("login"), {"username": "LAN.Nguyen@example.VN", "password": "pass12345"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_wrong_password_is_announced(client, db):
    UserFactory(username="lan")
    response = client.post(reverse("login"), {"username": "lan", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "_auth_user_id" not in client.session


# --- Password reset --------------------------------------------------------------------------


def test_password_reset_whole_flow(client, db, mailoutbox):
    user = UserFactory(username="lan", email="lan@example.vn")
    old_jwt_key = user.jwt_token_key
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200
    assert '<label for="id_email"' in page.content.decode()

    response = client.post(reverse("password_reset"), {"email": "LAN@example.vn"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert "Kiểm tra hộp thư" in client.get(response.url).content.decode()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["lan@example.vn"]
    assert "Đặt lại mật khẩu" in mail.subject
    assert "Để đặt mật khẩu mới" in mail.body
    assert "To set a new password" in mail.body
    link = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", mail.body).group(1)

    form_page = client.get(link, follow=True)  # Django swaps the token for a session value
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]

    weak = client.post(set_url, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200
    assert weak.context["form"].errors
    user.refresh_from_db()
    assert user.check_password("pass12345")

    done = client.post(
        set_url, {"new_password1": "Mat-ong-hoa-2026", "new_password2": "Mat-ong-hoa-2026"}
    )
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    assert client.get(done.url).status_code == 200
    user.refresh_from_db()
    assert user.check_password("Mat-ong-hoa-2026")
    assert user.jwt_token_key != old_jwt_key  # API tokens issued before stop working

    # the link works once
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "Liên kết không hợp lệ" in again.content.decode()

    fresh = Client()
    assert (
        fresh.post(reverse("login"), {"username": "lan", "password": "pass12345"}).status_code
        == 200
    )
    login = fresh.post(
        reverse("login"), {"username": "lan@example.vn", "password": "Mat-ong-hoa-2026"}
    )
    assert login.status_code == 302
    assert "_auth_user_id" in fresh.session


def test_password_reset_for_an_unknown_email_sends_nothing_and_looks_the_same(
    client, db, mailoutbox
):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.vn"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_password_reset_in_english(client, db, mailoutbox):
    UserFactory(username="lan", email="lan@example.vn")
    try:
        response = client.post("/en/accounts/password-reset/", {"email": "lan@example.vn"})
        assert response.url == "/en/accounts/password-reset/sent/"
        assert "/en/accounts/reset/" in mailoutbox[0].body
        assert "Check your mailbox" in client.get(response.url).content.decode()
    finally:
        translation.activate("vi")  # the request left English active in this thread
