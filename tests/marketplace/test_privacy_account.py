"""The account's privacy page (marketplace/views_privacy.py): downloading one's own data
(contents, isolation from another customer, the daily limit) and deleting one's account
(password again; the person erased at once, orders kept; refused while orders are in
progress, for shop owners and staff, and for the office)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from marketplace.models import ConsentRecord, User
from marketplace.selectors_privacy import personal_data_export
from marketplace.services_privacy import consent_record, subject_digest
from orders.models import Address, Order, PaymentMethod
from orders.services import address_book, cart
from shops.models import ShopFollow, ShopMembership
from tests.factories.marketplace import UserFactory
from tests.factories.orders import placed_order
from tests.factories.shops import ShopMembershipFactory
from tests.orders.builders import address_data, sellable
from tests.support.queries import count_queries

PAGE = "/account/privacy/"
DOWNLOAD = "/account/privacy/download/"
DELETE = "/account/privacy/delete/"
PASSWORD = "Tra-ca-gai-leo-2026"


@pytest.fixture
def lan(db):
    return UserFactory(
        username="lan",
        email="lan@example.vn",
        full_name="Nguyễn Thị Lan",
        phone="+84912000111",
        password=PASSWORD,
    )


@pytest.fixture
def lan_data(lan, shop):
    """Lan's address book, a paid card order, a follow and her sign-up consent."""
    address_book.address_book_add(user=lan, data=address_data(street="5 Lý Thường Kiệt"))
    order = placed_order(
        [(shop, [(sellable(shop, price=120_000), 2)])],
        user=lan,
        email=lan.email,
        payment_method=PaymentMethod.CARD,
    )
    ShopFollow.objects.create(user=lan, shop=shop)
    consent_record(purpose="account", granted=True, source="signup_form", user=lan)
    return order


def _download(client: Client) -> dict:
    response = client.post(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ocop-my-data-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_download_holds_the_persons_data(client, lan, lan_data, shop):
    client.force_login(lan)
    data = _download(client)
    assert data["profile"]["email"] == "lan@example.vn"
    assert data["profile"]["full_name"] == "Nguyễn Thị Lan"
    assert data["profile"]["phone"] == "+84912000111"
    assert "password" not in json.dumps(data["profile"])
    assert [a["street"] for a in data["address_book"]] == ["5 Lý Thường Kiệt"]
    [order] = data["orders"]
    assert order["number"] == lan_data.number
    assert order["shipping_address"]["full_name"] == "Nguyễn Văn An"
    [so] = order["shop_orders"]
    assert so["shop"] == shop.name
    assert [(line["quantity"], line["unit_price"]) for line in so["lines"]] == [(2, 120_000)]
    assert [(p["method"], p["status"]) for p in order["payments"]] == [("card", "succeeded")]
    assert "client_secret" not in json.dumps(order["payments"])  # nothing of the card flow
    assert [(c["purpose"], c["source"]) for c in data["consents"]] == [("account", "signup_form")]
    assert [f["shop"] for f in data["shop_follows"]] == [shop.name]


def test_download_never_holds_another_customers_data(client, lan, lan_data, customer, shop):
    address_book.address_book_add(user=customer, data=address_data(street="9 Hai Bà Trưng"))
    placed_order([(shop, [(sellable(shop), 1)])], user=customer, email=customer.email)
    client.force_login(customer)
    data = _download(client)
    text = json.dumps(data, ensure_ascii=False)
    assert data["profile"]["email"] == customer.email
    assert len(data["orders"]) == 1
    for secret in ("lan@example.vn", "5 Lý Thường Kiệt", lan_data.number, "+84912000111"):
        assert secret not in text
    assert data["consents"] == []
    assert data["shop_follows"] == []


def test_download_is_a_post_and_limited_per_day(client, lan, settings):
    settings.PERSONAL_DATA_EXPORTS_PER_DAY = 2
    client.force_login(lan)
    assert client.get(DOWNLOAD).status_code == 405  # a link opened by a crawler spends nothing
    _download(client)
    _download(client)
    refused = client.post(DOWNLOAD)
    assert refused.status_code == 429
    assert "Bạn đã tải dữ liệu quá nhiều lần hôm nay" in refused.content.decode()


def test_download_for_anonymous_goes_to_sign_in(client, db):
    response = client.post(DOWNLOAD)
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/account/privacy/download/"


# --- deletion ------------------------------------------------------------------------------


def _complete(order: Order) -> None:
    Order.objects.filter(pk=order.pk).update(status=Order.Status.COMPLETED)


def test_deletion_needs_the_password(client, lan, lan_data):
    _complete(lan_data)
    client.force_login(lan)
    wrong = client.post(DELETE, {"password": "not-it", "confirm": "on"})
    assert wrong.status_code == 400
    assert "Mật khẩu không đúng." in wrong.content.decode()
    unconfirmed = client.post(DELETE, {"password": PASSWORD})
    assert unconfirmed.status_code == 400
    assert "Vui lòng đánh dấu ô xác nhận." in unconfirmed.content.decode()
    lan.refresh_from_db()
    assert (lan.is_active, lan.email, lan.erased_at) == (True, "lan@example.vn", None)


def test_deletion_erases_the_person_and_keeps_the_orders(client, lan, lan_data, shop):
    _complete(lan_data)
    checkout = cart.checkout_create(user=lan, email=lan.email)
    cart.checkout_contact_update(checkout=checkout, email=lan.email, phone="0912000111")
    client.force_login(lan)
    other_browser = Client()
    other_browser.force_login(lan)

    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" not in client.session

    erased = User.objects.get(pk=lan.pk)
    assert (
        erased.username,
        erased.email,
        erased.full_name,
        erased.first_name,
        erased.last_name,
        erased.phone,
        erased.is_active,
    ) == (
        f"deleted-{lan.pk}",
        f"deleted-{lan.pk}@erased.invalid",
        "",
        "",
        "",
        "",
        False,
    )
    assert erased.erased_at is not None
    assert not erased.has_usable_password()
    assert not Address.objects.filter(user=lan).exists()  # the address book
    assert not ShopFollow.objects.filter(user=lan).exists()
    checkout.refresh_from_db()
    assert (checkout.email, checkout.phone) == ("", "")
    # the consent stays as proof, tied to the person by the digest only
    record = ConsentRecord.objects.get(user=erased)
    assert (record.email, record.subject_digest) == ("", subject_digest("lan@example.vn"))
    # the order stays for accounting, untouched until the retention job
    order = Order.objects.get(pk=lan_data.pk)
    assert (order.user_id, order.total, order.email) == (lan.pk, lan_data.total, "lan@example.vn")
    # no way back in: not with the password, not with a session opened elsewhere
    assert not Client().login(username="lan@example.vn", password=PASSWORD)
    signin = Client().post("/accounts/login/", {"username": "lan@example.vn", "password": PASSWORD})
    assert signin.status_code == 200
    assert "_auth_user_id" not in signin.client.session
    assert other_browser.get(PAGE).status_code == 302


def test_deletion_is_refused_while_orders_are_in_progress(client, lan, lan_data):
    client.force_login(lan)
    page = client.get(PAGE).content.decode()
    assert 'id="delete-blocked"' in page
    assert lan_data.number in page
    assert f'action="{DELETE}"' not in page  # no form to fill in for nothing
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert "Bạn còn đơn hàng đang xử lý" in response.content.decode()
    lan.refresh_from_db()
    assert (lan.is_active, lan.erased_at) == (True, None)
    assert Address.objects.filter(user=lan).exists()


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (ShopMembership.Role.OWNER, "Bạn là chủ gian hàng"),
        (ShopMembership.Role.STAFF, "Bạn là nhân viên của gian hàng"),
    ],
)
def test_shop_owners_and_staff_cannot_delete_themselves(client, lan, shop, role, message):
    ShopMembershipFactory(user=lan, shop=shop, role=role)
    client.force_login(lan)
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert shop.name in html
    lan.refresh_from_db()
    assert lan.erased_at is None


def test_the_office_cannot_delete_itself(client, ocop_office):
    ocop_office.set_password(PASSWORD)
    ocop_office.save()
    client.force_login(ocop_office)
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert "do Văn phòng OCOP đóng" in response.content.decode()
    ocop_office.refresh_from_db()
    assert ocop_office.is_active


def test_privacy_page_in_english(client, lan):
    client.force_login(lan)
    html = client.get("/en" + PAGE).content.decode()
    assert "Privacy and your data" in html
    assert "Download data (JSON)" in html
    assert "Delete my account permanently" in html


def test_consent_records_are_read_only_in_the_admin(client, lan):
    consent_record(purpose="account", granted=True, source="signup_form", user=lan)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/marketplace/consentrecord/").status_code == 200
    assert client.get("/admin/marketplace/consentrecord/add/").status_code == 403
    record = ConsentRecord.objects.get()
    assert client.post(f"/admin/marketplace/consentrecord/{record.pk}/delete/").status_code == 403
    assert ConsentRecord.objects.count() == 1


def test_the_export_query_count_does_not_grow_with_the_orders(lan, shop):
    counts = []
    for _ in range(2):
        placed_order(
            [(shop, [(sellable(shop), 1), (sellable(shop), 2)])], user=lan, email=lan.email
        )
        counts.append(count_queries(personal_data_export, user=lan)[0])
    assert counts[0] == counts[1]
