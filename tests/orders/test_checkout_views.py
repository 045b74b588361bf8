"""The buyer's web cart and checkout (orders/views/checkout.py) through the Django test
client: guest journeys across shops, bad input leaving nothing saved, prices from the
catalogue only, pickup, login merge, who may see a placed order, and the card page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.models import AdministrativeUnit
from orders.models import (
    Address,
    Checkout,
    CheckoutDelivery,
    CheckoutLine,
    Order,
    Payment,
    ShopOrder,
)
from orders.services import cart
from orders.views.checkout import SESSION_CHECKOUT_KEY, vietqr_url
from shops.models import StockReservation
from tests.factories.marketplace import UserFactory
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory
from tests.factories.shops import ProductFactory, SalePointFactory, VariantFactory, make_stock
from tests.support.queries import get_counted

CART = "/cart/"
CHECKOUT = "/checkout/"


# --- Setup -------------------------------------------------------------------------------


@pytest.fixture
def catalogue(shop, other_shop):
    """Two shops, a product each with 10 in the warehouse; each shop ships anywhere in
    Vietnam (20.000 ₫, 1–3 days / 25.000 ₫, 2–4 days)."""
    fish = VariantFactory(
        product=ProductFactory(shop=shop, name_vi="Nước mắm Cảnh Dương"),
        price=100_000,
        weight_grams=500,
    )
    tea = VariantFactory(
        product=ProductFactory(shop=other_shop, name_vi="Trà cà gai leo"),
        price=150_000,
        weight_grams=200,
    )
    for variant in (fish, tea):
        make_stock(variant, 10)
    fish_ship = ShippingMethodFactory(
        zone=ShippingZoneFactory(shop=shop),
        name_vi="Giao tiêu chuẩn",
        price=20_000,
        min_days=1,
        max_days=3,
    )
    tea_ship = ShippingMethodFactory(
        zone=ShippingZoneFactory(shop=other_shop),
        name_vi="Giao nhanh",
        price=25_000,
        min_days=2,
        max_days=4,
    )
    return {"fish": fish, "tea": tea, "fish_ship": fish_ship, "tea_ship": tea_ship}


def _address_post(places, **overrides):
    data = {
        "email": "buyer@example.vn",
        "phone": "0912345678",
        "ship_full_name": "Nguyễn Thị Lan",
        "ship_phone": "",
        "ship_province": places["quang_tri"].pk,
        "ship_commune": places["dong_hoi"].pk,
        "ship_district": "",
        "ship_street": "12 Quách Xuân Kỳ",
    }
    data.update(overrides)
    return data


def _add(client, variant, quantity=1, **extra):
    return client.post("/cart/add/", {"variant_id": variant.pk, "quantity": quantity, **extra})


def _checkout(client) -> Checkout:
    return Checkout.objects.get(token=client.session[SESSION_CHECKOUT_KEY])


def _errors(response) -> str:
    return response.content.decode()


# --- Guest COD journey ---------------------------------------------------------------------


def test_guest_cod_journey_across_two_shops(
    client, catalogue, places, shop, other_shop, mailoutbox, django_capture_on_commit_callbacks
):
    fish, tea = catalogue["fish"], catalogue["tea"]
    assert _add(client, fish, 2).url == CART
    assert _add(client, tea, 1).status_code == 302

    page = client.get(CART)
    html = page.content.decode()
    assert page.status_code == 200
    assert shop.name in html
    assert other_shop.name in html
    assert "200.000 ₫" in html
    assert "150.000 ₫" in html
    assert "350.000 ₫" in html

    assert client.get(CHECKOUT).status_code == 200
    saved = client.post(CHECKOUT, {**_address_post(places), "action": "save-address"})
    assert saved.status_code == 302
    assert saved.url == "/checkout/#delivery"
    checkout = _checkout(client)
    assert checkout.email == "buyer@example.vn"
    assert checkout.phone == "+84912345678"
    address = checkout.shipping_address
    assert (address.province_id, address.commune_id, address.district_id) == (
        places["quang_tri"].pk,
        places["dong_hoi"].pk,
        places["dong_hoi_district"].pk,
    )

    html = client.get(CHECKOUT).content.decode()
    assert "Giao tiêu chuẩn" in html
    assert "20.000 ₫" in html
    assert "Giao nhanh" in html
    assert "25.000 ₫" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHECKOUT,
            {
                **_address_post(places),
                "action": "place",
                "privacy_consent": "on",
                "payment_method": "cod",
                "note": "Giao giờ hành chính",
                f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
                f"delivery_{other_shop.pk}": f"shipping:{catalogue['tea_ship'].pk}",
                "expected_total": 350_000 + 45_000,
            },
        )
    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url == f"/checkout/confirmation/{order.token}/"
    assert (
        order.payment_method,
        order.status,
        order.subtotal,
        order.shipping_total,
        order.total,
    ) == ("cod", "unfulfilled", 350_000, 45_000, 395_000)
    assert order.note == "Giao giờ hành chính"
    assert order.email == "buyer@example.vn"
    shop_orders = {so.shop_id: so for so in ShopOrder.objects.filter(order=order)}
    assert (
        shop_orders[shop.pk].subtotal,
        shop_orders[shop.pk].shipping_fee,
        shop_orders[shop.pk].total,
    ) == (200_000, 20_000, 220_000)
    assert (shop_orders[other_shop.pk].subtotal, shop_orders[other_shop.pk].shipping_fee) == (
        150_000,
        25_000,
    )
    assert StockReservation.objects.filter(source="order", status="active").count() == 2

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert order.number in html
    assert "395.000 ₫" in html
    for so in shop_orders.values():
        assert so.number in html
        assert so.shop.name in html
        assert so.shipping_method_name in html
    assert "Nước mắm Cảnh Dương" in html
    assert "Trà cà gai leo" in html
    assert "thanh toán khi nhận hàng" in html

    # the cart is done: a new visit starts empty
    assert client.get(CART).context["summary"] is None
    assert [m.to for m in mailoutbox if order.number in m.subject][0] == ["buyer@example.vn"]


def test_place_twice_gives_the_same_order(client, catalogue, places, shop):
    _add(client, catalogue["fish"], 1)
    data = {
        **_address_post(places),
        "action": "place",
        "privacy_consent": "on",
        "payment_method": "cod",
        f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
        "expected_total": 120_000,
    }
    first = client.post(CHECKOUT, data)
    second = client.post(CHECKOUT, data)
    assert Order.objects.count() == 1
    assert first.url == second.url == f"/checkout/confirmation/{Order.objects.get().token}/"


def test_vietqr_goes_to_the_bank_transfer_page(client, catalogue, places, shop):
    _add(client, catalogue["fish"], 1)
    response = client.post(
        CHECKOUT,
        {
            **_address_post(places),
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "vietqr",
            f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
            "expected_total": 120_000,
        },
    )
    order = Order.objects.get()
    assert order.status == "unconfirmed"
    assert order.payment_method == "vietqr"
    assert response.url == (vietqr_url(order) or f"/checkout/confirmation/{order.token}/")
    confirmation = client.get(f"/checkout/confirmation/{order.token}/").content.decode()
    assert "chờ chuyển khoản" in confirmation


# --- Prices come from the catalogue --------------------------------------------------------


def test_posted_prices_are_ignored(client, catalogue, places, shop):
    _add(client, catalogue["fish"], 3, price=1, unit_price=1, total=1)
    response = client.post(
        CHECKOUT,
        {
            **_address_post(places),
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "cod",
            f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
            "price": 1,
            "subtotal": 1,
            "shipping_fee": 0,
            "total": 1,
            "expected_total": 320_000,
        },
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.subtotal, order.shipping_total, order.total) == (300_000, 20_000, 320_000)
    assert order.shop_orders.get().lines.get().unit_price == 100_000


def test_total_changed_since_the_page_was_shown_asks_again(client, catalogue, places, shop):
    _add(client, catalogue["fish"], 1)
    data = {
        **_address_post(places),
        "action": "place",
        "privacy_consent": "on",
        "payment_method": "cod",
        f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
        "expected_total": 100_000,
    }
    response = client.post(CHECKOUT, data)
    assert response.status_code == 200
    assert not Order.objects.exists()
    assert "Tổng tiền đã được cập nhật" in response.content.decode()
    assert (
        response.context["summary"].total == 120_000
    )  # the choices were saved; the review shows the real total
    assert client.post(CHECKOUT, {**data, "expected_total": 120_000}).status_code == 302
    assert Order.objects.get().total == 120_000


# --- Bad input: errors shown, nothing saved ------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ship_commune": 99_999_999}, "ship_commune", "Unknown commune"),
        ({"ship_commune": "abc"}, "ship_commune", "Unknown commune"),
        ("hanoi", "ship_commune", "The commune is not in that province"),
        ({"ship_phone": "+12025550123"}, "ship_phone", "Số điện thoại không hợp lệ"),
        (
            {"phone": "+12025550123", "ship_phone": "0912345678"},
            "phone",
            "Số điện thoại không hợp lệ",
        ),
        ({"ship_district": "dong_hoi_wrong"}, "ship_district", "does not match"),
    ],
)
def test_address_errors_are_shown_and_nothing_is_saved(
    client, catalogue, places, shop, overrides, field, message
):
    _add(client, catalogue["fish"], 1)
    if overrides == "hanoi":
        overrides = {"ship_commune": places["hanoi_commune"].pk}
    if overrides.get("ship_district") == "dong_hoi_wrong":
        overrides = {
            "ship_district": AdministrativeUnit.objects.get(
                generation="former", level="district", code="457"
            ).pk
        }
    before = Address.objects.count()
    response = client.post(
        CHECKOUT,
        {
            **_address_post(places, **overrides),
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "cod",
            "note": "Ghi chú",
            "expected_total": 120_000,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    checkout = _checkout(client)
    assert Address.objects.count() == before
    assert checkout.shipping_address_id is None
    assert (checkout.email, checkout.note, checkout.payment_method) == (
        "",
        "",
        "",
    )  # the valid sections too
    assert not Order.objects.exists()


def test_delivery_for_another_address_is_refused_without_saving(client, catalogue, places, shop):
    """A shipping method id the shop does not offer for the address (here another shop's)."""
    _add(client, catalogue["fish"], 1)
    client.post(CHECKOUT, {**_address_post(places), "action": "save-address"})
    response = client.post(
        CHECKOUT,
        {
            **_address_post(places),
            "action": "save-delivery",
            "payment_method": "vietqr",
            f"delivery_{shop.pk}": f"shipping:{catalogue['tea_ship'].pk}",
        },
    )
    assert response.status_code == 400
    assert "not available for the address" in " ".join(
        response.context["form"].errors[f"delivery_{shop.pk}"]
    )
    checkout = _checkout(client)
    assert not CheckoutDelivery.objects.filter(checkout=checkout).exists()
    assert checkout.payment_method == ""


def test_missing_sections_are_reported_at_place(client, catalogue, shop):
    _add(client, catalogue["fish"], 1)
    response = client.post(
        CHECKOUT, {"action": "place", "privacy_consent": "on", "expected_total": 100_000}
    )
    # the total guard passes (no delivery chosen: subtotal only) and completion reports every gap
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "email" in errors
    assert "phone" in errors
    assert "payment_method" in errors
    assert f"delivery_{shop.pk}" in errors
    assert "Shipping address is required" in response.content.decode()
    assert not Order.objects.exists()


# --- Cart quantities -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "code", "text"),
    [
        (0, "invalid_quantity", "Quantity must be 1"),
        (-2, "invalid_quantity", "Quantity must be 1"),
        (11, "insufficient_stock", "Only 10 left"),
    ],
)
def test_add_with_a_bad_quantity_creates_nothing(client, catalogue, quantity, code, text):
    response = client.post(
        "/cart/add/",
        {"variant_id": catalogue["fish"].pk, "quantity": quantity},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == code
    page = client.post(
        "/cart/add/", {"variant_id": catalogue["fish"].pk, "quantity": quantity}, follow=True
    )
    assert text in page.content.decode()
    assert not Checkout.objects.exists()
    assert not CheckoutLine.objects.exists()
    assert SESSION_CHECKOUT_KEY not in client.session


def test_add_json_answers_with_the_cart(client, catalogue):
    response = client.post(
        "/cart/add/",
        {"variant_id": catalogue["fish"].pk, "quantity": 2},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["quantity"] == 2
    assert body["subtotal"] == 200_000
    assert body["line"] == {"variant_id": catalogue["fish"].pk, "quantity": 2}
    assert body["checkout"] == client.session[SESSION_CHECKOUT_KEY]
    again = client.post(
        "/cart/add/",
        {"variant_id": catalogue["fish"].pk, "quantity": 1},
        HTTP_ACCEPT="application/json",
    )
    assert again.json()["line"]["quantity"] == 3


def test_add_unknown_variant_and_next_redirect(client, catalogue):
    response = client.post("/cart/add/", {"variant_id": 9_999_999, "quantity": 1, "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert not Checkout.objects.exists()
    evil = _add(client, catalogue["fish"], 1, next="https://evil.example/")
    assert evil.url == CART


def test_line_update_above_stock_shows_the_error_and_keeps_the_line(client, catalogue):
    fish = catalogue["fish"]
    _add(client, fish, 2)
    response = client.post(f"/cart/lines/{fish.pk}/", {"quantity": 50})
    assert response.status_code == 400
    assert "Only 10 left in stock" in response.content.decode()
    assert CheckoutLine.objects.get().quantity == 2
    assert client.post(f"/cart/lines/{fish.pk}/", {"quantity": 5}).status_code == 302
    assert CheckoutLine.objects.get().quantity == 5
    bad = client.post(f"/cart/lines/{fish.pk}/", {"quantity": "nhiều"})
    assert bad.status_code == 400
    assert CheckoutLine.objects.get().quantity == 5


def test_line_quantity_zero_and_remove(client, catalogue, other_shop):
    fish, tea = catalogue["fish"], catalogue["tea"]
    _add(client, fish, 2)
    _add(client, tea, 1)
    assert client.post(f"/cart/lines/{fish.pk}/", {"quantity": 0}).status_code == 302
    assert list(CheckoutLine.objects.values_list("variant_id", flat=True)) == [tea.pk]
    assert client.post(f"/cart/lines/{tea.pk}/remove/").status_code == 302
    assert not CheckoutLine.objects.exists()
    again = client.post(f"/cart/lines/{tea.pk}/remove/")
    assert again.status_code == 400
    assert "Line not in the cart" in again.content.decode()
    assert client.get(CHECKOUT).url == CART  # an empty cart has no checkout page


def test_cart_of_another_session_is_not_touched(client, catalogue):
    _add(client, catalogue["fish"], 2)
    stranger = Client()
    assert stranger.post(f"/cart/lines/{catalogue['fish'].pk}/", {"quantity": 1}).status_code == 404
    assert CheckoutLine.objects.get().quantity == 2


# --- Pickup -------------------------------------------------------------------------------


def test_pickup_only_where_the_sale_point_holds_the_stock(client, catalogue, places, shop):
    fish = catalogue["fish"]
    stocked = SalePointFactory(name="Điểm bán Đồng Hới")
    short = SalePointFactory(name="Điểm bán Lệ Thủy")
    make_stock(fish, 5, stocked.location)
    make_stock(fish, 1, short.location)
    _add(client, fish, 2)

    page = client.get(CHECKOUT)
    choices = [c["value"] for c in page.context["deliveries"][0]["choices"]]
    assert f"pickup:{stocked.pk}" in choices
    assert f"pickup:{short.pk}" not in choices
    assert "Điểm bán Đồng Hới" in page.content.decode()
    assert "Điểm bán Lệ Thủy" not in page.content.decode()

    refused = client.post(
        CHECKOUT,
        {
            "action": "save-delivery",
            "email": "buyer@example.vn",
            f"delivery_{shop.pk}": f"pickup:{short.pk}",
        },
    )
    assert refused.status_code == 400
    assert "cannot supply these items" in " ".join(
        refused.context["form"].errors[f"delivery_{shop.pk}"]
    )
    checkout = _checkout(client)
    assert not CheckoutDelivery.objects.filter(checkout=checkout).exists()
    assert checkout.email == ""

    # no address needed when everything is picked up
    response = client.post(
        CHECKOUT,
        {
            "action": "place",
            "privacy_consent": "on",
            "email": "buyer@example.vn",
            "phone": "0912345678",
            "payment_method": "cod",
            f"delivery_{shop.pk}": f"pickup:{stocked.pk}",
            "expected_total": 200_000,
        },
    )
    assert response.status_code == 302
    shop_order = ShopOrder.objects.get()
    assert (shop_order.delivery_kind, shop_order.sale_point_id, shop_order.shipping_fee) == (
        "pickup",
        stocked.pk,
        0,
    )
    assert shop_order.stock_location_id == stocked.location.pk
    assert "Điểm bán Đồng Hới" in client.get(response.url).content.decode()


# --- Payment method rules -------------------------------------------------------------------


def test_cod_refused_above_the_limit(client, catalogue, places, shop, settings):
    settings.COD_MAX_ORDER_TOTAL = 50_000
    _add(client, catalogue["fish"], 1)
    client.post(CHECKOUT, {**_address_post(places), "action": "save-address"})
    page = client.get(CHECKOUT)
    assert page.context["cod_ok"] is False
    assert "above the cash-on-delivery limit" in page.content.decode()
    response = client.post(
        CHECKOUT,
        {
            **_address_post(places),
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "cod",
            f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
            "expected_total": 120_000,
        },
    )
    assert response.status_code == 400
    assert "above the cash-on-delivery limit" in " ".join(
        response.context["form"].errors["payment_method"]
    )
    assert not Order.objects.exists()


def test_card_is_not_offered_without_stripe(client, catalogue, settings):
    settings.STRIPE_SECRET_KEY = ""
    _add(client, catalogue["fish"], 1)
    page = client.get(CHECKOUT)
    assert [m["value"] for m in page.context["payment_methods"]] == ["cod", "vietqr"]
    refused = client.post(CHECKOUT, {"action": "save-payment", "payment_method": "card"})
    assert refused.status_code == 400
    assert "Payment method not available" in refused.content.decode()


# --- Address pickers ----------------------------------------------------------------------


def test_communes_json(client, places):
    response = client.get("/checkout/communes/", {"province": places["quang_tri"].pk})
    assert response.status_code == 200
    body = response.json()
    dong_hoi = next(c for c in body["communes"] if c["id"] == places["dong_hoi"].pk)
    assert dong_hoi["districts"] == [places["dong_hoi_district"].pk]
    assert len(body["districts"]) == 8  # former Quảng Bình districts
    hanoi = client.get(
        "/checkout/communes/", {"province": places["hanoi_commune"].parent_id}
    ).json()
    assert hanoi["districts"] == []
    assert all(c["districts"] == [] for c in hanoi["communes"])
    assert client.get("/checkout/communes/", {"province": "abc"}).status_code == 400
    assert client.get("/checkout/communes/", {"province": places["dong_hoi"].pk}).status_code == 404


def test_without_javascript_the_province_refresh_lists_its_communes(client, catalogue, places):
    _add(client, catalogue["fish"], 1)
    response = client.post(CHECKOUT, {"action": "refresh", "ship_province": places["quang_tri"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{places["dong_hoi"].pk}"' in html
    assert "Phường Đồng Hới" in html
    assert not Address.objects.exists()


# --- Login merge --------------------------------------------------------------------------


def test_login_merges_the_anonymous_cart(client, catalogue):
    fish, tea = catalogue["fish"], catalogue["tea"]
    user = UserFactory(username="lan")
    own = cart.checkout_create(user=user)
    cart.checkout_lines_add(checkout=own, lines=[(fish.pk, 1)])
    _add(client, fish, 2)
    _add(client, tea, 1)
    anonymous = _checkout(client)

    response = client.post("/accounts/login/", {"username": "lan", "password": "pass12345"})
    assert response.status_code == 302
    assert client.session[SESSION_CHECKOUT_KEY] == str(own.token)
    assert dict(
        CheckoutLine.objects.filter(checkout=own).values_list("variant_id", "quantity")
    ) == {fish.pk: 3, tea.pk: 1}
    assert not CheckoutLine.objects.filter(checkout=anonymous).exists()
    assert client.get(CART).context["summary"].quantity == 4


def test_login_gives_the_anonymous_cart_to_a_user_without_one(client, catalogue):
    UserFactory(username="lan")
    _add(client, catalogue["fish"], 2)
    anonymous = _checkout(client)
    client.post("/accounts/login/", {"username": "lan", "password": "pass12345"})
    anonymous.refresh_from_db()
    assert anonymous.user.username == "lan"
    assert client.session[SESSION_CHECKOUT_KEY] == str(anonymous.token)
    assert client.get(CART).context["summary"].quantity == 2


def test_login_without_anonymous_cart_finds_the_users_cart(client, catalogue):
    user = UserFactory(username="lan")
    own = cart.checkout_create(user=user)
    cart.checkout_lines_add(checkout=own, lines=[(catalogue["fish"].pk, 1)])
    client.post("/accounts/login/", {"username": "lan", "password": "pass12345"})
    assert client.get(CART).context["summary"].checkout == own


# --- Who may see a placed order -----------------------------------------------------------


def test_confirmation_only_for_the_buyer(client, catalogue, places, shop):
    _add(client, catalogue["fish"], 1)
    client.post(
        CHECKOUT,
        {
            **_address_post(places),
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "cod",
            f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
            "expected_total": 120_000,
        },
    )
    order = Order.objects.get()
    url = f"/checkout/confirmation/{order.token}/"
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 404
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    assert stranger.get(url).status_code == 404
    assert Client().get(f"/orders/{order.token}/pay/card/").status_code == 404

    owner = UserFactory(username="owner")
    Order.objects.filter(pk=order.pk).update(user=owner)
    signed_in = Client()
    signed_in.force_login(owner)
    assert signed_in.get(url).status_code == 200


def test_signed_in_order_belongs_to_the_user(client, catalogue, places, shop, customer):
    client.force_login(customer)
    _add(client, catalogue["fish"], 1)
    assert _checkout(client).user == customer
    client.post(
        CHECKOUT,
        {
            **_address_post(places),
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "cod",
            f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
            "expected_total": 120_000,
        },
    )
    order = Order.objects.get()
    assert order.user == customer
    other_browser = Client()
    other_browser.force_login(customer)
    assert other_browser.get(f"/checkout/confirmation/{order.token}/").status_code == 200


# --- Card ---------------------------------------------------------------------------------


@pytest.mark.service("stripe-mock")
def test_card_path_renders_the_payment_element(client, catalogue, places, shop):
    _add(client, catalogue["fish"], 1)
    assert "card" in [m["value"] for m in client.get(CHECKOUT).context["payment_methods"]]
    response = client.post(
        CHECKOUT,
        {
            **_address_post(places),
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "card",
            f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
            "expected_total": 120_000,
        },
    )
    order = Order.objects.get()
    assert order.payment_method == "card"
    assert order.status == "unconfirmed"
    assert response.url == f"/orders/{order.token}/pay/card/"

    page = client.get(response.url)
    html = page.content.decode()
    payment = Payment.objects.get(order=order)
    assert page.status_code == 200
    assert payment.amount == 120_000
    assert payment.client_secret
    assert f'data-client-secret="{payment.client_secret}"' in html
    assert 'data-publishable-key="pk_test_123"' in html
    assert "/static/orders/pay_card.js" in html  # it loads https://js.stripe.com/v3/
    assert "Không tải được cổng thanh toán thẻ" in html  # shown if Stripe.js cannot load
    assert re.search(r'data-return-url="http://testserver/checkout/confirmation/[0-9a-f-]+/"', html)
    # reloading reuses the same PaymentIntent
    client.get(response.url)
    assert Payment.objects.filter(order=order).count() == 1

    confirmation = client.get(f"/checkout/confirmation/{order.token}/")
    assert "Đang chờ thanh toán thẻ" in confirmation.content.decode()
    assert confirmation["Refresh"] == "15"


def test_card_page_of_a_paid_or_cod_order(client, catalogue, places, shop):
    _add(client, catalogue["fish"], 1)
    client.post(
        CHECKOUT,
        {
            **_address_post(places),
            "action": "place",
            "privacy_consent": "on",
            "payment_method": "cod",
            f"delivery_{shop.pk}": f"shipping:{catalogue['fish_ship'].pk}",
            "expected_total": 120_000,
        },
    )
    order = Order.objects.get()
    assert client.get(f"/orders/{order.token}/pay/card/").status_code == 404
    Order.objects.filter(pk=order.pk).update(payment_method="card")
    assert (
        client.get(f"/orders/{order.token}/pay/card/").url
        == f"/checkout/confirmation/{order.token}/"
    )


def test_urls_reverse():
    assert reverse("orders:cart") == CART
    assert reverse("orders:checkout") == CHECKOUT


def test_cart_page_queries_do_not_grow_with_lines(client, catalogue, admin_units):
    def count() -> int:
        return get_counted(client, CART)[0]

    _add(client, catalogue["fish"], 1)
    one = count()
    for _ in range(3):
        product = ProductFactory(shop=catalogue["tea"].product.shop)
        variant = VariantFactory(product=product)
        make_stock(variant, 5)
        _add(client, variant, 1)
    assert count() == one
