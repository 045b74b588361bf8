"""Every coded error path of the checkout API: Saleor's error codes, fields, ``variants``,
``lines`` and ``addressType``; nothing half-saved; prices never from the client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Checkout, CheckoutLine, Order, Payment
from shops.models import Stock
from tests.orders.builders import sellable
from tests.orders.graphql.checkout_helpers import (
    BILLING_ADDRESS_UPDATE,
    CHECKOUT_COMPLETE,
    CHECKOUT_CREATE,
    CHECKOUT_QUERY,
    DELIVERY_METHOD_UPDATE,
    EMAIL_UPDATE,
    LINES_ADD,
    LINES_DELETE,
    LINES_UPDATE,
    SHIPPING_ADDRESS_UPDATE,
    SHIPPING_METHOD_UPDATE,
    SHOP_DELIVERY_UPDATE,
    TRANSACTION_INITIALIZE,
    address_input,
    run,
)
from tests.support.graphql import gid, gql

pytestmark = pytest.mark.django_db

PROMO = """
mutation checkoutAddPromoCode($checkoutId: ID, $promoCode: String!) {
  checkoutAddPromoCode(checkoutId: $checkoutId, promoCode: $promoCode) {
    errors { field code message }
    checkout { id }
  }
}
"""


def _errors(payload: dict) -> list[tuple]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


def _checkout(client, variant, quantity: int = 1, **extra) -> dict:
    data = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "lines": [{"variantId": gid("ProductVariant", variant.pk), "quantity": quantity}],
                **extra,
            }
        },
    )
    assert data["checkoutCreate"]["errors"] == []
    return data["checkoutCreate"]["checkout"]


def _ready(client, variant) -> dict:
    """Lines, e-mail, both addresses and the cheapest shipping: only payment is missing."""
    checkout = _checkout(
        client,
        variant,
        email="an@example.vn",
        shippingAddress=address_input(),
        billingAddress=address_input(),
    )
    data = run(
        client,
        DELIVERY_METHOD_UPDATE,
        {"checkoutId": checkout["id"], "deliveryMethodId": checkout["shippingMethods"][0]["id"]},
    )
    assert data["checkoutDeliveryMethodUpdate"]["errors"] == []
    return data["checkoutDeliveryMethodUpdate"]["checkout"]


# --- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"city": "Xã Không Có Thật"}, "city"),
        ({"countryArea": "Tỉnh Atlantis"}, "countryArea"),
        (
            {"city": "Phường Đồng Hới", "countryArea": "Thành phố Hà Nội"},
            "city",
        ),  # a commune of another province
        ({"phone": "+1 202 555 0143"}, "phone"),
        ({"country": "US"}, "country"),
    ],
)
def test_bad_address_is_refused_with_a_coded_error(client, variants, overrides, field):
    checkout = _checkout(client, variants[0])
    data = run(
        client,
        SHIPPING_ADDRESS_UPDATE,
        {"checkoutId": checkout["id"], "shippingAddress": address_input(**overrides)},
    )
    payload = data["checkoutShippingAddressUpdate"]
    assert (field, "INVALID") in _errors(payload)
    assert {e["addressType"] for e in payload["errors"]} == {"SHIPPING"}
    assert Checkout.objects.get().shipping_address is None


def test_missing_address_parts_are_required(client, variants):
    checkout = _checkout(client, variants[0])
    payload = run(
        client,
        BILLING_ADDRESS_UPDATE,
        {
            "checkoutId": checkout["id"],
            "billingAddress": address_input(streetAddress1="", firstName="", lastName=""),
        },
    )["checkoutBillingAddressUpdate"]
    assert set(_errors(payload)) == {("streetAddress1", "REQUIRED"), ("firstName", "REQUIRED")}
    assert {e["addressType"] for e in payload["errors"]} == {"BILLING"}


@pytest.mark.parametrize(
    "address",
    [
        {"countryArea": "quang tri", "city": "minh hoa"},  # no accents, no unit words
        {"countryArea": "44", "city": "Xã Minh Hóa"},  # province by official code
        {"countryArea": "Quảng Trị", "city": "Xã Minh Hóa", "cityArea": "Huyện Minh Hóa"},
    ],
)
def test_vietnamese_address_spellings_are_understood(client, variants, address):
    checkout = _checkout(client, variants[0])
    payload = run(
        client,
        SHIPPING_ADDRESS_UPDATE,
        {"checkoutId": checkout["id"], "shippingAddress": address_input(**address)},
    )
    payload = payload["checkoutShippingAddressUpdate"]
    assert payload["errors"] == []
    assert payload["checkout"]["shippingAddress"]["city"] == "Xã Minh Hóa, Huyện Minh Hóa"
    assert payload["checkout"]["shippingAddress"]["countryArea"] == "Tỉnh Quảng Trị"


def test_autosave_of_a_partial_address_saves_nothing_and_says_nothing(client, variants):
    checkout = _checkout(client, variants[0])
    payload = run(
        client,
        SHIPPING_ADDRESS_UPDATE,
        {
            "checkoutId": checkout["id"],
            "shippingAddress": {"firstName": "An", "countryArea": "Quảng Trị"},
            "validationRules": {"checkRequiredFields": False},
        },
    )["checkoutShippingAddressUpdate"]
    assert payload["errors"] == []
    assert payload["checkout"]["shippingAddress"] is None


def test_bad_email(client, variants):
    checkout = _checkout(client, variants[0])
    payload = run(client, EMAIL_UPDATE, {"checkoutId": checkout["id"], "email": "not-an-email"})
    assert _errors(payload["checkoutEmailUpdate"]) == [("email", "INVALID")]


# --- lines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "code"),
    [
        (0, "ZERO_QUANTITY"),
        (-1, "ZERO_QUANTITY"),
        (100_000, "QUANTITY_GREATER_THAN_LIMIT"),
        (11, "INSUFFICIENT_STOCK"),
    ],
)
def test_line_quantities(client, variants, quantity, code):
    variant = variants[0]
    checkout = _checkout(client, variant)
    payload = run(
        client,
        LINES_ADD,
        {
            "checkoutId": checkout["id"],
            "lines": [{"variantId": gid("ProductVariant", variant.pk), "quantity": quantity}],
        },
    )["checkoutLinesAdd"]
    assert _errors(payload) == [("quantity", code)]
    assert payload["errors"][0]["variants"] == [gid("ProductVariant", variant.pk)]
    assert CheckoutLine.objects.get().quantity == 1


def test_over_stock_counts_what_is_already_in_the_checkout(client, variants):
    variant = variants[0]  # 10 in stock
    checkout = _checkout(client, variant, quantity=8)
    payload = run(
        client,
        LINES_ADD,
        {
            "checkoutId": checkout["id"],
            "lines": [{"variantId": gid("ProductVariant", variant.pk), "quantity": 3}],
        },
    )["checkoutLinesAdd"]
    assert _errors(payload) == [("quantity", "INSUFFICIENT_STOCK")]
    assert "10" in payload["errors"][0]["message"]


def test_create_with_one_bad_line_saves_nothing(client, variants):
    a, b = variants
    data = gql(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "email": "an@example.vn",
                "lines": [
                    {"variantId": gid("ProductVariant", a.pk), "quantity": 1},
                    {"variantId": gid("ProductVariant", b.pk), "quantity": 50},
                ],
            }
        },
    )["data"]["checkoutCreate"]
    assert _errors(data) == [("quantity", "INSUFFICIENT_STOCK")]
    assert data["checkout"] is None
    assert data["checkoutErrors"] == [{"code": "INSUFFICIENT_STOCK"}]
    assert not Checkout.objects.exists()
    assert not CheckoutLine.objects.exists()


def test_create_with_a_bad_address_saves_nothing(client, variants):
    data = gql(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "lines": [{"variantId": gid("ProductVariant", variants[0].pk), "quantity": 1}],
                "shippingAddress": address_input(city="Nowhere"),
            }
        },
    )["data"]["checkoutCreate"]
    assert _errors(data) == [("city", "INVALID")]
    assert data["errors"][0]["addressType"] == "SHIPPING"
    assert not Checkout.objects.exists()


def test_unknown_channel_and_variant(client, variants):
    data = gql(client, CHECKOUT_CREATE, {"input": {"channel": "no-such-channel"}})["data"][
        "checkoutCreate"
    ]
    assert _errors(data) == [("channel", "NOT_FOUND")]
    data = gql(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "lines": [{"variantId": gid("ProductVariant", 999999), "quantity": 1}],
            }
        },
    )["data"]["checkoutCreate"]
    assert _errors(data) == [("variantId", "NOT_FOUND")]
    data = gql(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "lines": [{"variantId": gid("Product", variants[0].product_id), "quantity": 1}],
            }
        },
    )["data"]["checkoutCreate"]
    assert _errors(data) == [("variantId", "NOT_FOUND")]
    assert not Checkout.objects.exists()


def test_unpublished_product_cannot_be_added(client, variants):
    a, b = variants
    checkout = _checkout(client, a)
    b.product.status = "draft"
    b.product.save(update_fields=["status"])
    payload = run(
        client,
        LINES_ADD,
        {
            "checkoutId": checkout["id"],
            "lines": [{"variantId": gid("ProductVariant", b.pk), "quantity": 1}],
        },
    )["checkoutLinesAdd"]
    assert _errors(payload) == [("variantId", "NOT_FOUND")]


def test_price_is_never_taken_from_the_client(client, variants):
    """A line price is an app/staff override in Saleor (HANDLE_CHECKOUTS): refused as a
    permission error, nothing changed; the price always comes from the catalogue."""
    variant = variants[0]
    checkout = _checkout(client, variant)
    answer = gql(
        client,
        LINES_ADD,
        {
            "checkoutId": checkout["id"],
            "lines": [{"variantId": gid("ProductVariant", variant.pk), "quantity": 1, "price": 1}],
        },
    )
    assert answer["data"]["checkoutLinesAdd"] is None
    assert answer["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    answer = gql(
        client,
        LINES_UPDATE,
        {
            "checkoutId": checkout["id"],
            "lines": [{"lineId": checkout["lines"][0]["id"], "quantity": 2, "price": 1}],
        },
    )
    assert answer["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert CheckoutLine.objects.get().quantity == 1
    data = run(client, CHECKOUT_QUERY, {"id": checkout["id"]})["checkout"]
    assert data["totalPrice"]["gross"]["amount"] == 150000.0


def test_lines_of_another_checkout_are_refused(client, variants):
    a, b = variants
    mine, theirs = _checkout(client, a), _checkout(client, b)
    payload = run(
        client, LINES_DELETE, {"checkoutId": mine["id"], "lineIds": [theirs["lines"][0]["id"]]}
    )["checkoutLinesDelete"]
    assert _errors(payload) == [("lineId", "INVALID")]
    assert payload["errors"][0]["lines"] == [theirs["lines"][0]["id"]]
    payload = run(
        client,
        LINES_UPDATE,
        {"checkoutId": mine["id"], "lines": [{"lineId": theirs["lines"][0]["id"], "quantity": 3}]},
    )["checkoutLinesUpdate"]
    assert _errors(payload) == [("lineId", "INVALID")]
    assert CheckoutLine.objects.count() == 2
    assert set(CheckoutLine.objects.values_list("quantity", flat=True)) == {1}


def test_lines_update_is_all_or_nothing(client, variants):
    a, b = variants
    checkout = _checkout(client, a)
    data = run(
        client,
        LINES_ADD,
        {
            "checkoutId": checkout["id"],
            "lines": [{"variantId": gid("ProductVariant", b.pk), "quantity": 1}],
        },
    )["checkoutLinesAdd"]["checkout"]
    first, second = data["lines"]
    payload = run(
        client,
        LINES_UPDATE,
        {
            "checkoutId": checkout["id"],
            "lines": [
                {"lineId": first["id"], "quantity": 5},
                {"lineId": second["id"], "quantity": 99},
            ],
        },
    )["checkoutLinesUpdate"]
    assert _errors(payload) == [("quantity", "INSUFFICIENT_STOCK")]
    assert sorted(CheckoutLine.objects.values_list("quantity", flat=True)) == [1, 1]


# --- delivery -------------------------------------------------------------------------------


def test_delivery_before_the_address_and_a_method_of_elsewhere(client, variants, two_shops):
    a, b = variants
    checkout = _checkout(client, a)
    other_method = gid("ShippingMethod", b.product.shop.shipping_zones.first().methods.first().pk)
    payload = run(
        client,
        DELIVERY_METHOD_UPDATE,
        {"checkoutId": checkout["id"], "deliveryMethodId": other_method},
    )
    assert _errors(payload["checkoutDeliveryMethodUpdate"]) == [
        ("deliveryMethodId", "SHIPPING_ADDRESS_NOT_SET")
    ]
    run(
        client,
        SHIPPING_ADDRESS_UPDATE,
        {"checkoutId": checkout["id"], "shippingAddress": address_input()},
    )
    payload = run(
        client,
        DELIVERY_METHOD_UPDATE,
        {"checkoutId": checkout["id"], "deliveryMethodId": other_method},
    )
    assert _errors(payload["checkoutDeliveryMethodUpdate"]) == [
        ("deliveryMethodId", "DELIVERY_METHOD_NOT_APPLICABLE")
    ]
    payload = run(
        client,
        SHIPPING_METHOD_UPDATE,
        {"checkoutId": checkout["id"], "shippingMethodId": other_method},
    )
    assert _errors(payload["checkoutShippingMethodUpdate"]) == [
        ("shippingMethodId", "SHIPPING_METHOD_NOT_APPLICABLE")
    ]
    payload = run(
        client,
        DELIVERY_METHOD_UPDATE,
        {"checkoutId": checkout["id"], "deliveryMethodId": gid("Product", 1)},
    )
    assert _errors(payload["checkoutDeliveryMethodUpdate"]) == [("deliveryMethodId", "NOT_FOUND")]


def test_shop_delivery_extension_errors(client, variants):
    a, b = variants
    checkout = _checkout(client, a, shippingAddress=address_input())
    payload = run(
        client,
        SHOP_DELIVERY_UPDATE,
        {
            "checkoutId": checkout["id"],
            "shopId": gid("Shop", b.product.shop_id),
            "shippingMethodId": checkout["shippingMethods"][0]["id"],
        },
    )["checkoutShopDeliveryUpdate"]
    assert _errors(payload) == [("shopId", "NOT_FOUND")]
    payload = run(
        client,
        SHOP_DELIVERY_UPDATE,
        {
            "checkoutId": checkout["id"],
            "shopId": gid("Shop", a.product.shop_id),
            "collectionPointId": gid("Warehouse", 999999),
        },
    )
    assert _errors(payload["checkoutShopDeliveryUpdate"]) == [("collectionPointId", "INVALID")]


def test_a_changed_address_drops_a_method_that_no_longer_applies(client, variants):
    checkout = _ready(client, variants[0])
    assert checkout["delivery"] is not None
    far = address_input(city="Phường Hoàn Kiếm", countryArea="Hà Nội")
    data = run(
        client, SHIPPING_ADDRESS_UPDATE, {"checkoutId": checkout["id"], "shippingAddress": far}
    )
    checkout = data["checkoutShippingAddressUpdate"]["checkout"]
    assert checkout["delivery"] is None
    assert [m["name"] for m in checkout["shippingMethods"]] == ["Giao hàng tiêu chuẩn"]


# --- payment and completion -----------------------------------------------------------------


def test_complete_names_every_missing_precondition(client, variants):
    checkout = _checkout(client, variants[0])
    payload = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout["id"]})["checkoutComplete"]
    assert set(_errors(payload)) >= {
        ("email", "EMAIL_NOT_SET"),
        ("shippingAddress", "SHIPPING_ADDRESS_NOT_SET"),
        ("shippingMethod", "SHIPPING_METHOD_NOT_SET"),
        ("billingAddress", "BILLING_ADDRESS_NOT_SET"),
        ("id", "CHECKOUT_NOT_FULLY_PAID"),
    }
    assert payload["order"] is None
    assert not Order.objects.exists()


def test_complete_an_empty_checkout(client, variants):
    checkout = _checkout(client, variants[0])
    run(
        client,
        LINES_DELETE,
        {"checkoutId": checkout["id"], "lineIds": [checkout["lines"][0]["id"]]},
    )
    payload = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout["id"]})["checkoutComplete"]
    assert _errors(payload) == [("lines", "NO_LINES")]


def test_complete_requires_payment_unless_cod_or_vietqr(client, variants):
    checkout = _ready(client, variants[0])
    payload = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout["id"]})["checkoutComplete"]
    assert _errors(payload) == [("id", "CHECKOUT_NOT_FULLY_PAID")]
    declined = run(
        client,
        TRANSACTION_INITIALIZE,
        {
            "checkoutId": checkout["id"],
            "paymentGateway": {
                "id": "saleor.io.dummy-payment-app",
                "data": {"event": {"type": "CHARGE_FAILURE"}},
            },
        },
    )["transactionInitialize"]
    assert declined["transactionEvent"]["type"] == "CHARGE_FAILURE"
    assert declined["transaction"] is None
    payload = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout["id"]})["checkoutComplete"]
    assert _errors(payload) == [("id", "CHECKOUT_NOT_FULLY_PAID")]
    assert not Payment.objects.exists()
    assert not Order.objects.exists()


def test_stock_gone_before_completion(client, variants):
    variant = variants[0]
    checkout = _ready(client, variant)
    run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": checkout["id"], "paymentGateway": {"id": "ocop.cod"}},
    )
    Stock.objects.filter(variant=variant).update(quantity=0)
    payload = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout["id"]})["checkoutComplete"]
    assert _errors(payload) == [("lines", "INSUFFICIENT_STOCK")]
    assert payload["errors"][0]["variants"] == [gid("ProductVariant", variant.pk)]
    assert not Order.objects.exists()


def test_expired_checkout_is_gone(client, variants):
    checkout = _ready(client, variants[0])
    Checkout.objects.update(updated_at=timezone.now() - timedelta(days=31))
    assert run(client, CHECKOUT_QUERY, {"id": checkout["id"]})["checkout"] is None
    payload = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout["id"]})["checkoutComplete"]
    assert _errors(payload) == [("id", "NOT_FOUND")]
    payload = run(client, EMAIL_UPDATE, {"checkoutId": checkout["id"], "email": "b@example.vn"})
    assert _errors(payload["checkoutEmailUpdate"]) == [("id", "NOT_FOUND")]


def test_transaction_initialize_errors(client, variants):
    checkout = _ready(client, variants[0])
    total = checkout["totalPrice"]["gross"]["amount"]
    payload = run(
        client,
        TRANSACTION_INITIALIZE,
        {
            "checkoutId": checkout["id"],
            "amount": total - 1,
            "paymentGateway": {"id": "saleor.io.dummy-payment-app"},
        },
    )
    assert _errors(payload["transactionInitialize"]) == [("amount", "INVALID")]
    payload = run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": checkout["id"], "paymentGateway": {"id": "mirumee.payments.unknown"}},
    )
    assert _errors(payload["transactionInitialize"]) == [("paymentGateway", "NOT_FOUND")]
    payload = run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": gid("Checkout", "0" * 32), "paymentGateway": {"id": "ocop.cod"}},
    )
    assert _errors(payload["transactionInitialize"]) == [("id", "NOT_FOUND")]
    assert not Payment.objects.exists()


def test_cash_on_delivery_above_the_limit(client, two_shops, settings):
    settings.COD_MAX_ORDER_TOTAL = 100_000
    variant = sellable(two_shops[0], price=150_000, stock=5)
    checkout = _ready(client, variant)
    assert "ocop.cod" not in [g["id"] for g in checkout["availablePaymentGateways"]]
    payload = run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": checkout["id"], "paymentGateway": {"id": "ocop.cod"}},
    )
    assert _errors(payload["transactionInitialize"]) == [("paymentGateway", "NOT_FOUND")]


def test_dummy_gateway_is_off_outside_demo_settings(client, variants, settings):
    settings.DUMMY_PAYMENT_GATEWAY_ENABLED = False
    checkout = _ready(client, variants[0])
    assert "saleor.io.dummy-payment-app" not in [
        g["id"] for g in checkout["availablePaymentGateways"]
    ]
    payload = run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": checkout["id"], "paymentGateway": {"id": "saleor.io.dummy-payment-app"}},
    )
    assert _errors(payload["transactionInitialize"]) == [("paymentGateway", "NOT_FOUND")]


def test_promo_codes_are_not_offered(client, variants):
    checkout = _checkout(client, variants[0])
    payload = run(client, PROMO, {"checkoutId": checkout["id"], "promoCode": "TET2026"})[
        "checkoutAddPromoCode"
    ]
    assert _errors(payload) == [("promoCode", "INVALID")]
