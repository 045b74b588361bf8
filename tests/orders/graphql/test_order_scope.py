"""A shop's staff see only their own part of an order — also of a guest order, whose
token (its global ID) they know from their dashboard."""

from __future__ import annotations

import pytest

from orders.services.checkout import checkout_complete
from tests.factories.shops import ShopFactory, ShopMembershipFactory
from tests.orders.builders import ready_checkout, sellable
from tests.support.graphql import gid, gql, token_for

pytestmark = pytest.mark.django_db
ORDER = """query($id: ID!) { order(id: $id) { number shopOrders { number shop { slug } } } }"""


def test_guest_order_shows_each_shop_only_its_part(client, admin_units):
    a, b = ShopFactory(), ShopFactory()
    order = checkout_complete(checkout=ready_checkout([(sellable(a), 1), (sellable(b), 1)]))
    order_id = gid("Order", str(order.token))
    staff_a = ShopMembershipFactory(shop=a).user
    seen = gql(client, ORDER, {"id": order_id}, token=token_for(staff_a))["data"]["order"]
    assert [so["shop"]["slug"] for so in seen["shopOrders"]] == [a.slug]
    outsider = ShopMembershipFactory(shop=ShopFactory()).user
    # a guest order's token is its buyer's key: someone not selling in it who holds it is
    # treated as that buyer (the token only goes to the buyer and the shops concerned)
    third = gql(client, ORDER, {"id": order_id}, token=token_for(outsider))["data"]["order"]
    assert len(third["shopOrders"]) == 2
    guest = gql(client, ORDER, {"id": order_id})["data"]["order"]  # the buyer's link
    assert sorted(so["shop"]["slug"] for so in guest["shopOrders"]) == sorted([a.slug, b.slug])
