"""A Saleor storefront's checkout journey against our API: list products, create a
checkout with lines from two shops, e-mail and addresses, delivery, payment (Saleor's
dummy payment app, Stripe through stripe-mock with signed webhooks, cash on delivery),
completion, the order with its shop orders — as GraphQL documents written the way Saleor
storefronts write them."""

from __future__ import annotations

import pytest
from graphql_relay import from_global_id

from orders.models import Checkout, Order, Payment, PaymentMethod, ShopOrder
from shops.models import StockReservation
from tests.factories.shops import make_stock
from tests.orders.builders import post_stripe_event, sellable
from tests.orders.graphql.checkout_helpers import (
    BILLING_ADDRESS_UPDATE,
    CHECKOUT_COMPLETE,
    CHECKOUT_CREATE,
    CHECKOUT_QUERY,
    DELIVERY_METHOD_UPDATE,
    DELIVERY_OPTIONS,
    EMAIL_UPDATE,
    GATEWAYS_INITIALIZE,
    LINE_DELETE,
    LINES_ADD,
    LINES_DELETE,
    LINES_UPDATE,
    ORDER_BY_TOKEN,
    ORDER_QUERY,
    SHIPPING_ADDRESS_UPDATE,
    SHIPPING_METHOD_UPDATE,
    SHOP_DELIVERY_UPDATE,
    TRANSACTION_INITIALIZE,
    TRANSACTION_PROCESS,
    address_input,
    run,
)
from tests.support.graphql import gid
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db

PRODUCTS = """
query ProductList($first: Int, $channel: String!) {
  products(first: $first, channel: $channel) {
    edges { node { id name slug variants { id name pricing { price { gross { amount currency } } } } } }
  }
}
"""


def _variant_ids_from_listing(client) -> list[str]:
    data = run(client, PRODUCTS, {"first": 10, "channel": "default-channel"})
    return [edge["node"]["variants"][0]["id"] for edge in data["products"]["edges"]]


def _create_two_shop_checkout(client, variants, user=None) -> dict:
    listed = _variant_ids_from_listing(client)
    a, b = variants
    assert {gid("ProductVariant", a.pk), gid("ProductVariant", b.pk)} <= set(listed)
    data = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "languageCode": "VI",
                "lines": [
                    {"variantId": gid("ProductVariant", a.pk), "quantity": 2},
                    {"variantId": gid("ProductVariant", b.pk), "quantity": 1},
                ],
            }
        },
        user=user,
    )["checkoutCreate"]
    assert data["errors"] == []
    assert data["checkoutErrors"] == []
    return data["checkout"]


def _email_and_addresses(client, checkout_id, user=None) -> dict:
    data = run(client, EMAIL_UPDATE, {"checkoutId": checkout_id, "email": "an@example.vn"}, user)
    assert data["checkoutEmailUpdate"]["errors"] == []
    data = run(
        client,
        SHIPPING_ADDRESS_UPDATE,
        {"checkoutId": checkout_id, "shippingAddress": address_input(), "saveAddress": False},
        user,
    )["checkoutShippingAddressUpdate"]
    assert data["errors"] == []
    data = run(
        client,
        BILLING_ADDRESS_UPDATE,
        {"checkoutId": checkout_id, "billingAddress": address_input(), "saveAddress": False},
        user,
    )["checkoutBillingAddressUpdate"]
    assert data["errors"] == []
    return data["checkout"]


def test_dummy_gateway_journey_two_shops(client, variants):
    """Saleor's own storefront with the dummy payment app (the first gateway listed in
    test settings), unmodified: every step as it sends it."""
    a, b = variants
    checkout = _create_two_shop_checkout(client, variants)
    checkout_id = checkout["id"]
    assert from_global_id(checkout_id) == ("Checkout", checkout["token"])
    assert checkout["quantity"] == 3
    assert checkout["subtotalPrice"]["gross"] == {"currency": "VND", "amount": 360000.0}
    assert checkout["shippingMethods"] == []
    assert checkout["delivery"] is None
    assert [g["id"] for g in checkout["availablePaymentGateways"]][
        0
    ] == "saleor.io.dummy-payment-app"
    assert checkout["channel"]["slug"] == "default-channel"
    assert checkout["giftCards"] == []
    assert checkout["voucherCode"] is None

    checkout = _email_and_addresses(client, checkout_id)
    assert checkout["email"] == "an@example.vn"
    address = checkout["shippingAddress"]
    assert (address["lastName"], address["firstName"]) == ("Nguyễn", "Văn An")
    assert address["city"] == "Xã Minh Hóa, Huyện Minh Hóa"
    assert address["countryArea"] == "Tỉnh Quảng Trị"
    assert address["country"] == {"code": "VN", "country": "Vietnam"}
    assert address["phone"] == "+84912345678"

    deliveries = run(client, DELIVERY_OPTIONS, {"id": checkout_id})["deliveryOptionsCalculate"]
    assert deliveries["errors"] == []
    # two shops within the province: 20.000 ₫ each, free from 300.000 ₫ (shop A: 300.000 ₫)
    cheapest = deliveries["deliveries"][0]
    assert cheapest["shippingMethod"]["price"]["amount"] == 20000.0
    assert cheapest["shippingMethod"]["active"] is True
    data = run(
        client,
        DELIVERY_METHOD_UPDATE,
        {"checkoutId": checkout_id, "deliveryMethodId": cheapest["id"]},
    )["checkoutDeliveryMethodUpdate"]
    assert data["errors"] == []
    checkout = data["checkout"]
    assert checkout["delivery"]["id"] == cheapest["id"]
    assert checkout["deliveryMethod"]["__typename"] == "ShippingMethod"
    assert checkout["shippingPrice"]["gross"]["amount"] == 20000.0
    assert checkout["totalPrice"]["gross"]["amount"] == 380000.0
    assert all(
        d["deliveryMethod"]["__typename"] == "ShippingMethod" for d in checkout["deliveries"]
    )
    assert checkout["problems"] == []
    assert checkout["authorizeStatus"] == "NONE"

    configs = run(
        client,
        GATEWAYS_INITIALIZE,
        {"checkoutId": checkout_id, "paymentGateways": [{"id": "saleor.io.dummy-payment-app"}]},
    )["paymentGatewayInitialize"]
    assert configs["errors"] == []
    assert configs["gatewayConfigs"][0]["errors"] == []
    paid = run(
        client,
        TRANSACTION_INITIALIZE,
        {
            "checkoutId": checkout_id,
            "amount": 380000.0,
            "paymentGateway": {
                "id": "saleor.io.dummy-payment-app",
                "data": {"event": {"includePspReference": True, "type": "CHARGE_SUCCESS"}},
            },
        },
    )["transactionInitialize"]
    assert paid["errors"] == []
    assert paid["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert paid["transaction"]["chargedAmount"]["amount"] == 380000.0
    checkout = run(client, CHECKOUT_QUERY, {"id": checkout_id})["checkout"]
    assert (checkout["authorizeStatus"], checkout["chargeStatus"]) == ("FULL", "FULL")

    result = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout_id})["checkoutComplete"]
    assert result["errors"] == []
    assert result["confirmationNeeded"] is False
    order = result["order"]
    assert order["status"] == "UNFULFILLED"
    assert order["isPaid"] is True
    assert order["paymentStatus"] == "FULLY_CHARGED"
    assert order["chargeStatus"] == "FULL"
    assert order["total"]["gross"] == {"currency": "VND", "amount": 380000.0}
    assert order["channel"]["slug"] == "default-channel"
    assert order["userEmail"] == "an@example.vn"
    assert [so["shop"]["name"] for so in order["shopOrders"]] == [
        a.product.shop.name,
        b.product.shop.name,
    ]
    assert [len(so["lines"]) for so in order["shopOrders"]] == [1, 1]
    assert sum(so["total"]["gross"]["amount"] for so in order["shopOrders"]) == 380000.0
    assert {line["productSku"] for line in order["lines"]} == {a.sku, b.sku}
    assert order["deliveryMethod"]["__typename"] == "ShippingMethod"
    assert order["discounts"] == []
    assert order["voucher"] is None
    assert order["fulfillments"] == []
    placed = Order.objects.get()
    assert placed.payment_method == PaymentMethod.DUMMY
    assert from_global_id(order["id"]) == ("Order", str(placed.token))

    # the confirmation page of a guest: the order by its ID, and by token
    assert run(client, ORDER_QUERY, {"id": order["id"]})["order"]["number"] == placed.number
    assert (
        run(client, ORDER_BY_TOKEN, {"token": order["token"]})["orderByToken"]["number"]
        == placed.number
    )
    # completing again answers the same order
    again = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout_id})["checkoutComplete"]
    assert again["errors"] == []
    assert again["order"]["number"] == placed.number
    assert Order.objects.count() == 1
    # a completed checkout is gone for the storefront
    assert run(client, CHECKOUT_QUERY, {"id": checkout_id})["checkout"] is None


def test_cash_on_delivery_one_shop_with_saleor_single_method(client, two_shops, customer):
    """A signed-in buyer, one shop: the shop's own methods are listed; the deprecated
    ``checkoutShippingMethodUpdate`` works; COD places an unpaid order."""
    shop, _ = two_shops
    variant = sellable(shop, price=120_000, stock=5)
    checkout = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "email": "an@example.vn",
                "shippingAddress": address_input(),
                "billingAddress": address_input(),
                "lines": [{"variantId": gid("ProductVariant", variant.pk), "quantity": 1}],
            }
        },
        customer,
    )
    checkout = checkout["checkoutCreate"]["checkout"]
    assert checkout["user"]["id"] == gid("User", customer.pk)
    methods = checkout["shippingMethods"]
    assert [from_global_id(m["id"])[0] for m in methods] == ["ShippingMethod"]
    assert methods[0]["name"] == "Giao hàng nội tỉnh"
    assert (methods[0]["minimumDeliveryDays"], methods[0]["maximumDeliveryDays"]) == (1, 2)
    data = run(
        client,
        SHIPPING_METHOD_UPDATE,
        {"checkoutId": checkout["id"], "shippingMethodId": methods[0]["id"]},
        customer,
    )["checkoutShippingMethodUpdate"]
    assert data["errors"] == []
    assert data["checkout"]["delivery"]["shippingMethod"]["id"] == methods[0]["id"]
    assert "ocop.cod" in [g["id"] for g in data["checkout"]["availablePaymentGateways"]]
    cod = run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": checkout["id"], "paymentGateway": {"id": "ocop.cod"}},
        customer,
    )["transactionInitialize"]
    assert cod["errors"] == []
    assert cod["transaction"] is None
    assert cod["transactionEvent"]["type"] == "INFO"
    assert cod["data"] == {"paymentMethod": "cod"}
    result = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout["id"]}, customer)[
        "checkoutComplete"
    ]
    assert result["errors"] == []
    order = result["order"]
    assert (order["status"], order["paymentStatus"], order["isPaid"]) == (
        "UNFULFILLED",
        "NOT_CHARGED",
        False,
    )
    assert order["total"]["gross"]["amount"] == 140000.0
    assert order["shopOrders"][0]["shippingPrice"]["gross"]["amount"] == 20000.0
    assert Order.objects.get().user == customer


def test_vietqr_places_an_unconfirmed_order(client, variants):
    a, _ = variants
    checkout = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "email": "an@example.vn",
                "shippingAddress": address_input(),
                "billingAddress": address_input(),
                "lines": [{"variantId": gid("ProductVariant", a.pk), "quantity": 1}],
            }
        },
    )
    checkout_id = checkout["checkoutCreate"]["checkout"]["id"]
    method = checkout["checkoutCreate"]["checkout"]["shippingMethods"][0]["id"]
    run(client, DELIVERY_METHOD_UPDATE, {"checkoutId": checkout_id, "deliveryMethodId": method})
    run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": checkout_id, "paymentGateway": {"id": "ocop.vietqr"}},
    )
    order = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout_id})["checkoutComplete"]["order"]
    assert (order["status"], order["paymentStatus"]) == ("UNCONFIRMED", "NOT_CHARGED")
    assert Order.objects.get().payment_method == PaymentMethod.VIETQR


def test_per_shop_delivery_with_the_extension_and_pickup(client, variants, admin_units):
    """Multi-vendor: one shop ships with its own method, the other is picked up at a sale
    point holding its goods (``checkoutShopDeliveryUpdate``); Saleor's single delivery
    then shows as chosen per shop."""
    from shops.models import StockLocation
    from tests.factories.shops import SalePointFactory

    a, b = variants
    point = SalePointFactory()
    location = StockLocation.objects.get(sale_point=point)
    make_stock(b, 3, location)
    checkout = _create_two_shop_checkout(client, variants)
    checkout = _email_and_addresses(client, checkout["id"])
    shop_a, shop_b = checkout["deliveries"]
    assert shop_a["availableCollectionPoints"] == []
    assert shop_b["availableCollectionPoints"] == [
        {"id": gid("Warehouse", location.pk), "name": point.name}
    ]
    assert checkout["availableCollectionPoints"] == []  # no point holds both shops' goods
    express = max(shop_a["shippingMethods"], key=lambda m: m["price"]["amount"])
    data = run(
        client,
        SHOP_DELIVERY_UPDATE,
        {
            "checkoutId": checkout["id"],
            "shopId": shop_a["shop"]["id"],
            "shippingMethodId": express["id"],
        },
    )["checkoutShopDeliveryUpdate"]
    assert data["errors"] == []
    data = run(
        client,
        SHOP_DELIVERY_UPDATE,
        {
            "checkoutId": checkout["id"],
            "shopSlug": b.product.shop.slug,
            "collectionPointId": gid("Warehouse", location.pk),
        },
    )
    checkout = data["checkoutShopDeliveryUpdate"]["checkout"]
    assert data["checkoutShopDeliveryUpdate"]["errors"] == []
    assert [d["deliveryMethod"]["__typename"] for d in checkout["deliveries"]] == [
        "ShippingMethod",
        "Warehouse",
    ]
    assert checkout["deliveries"][1]["shippingPrice"]["gross"]["amount"] == 0
    assert checkout["delivery"] is None  # not one shipping method for the whole checkout
    assert checkout["shippingPrice"]["gross"]["amount"] == express["price"]["amount"]
    run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": checkout["id"], "paymentGateway": {"id": "ocop.cod"}},
    )
    order = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout["id"]})["checkoutComplete"][
        "order"
    ]
    shop_orders = ShopOrder.objects.order_by("number")
    assert [so.delivery_kind for so in shop_orders] == ["shipping", "pickup"]
    assert shop_orders[1].sale_point == point
    assert order["shippingPrice"]["gross"]["amount"] == express["price"]["amount"]


def test_lines_add_update_delete_and_the_deprecated_line_delete(client, variants):
    a, b = variants
    checkout = run(client, CHECKOUT_CREATE, {"input": {"channel": "default-channel", "lines": []}})
    checkout_id = checkout["checkoutCreate"]["checkout"]["id"]
    data = run(
        client,
        LINES_ADD,
        {
            "checkoutId": checkout_id,
            "lines": [{"variantId": gid("ProductVariant", a.pk), "quantity": 1}],
        },
    )["checkoutLinesAdd"]
    data = run(
        client,
        LINES_ADD,
        {
            "checkoutId": checkout_id,
            "lines": [
                {"variantId": gid("ProductVariant", a.pk), "quantity": 2},
                {"variantId": gid("ProductVariant", b.pk), "quantity": 1},
            ],
        },
    )["checkoutLinesAdd"]
    lines = data["checkout"]["lines"]
    assert [line["quantity"] for line in lines] == [3, 1]
    assert lines[0]["unitPrice"]["gross"]["amount"] == 150000.0
    assert lines[0]["totalPrice"]["gross"]["amount"] == 450000.0
    data = run(
        client,
        LINES_UPDATE,
        {
            "checkoutId": checkout_id,
            "lines": [
                {"lineId": lines[0]["id"], "quantity": 5},
                {"lineId": lines[1]["id"], "quantity": 0},
            ],
        },
    )
    assert data["checkoutLinesUpdate"]["errors"] == []
    assert [
        (ln["id"], ln["quantity"]) for ln in data["checkoutLinesUpdate"]["checkout"]["lines"]
    ] == [(lines[0]["id"], 5)]
    data = run(
        client,
        LINES_ADD,
        {
            "checkoutId": checkout_id,
            "lines": [{"variantId": gid("ProductVariant", b.pk), "quantity": 1}],
        },
    )["checkoutLinesAdd"]
    b_line = data["checkout"]["lines"][1]["id"]
    data = run(client, LINE_DELETE, {"checkoutId": checkout_id, "lineId": b_line})[
        "checkoutLineDelete"
    ]
    assert data["errors"] == []
    assert len(data["checkout"]["lines"]) == 1
    data = run(client, LINES_DELETE, {"checkoutId": checkout_id, "lineIds": [lines[0]["id"]]})
    assert data["checkoutLinesDelete"]["errors"] == []
    assert data["checkoutLinesDelete"]["checkout"]["lines"] == []


@pytest.mark.service("stripe-mock")
def test_stripe_journey_with_signed_webhooks(client, variants, django_capture_on_commit_callbacks):
    """Stripe as Saleor's Stripe app answers (``data.paymentIntent.stripeClientSecret``),
    the card authorization arriving by a signed webhook, then completion (the capture
    follows on commit) and the succeeded webhook marking the order paid."""
    checkout = _create_two_shop_checkout(client, variants)
    checkout_id = checkout["id"]
    checkout = _email_and_addresses(client, checkout_id)
    gateways = [g["id"] for g in checkout["availablePaymentGateways"]]
    assert gateways[:2] == ["saleor.io.dummy-payment-app", "saleor.app.payment.stripe"]
    stripe_config = next(
        g for g in checkout["availablePaymentGateways"] if g["id"] == "saleor.app.payment.stripe"
    )
    assert stripe_config["config"] == [{"field": "publishableKey", "value": "pk_test_123"}]
    for delivery in checkout["deliveries"]:
        run(
            client,
            SHOP_DELIVERY_UPDATE,
            {
                "checkoutId": checkout_id,
                "shopId": delivery["shop"]["id"],
                "shippingMethodId": delivery["shippingMethods"][0]["id"],
            },
        )
    configs = run(
        client,
        GATEWAYS_INITIALIZE,
        {"checkoutId": checkout_id, "paymentGateways": [{"id": "saleor.app.payment.stripe"}]},
    )["paymentGatewayInitialize"]["gatewayConfigs"]
    assert configs == [
        {
            "id": "saleor.app.payment.stripe",
            "data": {"stripePublishableKey": "pk_test_123"},
            "errors": [],
        }
    ]
    started = run(
        client,
        TRANSACTION_INITIALIZE,
        {
            "checkoutId": checkout_id,
            "action": "AUTHORIZATION",
            "amount": 380000,
            "paymentGateway": {
                "id": "saleor.app.payment.stripe",
                "data": {"paymentIntent": {"paymentMethod": "card"}},
            },
        },
    )["transactionInitialize"]
    assert started["errors"] == []
    secret = started["data"]["paymentIntent"]["stripeClientSecret"]
    assert "_secret_" in secret
    assert started["data"]["paymentIntent"]["client_secret"] == secret
    assert started["transactionEvent"]["type"] == "AUTHORIZATION_ACTION_REQUIRED"
    payment = Payment.objects.get()
    assert payment.amount == 380000
    assert payment.stripe_payment_intent == started["transaction"]["pspReference"]
    assert StockReservation.objects.filter(source="checkout", status="active").count() == 2
    checkout = run(client, CHECKOUT_QUERY, {"id": checkout_id})["checkout"]
    assert checkout["authorizeStatus"] == "NONE"
    # unpaid card checkout: not completed
    early = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout_id})["checkoutComplete"]
    assert [e["code"] for e in early["errors"]] == ["CHECKOUT_NOT_FULLY_PAID"]
    assert early["order"] is None

    intent = {
        "id": payment.stripe_payment_intent,
        "object": "payment_intent",
        "amount": payment.amount,
        "amount_capturable": payment.amount,
        "currency": "vnd",
        "status": "requires_capture",
        "metadata": {"checkout": checkout["token"]},
    }
    assert (
        post_stripe_event(
            client, "evt_auth_1", "payment_intent.amount_capturable_updated", intent
        ).status_code
        == 200
    )
    checkout = run(client, CHECKOUT_QUERY, {"id": checkout_id})["checkout"]
    assert (checkout["authorizeStatus"], checkout["chargeStatus"]) == ("FULL", "NONE")
    with django_capture_on_commit_callbacks(execute=True):
        result = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout_id})["checkoutComplete"]
    assert result["errors"] == []
    order = Order.objects.get()
    assert order.payment_method == PaymentMethod.CARD
    assert len(result["order"]["shopOrders"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        post_stripe_event(
            client,
            "evt_paid_1",
            "payment_intent.succeeded",
            {**intent, "status": "succeeded", "amount_received": payment.amount},
        )
    paid = run(client, ORDER_QUERY, {"id": result["order"]["id"]})["order"]
    assert (paid["isPaid"], paid["paymentStatus"], paid["chargeStatus"]) == (
        True,
        "FULLY_CHARGED",
        "FULL",
    )
    assert all(so["isPaid"] for so in paid["shopOrders"])
    process = run(client, TRANSACTION_PROCESS, {"id": started["transaction"]["id"]})[
        "transactionProcess"
    ]
    assert process["errors"] == []
    assert process["transactionEvent"]["type"] == "CHARGE_SUCCESS"


@pytest.mark.service("stripe-mock")
def test_stripe_paid_before_complete_completes_itself(
    client, variants, django_capture_on_commit_callbacks
):
    """The succeeded webhook can beat the storefront's ``checkoutComplete``: the checkout
    is completed by the webhook and ``checkoutComplete`` answers that order."""
    checkout = _create_two_shop_checkout(client, variants)
    checkout_id = checkout["id"]
    checkout = _email_and_addresses(client, checkout_id)
    options = run(client, DELIVERY_OPTIONS, {"id": checkout_id})["deliveryOptionsCalculate"][
        "deliveries"
    ]
    run(
        client,
        DELIVERY_METHOD_UPDATE,
        {"checkoutId": checkout_id, "deliveryMethodId": options[0]["id"]},
    )
    run(
        client,
        TRANSACTION_INITIALIZE,
        {"checkoutId": checkout_id, "paymentGateway": {"id": "saleor.app.payment.stripe"}},
    )
    payment = Payment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        post_stripe_event(
            client,
            "evt_paid_early",
            "payment_intent.succeeded",
            {
                "id": payment.stripe_payment_intent,
                "object": "payment_intent",
                "amount": payment.amount,
                "amount_received": payment.amount,
                "currency": "vnd",
                "status": "succeeded",
            },
        )
    assert Checkout.objects.get().completed_order is not None
    result = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout_id})["checkoutComplete"]
    assert result["errors"] == []
    assert result["order"]["isPaid"] is True
    assert Order.objects.count() == 1


def test_checkout_lines_query_count_does_not_grow_with_lines(client, two_shops):
    """``checkout { lines … totals, methods, gateways, deliveries }`` costs the same for 1
    line as for 10 (and for 2 shops' lines as for 10 lines of those shops)."""
    shop, other = two_shops

    def checkout_with(count: int, shops: tuple) -> str:
        variants = [
            sellable(shops[i % len(shops)], price=10_000 + i, stock=50) for i in range(count)
        ]
        data = run(
            client,
            CHECKOUT_CREATE,
            {
                "input": {
                    "channel": "default-channel",
                    "email": "an@example.vn",
                    "shippingAddress": address_input(),
                    "lines": [
                        {"variantId": gid("ProductVariant", v.pk), "quantity": 1} for v in variants
                    ],
                }
            },
        )
        return data["checkoutCreate"]["checkout"]["id"]

    def queries_for(checkout_id: str) -> int:
        count, data = count_queries(run, client, CHECKOUT_QUERY, {"id": checkout_id})
        assert data["checkout"]["lines"]
        return count

    assert queries_for(checkout_with(1, (shop,))) == queries_for(checkout_with(10, (shop,)))
    assert queries_for(checkout_with(2, (shop, other))) == queries_for(
        checkout_with(10, (shop, other))
    )


METADATA_UPDATE = """
mutation checkoutMetadataUpdate($id: ID!, $input: [MetadataInput!]!) {
  updateMetadata(id: $id, input: $input) {
    errors { field code message }
    item { ... on Checkout { id metadata { key value } metafield(key: "marketingConsent") } }
  }
}
"""


def test_storefront_keeps_marketing_consent_in_checkout_metadata(client, variants, customer):
    checkout = run(client, CHECKOUT_CREATE, {"input": {"channel": "default-channel"}}, customer)
    checkout_id = checkout["checkoutCreate"]["checkout"]["id"]
    data = run(
        client,
        METADATA_UPDATE,
        {"id": checkout_id, "input": [{"key": "marketingConsent", "value": "true"}]},
        customer,
    )["updateMetadata"]
    assert data["errors"] == []
    assert data["item"] == {
        "id": checkout_id,
        "metadata": [{"key": "marketingConsent", "value": "true"}],
        "metafield": "true",
    }
    assert Checkout.objects.get().metadata == {"marketingConsent": "true"}
    # not someone else's checkout, and no empty keys
    stranger = run(
        client, METADATA_UPDATE, {"id": checkout_id, "input": [{"key": "x", "value": "y"}]}
    )
    assert [e["code"] for e in stranger["updateMetadata"]["errors"]] == ["NOT_FOUND"]
    empty = run(
        client,
        METADATA_UPDATE,
        {"id": checkout_id, "input": [{"key": " ", "value": "y"}]},
        customer,
    )
    assert [e["code"] for e in empty["updateMetadata"]["errors"]] == ["REQUIRED"]
    assert Checkout.objects.get().metadata == {"marketingConsent": "true"}


TRANSLATED_METHODS = """
query checkout($id: ID!) {
  checkout(id: $id) {
    metadata { key value }
    shippingMethods { name translation(languageCode: EN_US) { name language { code } } }
    vi: shippingMethods { translation(languageCode: VI) { name } }
  }
}
"""


def test_create_with_metadata_and_english_method_names(client, variants):
    data = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "shippingAddress": address_input(),
                "metadata": [{"key": "source", "value": "storefront"}],
                "lines": [{"variantId": gid("ProductVariant", variants[0].pk), "quantity": 1}],
            }
        },
    )
    checkout = run(client, TRANSLATED_METHODS, {"id": data["checkoutCreate"]["checkout"]["id"]})[
        "checkout"
    ]
    assert checkout["metadata"] == [{"key": "source", "value": "storefront"}]
    assert checkout["shippingMethods"][0]["name"] == "Giao hàng nội tỉnh"
    assert checkout["shippingMethods"][0]["translation"] == {
        "name": "Within-province delivery",
        "language": {"code": "EN_US"},
    }
    assert checkout["vi"][0]["translation"] is None
