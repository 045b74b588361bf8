"""The buyer's account pages: the address book (orders/views/addresses.py) with two
users, the order detail's per-shop status and parcel tracking, the guest tracking link
on the confirmation page, and the checkout's saved addresses and error summary."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from orders.models import Address, Order
from orders.selectors.orders import tracking_path
from orders.services import address_book, fulfilment
from orders.views.account import carrier_tracking_url
from tests.factories.marketplace import UserFactory
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory, placed_order
from tests.orders.builders import sellable
from tests.shops.views.helpers import assert_login_redirect

BOOK = "/account/addresses/"


def _post(places, **overrides):
    data = {
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912345678",
        "province": places["quang_tri"].pk,
        "commune": places["dong_hoi"].pk,
        "district": "",
        "street": "12 Quách Xuân Kỳ",
    }
    data.update(overrides)
    return data


def _book(user, places, **overrides):
    data = {
        "full_name": "Trần Văn Bình",
        "phone": "0987654321",
        "province": places["quang_tri"].pk,
        "commune": places["dong_hoi"].pk,
        "street": "5 Lý Thường Kiệt",
    }
    data.update(overrides)
    return address_book.address_book_add(user=user, data=data)


# --- Address book --------------------------------------------------------------------------


def test_address_book_needs_sign_in(client, db):
    assert_login_redirect(client.get(BOOK), BOOK)
    assert_login_redirect(client.get(BOOK + "new/"), BOOK + "new/")


def test_add_edit_default_delete(client, customer, places):
    client.force_login(customer)
    assert "Chưa có địa chỉ nào" in client.get(BOOK).content.decode()
    form = client.get(BOOK + "new/").content.decode()
    for field in ("full_name", "phone", "province", "commune", "district", "street"):
        assert f'<label for="id_{field}"' in form

    response = client.post(BOOK + "new/", _post(places))
    assert response.status_code == 302
    assert response.url == BOOK
    first = Address.objects.get(user=customer)
    assert (
        first.full_name,
        first.phone,
        first.commune_id,
        first.district_id,
        first.is_default,
    ) == (
        "Nguyễn Thị Lan",
        "+84912345678",
        places["dong_hoi"].pk,
        places["dong_hoi_district"].pk,
        True,
    )

    client.post(BOOK + "new/", _post(places, full_name="Lê Văn Hùng", street="3 Trần Hưng Đạo"))
    second = Address.objects.get(user=customer, full_name="Lê Văn Hùng")
    assert second.is_default is False
    html = client.get(BOOK).content.decode()
    assert "12 Quách Xuân Kỳ" in html
    assert "3 Trần Hưng Đạo" in html

    assert client.post(f"{BOOK}{second.pk}/default/").status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)

    edit = client.get(f"{BOOK}{first.pk}/")
    assert 'value="12 Quách Xuân Kỳ"' in edit.content.decode()
    assert (
        client.post(f"{BOOK}{first.pk}/", _post(places, street="99 Hùng Vương")).status_code == 302
    )
    first.refresh_from_db()
    assert first.street == "99 Hùng Vương"

    assert client.post(f"{BOOK}{first.pk}/delete/").status_code == 302
    assert list(Address.objects.filter(user=customer)) == [second]


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ("hanoi", "commune", "The commune is not in that province"),
        ({"commune": ""}, "commune", "Choose a commune"),
        ({"province": ""}, "province", "Choose a province"),
        ({"phone": "+12025550123"}, "phone", "Số điện thoại không hợp lệ"),
        ({"full_name": ""}, "full_name", "Name is required"),
    ],
)
def test_bad_address_is_refused_and_nothing_saved(client, customer, places, overrides, field, text):
    client.force_login(customer)
    existing = _book(customer, places)
    if overrides == "hanoi":
        overrides = {"commune": places["hanoi_commune"].pk}
    added = client.post(BOOK + "new/", _post(places, **overrides))
    assert added.status_code == 400
    assert text in " ".join(added.context["form"].errors[field])
    html = added.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert Address.objects.filter(user=customer).count() == 1

    edited = client.post(f"{BOOK}{existing.pk}/", _post(places, make_default="on", **overrides))
    assert edited.status_code == 400
    existing.refresh_from_db()
    assert (existing.full_name, existing.street, existing.phone) == (
        "Trần Văn Bình",
        "5 Lý Thường Kiệt",
        "+84987654321",
    )


def test_without_javascript_the_province_refresh_lists_its_communes(client, customer, places):
    client.force_login(customer)
    response = client.post(BOOK + "new/", {"province": places["quang_tri"].pk, "action": "refresh"})
    assert response.status_code == 200
    assert f'value="{places["dong_hoi"].pk}"' in response.content.decode()
    assert not Address.objects.exists()


def test_another_users_address_is_404(client, customer, places):
    lan = UserFactory(username="lan")
    theirs = _book(lan, places)
    mine = _book(customer, places, street="1 Mine")
    client.force_login(customer)
    html = client.get(BOOK).content.decode()
    assert "1 Mine" in html
    assert "5 Lý Thường Kiệt" not in html
    assert client.get(f"{BOOK}{theirs.pk}/").status_code == 404
    assert client.post(f"{BOOK}{theirs.pk}/", _post(places, street="hijacked")).status_code == 404
    assert client.post(f"{BOOK}{theirs.pk}/delete/").status_code == 404
    assert client.post(f"{BOOK}{theirs.pk}/default/").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.street, theirs.is_default) == ("5 Lý Thường Kiệt", True)
    mine.refresh_from_db()
    assert mine.is_default is True
    assert client.get(f"{BOOK}999999/").status_code == 404


def test_checkout_offers_the_saved_addresses(client, customer, places, shop):
    variant = sellable(shop)
    _book(customer, places)
    other = _book(customer, places, full_name="Lê Văn Hùng", street="3 Trần Hưng Đạo")
    stranger = _book(UserFactory(username="lan"), places, street="Của người khác")
    client.force_login(customer)
    client.post("/cart/add/", {"variant_id": variant.pk, "quantity": 1})
    page = client.get("/checkout/")
    html = page.content.decode()
    assert 'value="5 Lý Thường Kiệt"' in html  # the default fills the form
    assert 'value="' + customer.email + '"' in html
    assert "3 Trần Hưng Đạo" in html  # offered in the saved addresses list
    chosen = client.get("/checkout/", {"use_address": other.pk}).content.decode()
    assert 'value="3 Trần Hưng Đạo"' in chosen
    foreign = client.get("/checkout/", {"use_address": stranger.pk}).content.decode()
    assert "Của người khác" not in foreign


def test_checkout_error_summary_links_to_the_fields(client, shop):
    variant = sellable(shop)
    client.post("/cart/add/", {"variant_id": variant.pk, "quantity": 1})
    response = client.post(
        "/checkout/", {"action": "place", "privacy_consent": "on", "expected_total": 100_000}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_email"' in html
    assert f'href="#delivery_{shop.pk}"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert f'aria-describedby="delivery_{shop.pk}_error"' in html


# --- Orders: per-shop status, parcel tracking, guest link ------------------------------------


def test_carrier_tracking_url():
    assert carrier_tracking_url("GHN", "GA 123") == "https://donhang.ghn.vn/?order_code=GA%20123"
    assert carrier_tracking_url("ghtk", "S1.GHTK") == "https://i.ghtk.vn/S1.GHTK"
    assert carrier_tracking_url("Xe khách", "123") == ""
    assert carrier_tracking_url("GHN", "") == ""


def test_order_detail_shows_status_and_tracking_link_per_shop(
    client, shop, other_shop, customer, owner
):
    order = placed_order(
        [(shop, [(sellable(shop), 1)]), (other_shop, [(sellable(other_shop), 1)])], user=customer
    )
    shipped, waiting = sorted(order.shop_orders.all(), key=lambda so: so.shop_id != shop.pk)
    fulfilment.shop_order_confirm(actor=owner, shop_order=shipped)
    fulfilment.shop_order_pack(actor=owner, shop_order=shipped)
    fulfilment.shop_order_ship(
        actor=owner, shop_order=shipped, carrier="GHN", tracking_number="GA123"
    )
    client.force_login(customer)
    html = client.get(reverse("orders:account_order_detail", args=[order.number])).content.decode()
    assert "https://donhang.ghn.vn/?order_code=GA123" in html
    assert shipped.number in html
    assert waiting.number in html
    shipped.refresh_from_db()
    waiting.refresh_from_db()
    assert shipped.get_status_display() in html
    assert waiting.get_status_display() in html
    listing = client.get(reverse("orders:account_orders")).content.decode()
    assert "GA123" in listing
    assert reverse("orders:account_addresses") in listing


def test_confirmation_gives_a_guest_the_tracking_link(client, shop, places):
    variant = sellable(shop)
    method = ShippingMethodFactory(zone=ShippingZoneFactory(shop=shop), price=20_000)
    client.post("/cart/add/", {"variant_id": variant.pk, "quantity": 1})
    response = client.post(
        "/checkout/",
        {
            "email": "buyer@example.vn",
            "phone": "0912345678",
            "ship_full_name": "Nguyễn Thị Lan",
            "ship_province": places["quang_tri"].pk,
            "ship_commune": places["dong_hoi"].pk,
            "ship_street": "12 Hùng Vương",
            "payment_method": "cod",
            f"delivery_{shop.pk}": f"shipping:{method.pk}",
            "action": "place",
            "privacy_consent": "on",
            "expected_total": 120_000,
        },
    )
    order = Order.objects.get()
    html = client.get(response.url).content.decode()
    path = tracking_path(order)
    assert f'href="{path}"' in html
    shop_order = order.shop_orders.get()
    assert shop_order.number in html
    assert shop_order.get_status_display() in html
    assert Client().get(path).status_code == 200  # the link works in any browser
