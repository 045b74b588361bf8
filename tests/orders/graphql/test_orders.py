"""Who reaches which checkout and order through the API (and ``node(id:)``), the order's
shop orders as each actor sees them, order statuses in Saleor's enums, and query counts
of order lists."""

from __future__ import annotations

import pytest
from django.utils import timezone

from orders.models import Checkout, Order, PaymentMethod, ShopOrder
from orders.services.checkout import checkout_complete
from tests.factories.marketplace import UserFactory
from tests.factories.shops import ShopMembershipFactory
from tests.orders.builders import ready_checkout
from tests.orders.graphql.checkout_helpers import (
    CHECKOUT_COMPLETE,
    CHECKOUT_CREATE,
    CHECKOUT_QUERY,
    EMAIL_UPDATE,
    ORDER_BY_TOKEN,
    ORDER_QUERY,
    address_input,
    run,
)
from tests.support.graphql import gid, gql
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db

NODE = """
query node($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Order { number shopOrders { number } }
    ... on Checkout { token }
    ... on ShopOrder { number }
    ... on Fulfillment { trackingNumber }
  }
}
"""

ATTACH = """
mutation checkoutCustomerAttach($checkoutId: ID!) {
  checkoutCustomerAttach(id: $checkoutId) { errors { field code } checkout { id user { id } } }
}
"""

DETACH = """
mutation checkoutCustomerDetach($checkoutId: ID!) {
  checkoutCustomerDetach(id: $checkoutId) { errors { field code } checkout { id user { id } } }
}
"""

VALIDATION_RULES = """
query addressValidationRules($countryCode: CountryCode!, $countryArea: String) {
  addressValidationRules(countryCode: $countryCode, countryArea: $countryArea) {
    countryCode
    countryName
    allowedFields
    requiredFields
    countryAreaType
    countryAreaChoices { raw verbose }
    cityChoices { raw }
  }
}
"""


@pytest.fixture
def two_shop_order(variants, customer, django_capture_on_commit_callbacks):
    """A COD order of ``customer`` with one shop order per shop."""
    a, b = variants
    checkout = ready_checkout([(a, 1), (b, 2)], method=PaymentMethod.COD, user=customer)
    with django_capture_on_commit_callbacks(execute=True):
        return checkout_complete(checkout=checkout, user=customer)


def _order_id(order: Order) -> str:
    return gid("Order", order.token)


# --- checkouts ------------------------------------------------------------------------------


def test_anonymous_checkout_is_reachable_by_its_id(client, variants):
    data = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "lines": [{"variantId": gid("ProductVariant", variants[0].pk), "quantity": 1}],
            }
        },
    )
    checkout_id = data["checkoutCreate"]["checkout"]["id"]
    stranger = UserFactory()
    assert (
        run(client, CHECKOUT_QUERY, {"id": checkout_id}, stranger)["checkout"]["id"] == checkout_id
    )
    assert run(client, NODE, {"id": checkout_id})["node"]["__typename"] == "Checkout"


def test_a_users_checkout_is_theirs_only(client, variants, customer):
    data = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "lines": [{"variantId": gid("ProductVariant", variants[0].pk), "quantity": 1}],
            }
        },
        customer,
    )
    checkout_id = data["checkoutCreate"]["checkout"]["id"]
    assert (
        run(client, CHECKOUT_QUERY, {"id": checkout_id}, customer)["checkout"]["id"] == checkout_id
    )
    stranger = UserFactory()
    for viewer in (None, stranger):
        assert run(client, CHECKOUT_QUERY, {"id": checkout_id}, viewer)["checkout"] is None
        assert run(client, NODE, {"id": checkout_id}, viewer)["node"] is None
        payload = run(
            client, EMAIL_UPDATE, {"checkoutId": checkout_id, "email": "x@example.vn"}, viewer
        )
        assert [(e["field"], e["code"]) for e in payload["checkoutEmailUpdate"]["errors"]] == [
            ("id", "NOT_FOUND")
        ]
        payload = run(client, CHECKOUT_COMPLETE, {"checkoutId": checkout_id}, viewer)[
            "checkoutComplete"
        ]
        assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    assert Checkout.objects.get().email == customer.email


def test_customer_attach_and_detach(client, variants, customer):
    data = run(client, CHECKOUT_CREATE, {"input": {"channel": "default-channel"}})
    checkout_id = data["checkoutCreate"]["checkout"]["id"]
    answer = gql(client, ATTACH, {"checkoutId": checkout_id})
    assert answer["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    payload = run(client, ATTACH, {"checkoutId": checkout_id}, customer)["checkoutCustomerAttach"]
    assert payload["errors"] == []
    assert payload["checkout"]["user"]["id"] == gid("User", customer.pk)
    stranger = UserFactory()
    payload = run(client, ATTACH, {"checkoutId": checkout_id}, stranger)["checkoutCustomerAttach"]
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    assert Checkout.objects.get().user == customer
    payload = run(client, DETACH, {"checkoutId": checkout_id}, customer)["checkoutCustomerDetach"]
    assert payload["errors"] == []
    assert payload["checkout"]["user"] is None


# --- orders ---------------------------------------------------------------------------------


def test_buyer_sees_the_whole_order(client, two_shop_order, customer):
    order = run(client, ORDER_QUERY, {"id": _order_id(two_shop_order)}, customer)["order"]
    assert order["number"] == two_shop_order.number
    assert order["status"] == "UNFULFILLED"
    assert order["paymentStatus"] == "NOT_CHARGED"
    assert len(order["shopOrders"]) == 2
    assert len(order["lines"]) == 2
    assert order["total"]["gross"]["amount"] == float(two_shop_order.total)
    assert order["shippingAddress"]["city"] == two_shop_order.shipping_address.commune.full_name + (
        f", {two_shop_order.shipping_address.district.full_name}"
        if two_shop_order.shipping_address.district_id
        else ""
    )
    by_token = run(client, ORDER_BY_TOKEN, {"token": str(two_shop_order.token)}, customer)[
        "orderByToken"
    ]
    assert by_token["id"] == order["id"]
    node = run(client, NODE, {"id": order["id"]}, customer)["node"]
    assert node["__typename"] == "Order"
    assert len(node["shopOrders"]) == 2


def test_an_accounts_order_is_hidden_from_others(client, two_shop_order, other_sale_point_clerk):
    order_id = _order_id(two_shop_order)
    for viewer in (None, UserFactory(), other_sale_point_clerk):
        assert run(client, ORDER_QUERY, {"id": order_id}, viewer)["order"] is None
        assert (
            run(client, ORDER_BY_TOKEN, {"token": str(two_shop_order.token)}, viewer)[
                "orderByToken"
            ]
            is None
        )
        assert run(client, NODE, {"id": order_id}, viewer)["node"] is None


def test_shop_staff_see_their_part_only(client, two_shop_order, variants):
    a, b = variants
    staff_a = ShopMembershipFactory(shop=a.product.shop, role="staff").user
    order = run(client, ORDER_QUERY, {"id": _order_id(two_shop_order)}, staff_a)["order"]
    own = ShopOrder.objects.get(order=two_shop_order, shop=a.product.shop)
    assert [so["number"] for so in order["shopOrders"]] == [own.number]
    assert [line["productSku"] for line in order["lines"]] == [a.sku]
    assert order["total"]["gross"]["amount"] == float(own.total)
    other_staff = ShopMembershipFactory().user  # a shop with nothing in this order
    assert run(client, ORDER_QUERY, {"id": _order_id(two_shop_order)}, other_staff)["order"] is None
    other_part = ShopOrder.objects.get(order=two_shop_order, shop=b.product.shop)
    assert run(client, NODE, {"id": gid("ShopOrder", other_part.pk)}, staff_a)["node"] is None
    assert (
        run(client, NODE, {"id": gid("ShopOrder", own.pk)}, staff_a)["node"]["number"] == own.number
    )


def test_the_ocop_office_sees_every_order(client, two_shop_order, ocop_office):
    order = run(client, ORDER_QUERY, {"id": _order_id(two_shop_order)}, ocop_office)["order"]
    assert len(order["shopOrders"]) == 2


def test_a_guest_order_is_for_whoever_holds_its_id(
    client, variants, django_capture_on_commit_callbacks
):
    checkout = ready_checkout([(variants[0], 1)], method=PaymentMethod.COD)
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout_complete(checkout=checkout)
    assert run(client, ORDER_QUERY, {"id": _order_id(order)})["order"]["number"] == order.number
    assert (
        run(client, ORDER_QUERY, {"id": gid("Order", order.pk)})["order"] is None
    )  # a pk is not an ID


def test_statuses_and_fulfillments_in_saleors_terms(client, two_shop_order, customer):
    part = two_shop_order.shop_orders.order_by("number").first()
    ShopOrder.objects.filter(pk=part.pk).update(
        status=ShopOrder.Status.SHIPPED,
        carrier="VNPost",
        tracking_number="VN123",
        shipped_at=timezone.now(),
    )
    Order.objects.filter(pk=two_shop_order.pk).update(status=Order.Status.PARTIALLY_FULFILLED)
    order = run(client, ORDER_QUERY, {"id": _order_id(two_shop_order)}, customer)["order"]
    assert order["status"] == "PARTIALLY_FULFILLED"
    assert [(f["status"], f["trackingNumber"]) for f in order["fulfillments"]] == [
        ("FULFILLED", "VN123")
    ]
    assert len(order["fulfillments"][0]["lines"]) == 1
    shipped = next(so for so in order["shopOrders"] if so["number"] == part.number)
    assert (shipped["status"], shipped["carrier"]) == ("SHIPPED", "VNPost")
    Order.objects.filter(pk=two_shop_order.pk).update(status=Order.Status.CANCELLED)
    assert (
        run(client, ORDER_QUERY, {"id": _order_id(two_shop_order)}, customer)["order"]["status"]
        == "CANCELED"
    )


def test_order_lines_query_count_does_not_grow(
    client, two_shops, customer, django_capture_on_commit_callbacks
):
    from tests.orders.builders import sellable

    shop, other = two_shops

    def order_with(count: int) -> Order:
        lines = [
            (sellable(shop if i % 2 else other, price=10_000 + i, stock=5), 1) for i in range(count)
        ]
        checkout = ready_checkout(lines, method=PaymentMethod.COD, user=customer)
        with django_capture_on_commit_callbacks(execute=True):
            return checkout_complete(checkout=checkout, user=customer)

    counts = []
    for order in (order_with(2), order_with(10)):
        count, data = count_queries(run, client, ORDER_QUERY, {"id": _order_id(order)}, customer)
        assert data["order"]["lines"]
        counts.append(count)
    assert counts[0] == counts[1], counts


# --- address rules --------------------------------------------------------------------------


def test_address_validation_rules_for_vietnam(client, admin_units):
    rules = run(client, VALIDATION_RULES, {"countryCode": "VN"})["addressValidationRules"]
    assert rules["countryName"] == "Vietnam"
    assert rules["countryAreaType"] == "province"
    assert {"city", "countryArea", "streetAddress1"} <= set(rules["requiredFields"])
    assert len(rules["countryAreaChoices"]) == 34
    assert rules["cityChoices"] == []
    assert {"raw": "Tỉnh Quảng Trị", "verbose": "Tỉnh Quảng Trị"} in rules["countryAreaChoices"]
    rules = run(client, VALIDATION_RULES, {"countryCode": "VN", "countryArea": "Quảng Trị"})[
        "addressValidationRules"
    ]
    assert {"raw": "Xã Minh Hóa"} in rules["cityChoices"]


def test_a_checkout_order_round_trip_keeps_the_address(client, variants):
    data = run(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": "default-channel",
                "shippingAddress": address_input(city="Xã Minh Hóa"),
            }
        },
    )
    address = data["checkoutCreate"]["checkout"]["shippingAddress"]
    assert address["city"] == "Xã Minh Hóa, Huyện Minh Hóa"  # the former district is derived
    assert address["cityArea"] == ""
    assert address["postalCode"] == ""
