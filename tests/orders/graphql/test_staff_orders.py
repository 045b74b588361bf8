"""A producer's orders over the API (orders/graphql/staff.py): ``shopOrders`` lists only
the viewer's shop's parts of customer orders, and Saleor's ``orderFulfill`` ships the
viewer's shop order in one step (confirm → pack → ship; a pickup order is handed over),
consuming its stock; coded ``OrderError``s for bad input, nothing changed; the five
actors."""

from __future__ import annotations

from typing import Any

import pytest

from orders.models import Order, OrderLine, PaymentMethod, ShopOrder
from shops.models import Stock, StockLocation, StockReservation
from tests.factories.orders import placed_order
from tests.factories.shops import SalePointFactory, ShopMembershipFactory, make_stock
from tests.orders.builders import sellable
from tests.support.actors import FIVE_ACTORS, actor_for
from tests.support.graphql import errors_of, gid, gql, permission_denied, token_for
from tests.support.queries import count_queries

S = ShopOrder.Status

ORDER_FULFILL = """
mutation Fulfill($order: ID, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) {
    errors { field code message orderLines warehouse }
    orderErrors { field code }
    order { id status shopOrders { id status } }
    shopOrder { id number status carrier trackingNumber }
    fulfillments { id status trackingNumber carrier }
  }
}"""
SHOP_ORDERS = """
query ShopOrders($first: Int, $after: String, $filter: ShopOrderFilterInput, $shop: ID) {
  shopOrders(first: $first, after: $after, filter: $filter, shop: $shop) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id number status isPaid total { gross { amount } } shop { name }
                   lines { productName quantity variant { sku } } } }
  }
}"""


def call(client: Any, user: Any, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return gql(client, query, variables, token=token_for(user))


def fulfil(client: Any, user: Any, order_id: str, **input_values: Any) -> dict[str, Any]:
    answer = call(
        client, user, ORDER_FULFILL, {"order": order_id, "input": {"lines": [], **input_values}}
    )
    assert "errors" not in answer, answer
    return answer["data"]["orderFulfill"]


def order_id(order: Order) -> str:
    """An order's global ID: its token, as Saleor's (and the checkout schema's)."""
    return gid("Order", str(order.token))


def part(order: Order, shop: Any = None) -> ShopOrder:
    parts = ShopOrder.objects.filter(order=order).select_related("order")
    return (parts.filter(shop=shop) if shop else parts).get()


def on_hand(variant: Any, location: StockLocation | None = None) -> int:
    return Stock.objects.get(
        variant=variant, **({"location": location} if location else {})
    ).quantity


def state(order: Order) -> tuple[Any, ...]:
    return (
        list(
            ShopOrder.objects.filter(order=order)
            .order_by("pk")
            .values_list("status", "carrier", "tracking_number")
        ),
        Order.objects.get(pk=order.pk).status,
        list(Stock.objects.order_by("pk").values_list("quantity", flat=True)),
        list(StockReservation.objects.order_by("pk").values_list("status", flat=True)),
    )


def lines_input(
    shop_order: ShopOrder, quantity: int | None = None, location: Any = None
) -> list[dict[str, Any]]:
    return [
        {
            "orderLineId": gid("OrderLine", line.pk),
            "stocks": [
                {
                    "quantity": line.quantity if quantity is None else quantity,
                    "warehouse": gid("Warehouse", (location or shop_order.stock_location).pk),
                }
            ],
        }
        for line in OrderLine.objects.filter(shop_order=shop_order).order_by("pk")
    ]


# --- orderFulfill -------------------------------------------------------------------------------


def test_fulfil_ships_the_shop_order_and_consumes_stock(client, shop, shop_staff, customer):
    variant = sellable(shop, stock=10)
    order = placed_order([(shop, [(variant, 3)])], user=customer)
    shop_order = part(order)
    payload = fulfil(
        client,
        shop_staff,
        order_id(order),
        lines=lines_input(shop_order),
        trackingNumber="GHN123456",
        carrier="GHN",
        notifyCustomer=True,
    )
    assert payload["errors"] == []
    assert payload["orderErrors"] == []
    assert payload["shopOrder"] == {
        "id": gid("ShopOrder", shop_order.pk),
        "number": shop_order.number,
        "status": "SHIPPED",
        "carrier": "GHN",
        "trackingNumber": "GHN123456",
    }
    assert payload["fulfillments"] == [
        {
            "id": gid("Fulfillment", shop_order.pk),
            "status": "FULFILLED",
            "trackingNumber": "GHN123456",
            "carrier": "GHN",
        }
    ]
    assert payload["order"] == {
        "id": order_id(order),
        "status": "FULFILLED",
        "shopOrders": [{"id": gid("ShopOrder", shop_order.pk), "status": "SHIPPED"}],
    }
    shop_order.refresh_from_db()
    assert (shop_order.status, shop_order.carrier, shop_order.tracking_number) == (
        S.SHIPPED,
        "GHN",
        "GHN123456",
    )
    assert shop_order.confirmed_at
    assert shop_order.shipped_at
    assert on_hand(variant) == 7
    assert list(StockReservation.objects.values_list("status", flat=True)) == ["consumed"]
    assert Order.objects.get(pk=order.pk).status == Order.Status.FULFILLED
    assert list(OrderLine.objects.values_list("quantity_fulfilled", flat=True)) == [3]


def test_fulfil_by_shop_order_id_with_no_lines_ships_everything(client, shop, shop_staff):
    first, second = sellable(shop, stock=5), sellable(shop, stock=5)
    order = placed_order([(shop, [(first, 1), (second, 2)])])
    shop_order = part(order)
    payload = fulfil(
        client,
        shop_staff,
        gid("ShopOrder", shop_order.pk),
        trackingNumber="VTP1",
        carrier="Viettel",
    )
    assert payload["errors"] == []
    assert part(order).status == S.SHIPPED
    assert (on_hand(first), on_hand(second)) == (4, 3)


def test_fulfil_only_the_viewers_part_of_a_two_shop_order(client, shop, other_shop, shop_staff):
    mine, theirs = sellable(shop, stock=5), sellable(other_shop, stock=5)
    order = placed_order([(shop, [(mine, 1)]), (other_shop, [(theirs, 1)])])
    payload = fulfil(client, shop_staff, order_id(order), trackingNumber="T1", carrier="GHN")
    assert payload["errors"] == []
    assert (part(order, shop).status, part(order, other_shop).status) == (S.SHIPPED, S.UNFULFILLED)
    assert (on_hand(mine), on_hand(theirs)) == (4, 5)
    assert Order.objects.get(pk=order.pk).status == Order.Status.PARTIALLY_FULFILLED
    # a guest order's payload shows the viewer's part only
    assert payload["order"]["shopOrders"] == [
        {"id": gid("ShopOrder", part(order, shop).pk), "status": "SHIPPED"}
    ]
    # the other shop's lines are not the viewer's to name
    other_lines = lines_input(part(order, other_shop))
    payload = fulfil(
        client, shop_staff, order_id(order), lines=other_lines, trackingNumber="T2", carrier="GHN"
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("orderLineId", "NOT_FOUND")]
    assert part(order, other_shop).status == S.UNFULFILLED


def test_fulfil_a_pickup_order_hands_it_over(client, shop, shop_staff):
    sale_point = SalePointFactory()
    variant = sellable(shop, stock=5)
    counter = StockLocation.objects.get(sale_point=sale_point)
    make_stock(variant, 3, counter)
    order = placed_order([(shop, [(variant, 2)])], delivery_kind="pickup", sale_point=sale_point)
    shop_order = part(order)
    payload = fulfil(client, shop_staff, order_id(order), lines=lines_input(shop_order))
    assert payload["errors"] == []
    assert part(order).status == S.DELIVERED
    assert (on_hand(variant, counter), on_hand(variant, shop.warehouses.get())) == (1, 5)


BAD = {
    "partial": (
        lambda so: {"lines": lines_input(so, quantity=1)},
        [("orderLineId", "FULFILL_ORDER_LINE")],
    ),
    "zero": (lambda so: {"lines": lines_input(so, quantity=0)}, [("lines", "ZERO_QUANTITY")]),
    "negative": (
        lambda so: {"lines": lines_input(so, quantity=-1)},
        [("quantity", "INVALID_QUANTITY")],
    ),
    "missing_line": (lambda so: {"lines": lines_input(so)[:1]}, [("lines", "FULFILL_ORDER_LINE")]),
    "duplicate_line": (
        lambda so: {"lines": lines_input(so)[:1] * 2},
        [("orderLineId", "DUPLICATED_INPUT_ITEM")],
    ),
    "unknown_line": (
        lambda so: {"lines": [{"orderLineId": gid("OrderLine", 999999), "stocks": []}]},
        [("orderLineId", "NOT_FOUND")],
    ),
    "bad_line_id": (
        lambda so: {"lines": [{"orderLineId": gid("Product", 1), "stocks": []}]},
        [("orderLineId", "GRAPHQL_ERROR")],
    ),
    "other_warehouse": (
        lambda so: {"lines": lines_input(so, location=SalePointFactory().location)},
        [("warehouse", "INVALID")],
    ),
    "no_carrier": (lambda so: {"carrier": ""}, [("carrier", "REQUIRED")]),
    "no_tracking": (lambda so: {"trackingNumber": " "}, [("trackingNumber", "REQUIRED")]),
    "long_tracking": (lambda so: {"trackingNumber": "x" * 61}, [("trackingNumber", "INVALID")]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_fulfil_bad_input_changes_nothing(client, shop, shop_staff, case):
    order = placed_order([(shop, [(sellable(shop), 2), (sellable(shop), 1)])])
    shop_order = part(order)
    make_input, expected = BAD[case]
    before = state(order)
    payload = fulfil(
        client,
        shop_staff,
        order_id(order),
        **{"trackingNumber": "T1", "carrier": "GHN", **make_input(shop_order)},
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == expected
    assert payload["order"] is None
    assert all(e["message"] for e in payload["errors"])
    assert state(order) == before


def test_fulfil_errors_name_lines_and_warehouse(client, shop, shop_staff):
    order = placed_order([(shop, [(sellable(shop), 2)])])
    shop_order = part(order)
    counter = SalePointFactory().location
    payload = fulfil(
        client,
        shop_staff,
        order_id(order),
        lines=lines_input(shop_order, location=counter),
        trackingNumber="T",
        carrier="GHN",
    )
    line = OrderLine.objects.get()
    assert payload["errors"][0]["orderLines"] == [gid("OrderLine", line.pk)]
    assert payload["errors"][0]["warehouse"] == gid("Warehouse", counter.pk)


def test_fulfil_unpaid_card_order(client, shop, shop_staff):
    order = placed_order(
        [(shop, [(sellable(shop), 1)])], payment_method=PaymentMethod.CARD, paid=False
    )
    before = state(order)
    payload = fulfil(client, shop_staff, order_id(order), trackingNumber="T", carrier="GHN")
    assert errors_of(payload) == [("order", "CANNOT_FULFILL_UNPAID_ORDER")]
    assert state(order) == before


def test_fulfil_twice(client, shop, shop_staff):
    order = placed_order([(shop, [(sellable(shop), 1)])])
    assert (
        fulfil(client, shop_staff, order_id(order), trackingNumber="T", carrier="GHN")["errors"]
        == []
    )
    before = state(order)
    payload = fulfil(client, shop_staff, order_id(order), trackingNumber="T2", carrier="GHN")
    assert errors_of(payload) == [("order", "INVALID")]
    assert "shipped" in payload["errors"][0]["message"]
    assert state(order) == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "REQUIRED"),
        ("nonsense", "GRAPHQL_ERROR"),
        (gid("Product", 1), "GRAPHQL_ERROR"),
        (gid("ShopOrder", "abc"), "GRAPHQL_ERROR"),
        (gid("Order", 1), "NOT_FOUND"),
        (gid("Order", "5d5ab1b4-7d4e-4f6c-9d55-3c1c2f7f0a11"), "NOT_FOUND"),
        (gid("ShopOrder", 999999), "NOT_FOUND"),
    ],
)
def test_fulfil_bad_order_ids(client, shop, shop_staff, value, expected):
    placed_order([(shop, [(sellable(shop), 1)])])
    payload = fulfil(client, shop_staff, value, trackingNumber="T", carrier="GHN")
    assert errors_of(payload) == [("order", expected)]


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_who_may_fulfil(request, client, shop, customer, actor, allowed):
    user = actor_for(request, actor)
    variant = sellable(shop, stock=4)
    order = placed_order([(shop, [(variant, 1)])], user=customer)  # even the buyer may not
    before = state(order)
    answer = call(
        client,
        user,
        ORDER_FULFILL,
        {"order": order_id(order), "input": {"lines": [], "trackingNumber": "T", "carrier": "GHN"}},
    )
    if allowed:
        assert answer["data"]["orderFulfill"]["errors"] == []
        assert part(order).status == S.SHIPPED
        assert on_hand(variant) == 3
        return
    if actor == "other_owner":
        assert errors_of(answer["data"]["orderFulfill"]) == [("order", "NOT_FOUND")]
    else:
        assert permission_denied(answer, "orderFulfill"), answer
        assert "MANAGE_ORDERS" in answer["errors"][0]["message"]
    assert state(order) == before


# --- shopOrders ---------------------------------------------------------------------------------


def test_shop_orders_lists_only_the_viewers_shop(client, shop, other_shop, shop_staff, other_owner):
    mine = [placed_order([(shop, [(sellable(shop), 1)])]) for _ in range(3)]
    both = placed_order([(shop, [(sellable(shop), 1)]), (other_shop, [(sellable(other_shop), 1)])])
    answer = call(client, shop_staff, SHOP_ORDERS, {"first": 10})
    assert "errors" not in answer, answer
    listed = answer["data"]["shopOrders"]
    expected = [gid("ShopOrder", part(o, shop).pk) for o in reversed([*mine, both])]
    assert listed["totalCount"] == 4
    assert [edge["node"]["id"] for edge in listed["edges"]] == expected
    theirs = call(client, other_owner, SHOP_ORDERS, {"first": 10})["data"]["shopOrders"]
    assert [edge["node"]["id"] for edge in theirs["edges"]] == [
        gid("ShopOrder", part(both, other_shop).pk)
    ]


def test_shop_orders_filters_and_pages(client, shop, shop_staff):
    orders = [placed_order([(shop, [(sellable(shop), 1)])]) for _ in range(3)]
    fulfil(client, shop_staff, order_id(orders[0]), trackingNumber="T", carrier="GHN")
    shipped = call(
        client, shop_staff, SHOP_ORDERS, {"first": 10, "filter": {"status": ["SHIPPED"]}}
    )
    assert [e["node"]["id"] for e in shipped["data"]["shopOrders"]["edges"]] == [
        gid("ShopOrder", part(orders[0]).pk)
    ]
    found = call(
        client, shop_staff, SHOP_ORDERS, {"first": 10, "filter": {"search": orders[1].number}}
    )
    assert [e["node"]["id"] for e in found["data"]["shopOrders"]["edges"]] == [
        gid("ShopOrder", part(orders[1]).pk)
    ]
    page = call(client, shop_staff, SHOP_ORDERS, {"first": 2})["data"]["shopOrders"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert len(page["edges"]) == 2
    rest = call(
        client, shop_staff, SHOP_ORDERS, {"first": 2, "after": page["pageInfo"]["endCursor"]}
    )
    assert len(rest["data"]["shopOrders"]["edges"]) == 1
    bad = call(client, shop_staff, SHOP_ORDERS, {"first": 2, "filter": {"status": ["LOST"]}})
    assert "data" not in bad
    assert "LOST" in bad["errors"][0]["message"]
    too_many = call(client, shop_staff, SHOP_ORDERS, {"first": 101})
    assert "exceeds the `first` limit of 100" in too_many["errors"][0]["message"]


@pytest.mark.parametrize(("actor", "allowed"), FIVE_ACTORS)
def test_who_may_list_shop_orders(request, client, shop, customer, actor, allowed):
    placed_order([(shop, [(sellable(shop), 1)])], user=customer)
    answer = call(client, actor_for(request, actor), SHOP_ORDERS, {"first": 10})
    if allowed:
        assert answer["data"]["shopOrders"]["totalCount"] == 1
    elif actor == "other_owner":
        assert answer["data"]["shopOrders"]["totalCount"] == 0  # their own (empty) list
    else:
        assert permission_denied(answer, "shopOrders"), answer


def test_staff_of_several_shops_names_the_shop(client, shop, other_shop, shop_staff):
    ShopMembershipFactory(user=shop_staff, shop=other_shop, role="staff")
    placed_order([(other_shop, [(sellable(other_shop), 1)])])
    answer = call(client, shop_staff, SHOP_ORDERS, {"first": 10})
    assert answer["data"]["shopOrders"] is None
    assert "`shop`" in answer["errors"][0]["message"]
    answer = call(client, shop_staff, SHOP_ORDERS, {"first": 10, "shop": other_shop.slug})
    assert answer["data"]["shopOrders"]["totalCount"] == 1
    answer = call(client, shop_staff, SHOP_ORDERS, {"first": 10, "shop": "not-mine"})
    assert answer["data"]["shopOrders"] is None


def test_shop_orders_query_count_does_not_grow(client, shop, shop_staff):
    for _ in range(12):
        placed_order([(shop, [(sellable(shop), 1)])])
    counts = []
    for first in (2, 12):
        count, answer = count_queries(call, client, shop_staff, SHOP_ORDERS, {"first": first})
        assert len(answer["data"]["shopOrders"]["edges"]) == first
        counts.append(count)
    assert counts[0] == counts[1]
