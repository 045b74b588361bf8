"""The authorization matrix over every root query field and mutation of the GraphQL
schema: each row of graphql_rows*.py run by the seven actors, each cell asserted."""

from __future__ import annotations

import pytest

from tests.support.graphql import gid

from .graphql_build import CUSTOMER_ONLY, query
from .graphql_rows import GRAPHQL_ROWS, ORDER_VIEWERS
from .matrix import DENY, EMPTY, OK, expect, mismatches, run_graphql_cell


@pytest.mark.parametrize(
    "row", GRAPHQL_ROWS, ids=[f"{row.kind}.{row.name}" for row in GRAPHQL_ROWS]
)
def test_graphql_cells(world, row):
    wrong = mismatches(row.expected, lambda actor: run_graphql_cell(row, world, actor))
    assert not wrong, f"{row.kind} {row.name}:\n" + "\n".join(wrong)


#: More cells for fields whose answer depends on their argument: ``node`` reaches every
#: type (private objects answer as their own queries); ``shopOrders`` without a shop.
EXTRA_ROWS = [
    query(
        "node",
        ORDER_VIEWERS,
        declare="$id: ID!",
        use="id: $id",
        variables=lambda w: {"id": gid("Order", str(w.order.token))},
        note="an account's order",
    ),
    query(
        "node",
        CUSTOMER_ONLY,
        declare="$id: ID!",
        use="id: $id",
        variables=lambda w: {"id": gid("Checkout", str(w.checkout.token))},
        note="an account's checkout",
    ),
    query(
        "node",
        CUSTOMER_ONLY,
        declare="$id: ID!",
        use="id: $id",
        variables=lambda w: {"id": gid("Address", w.address.pk)},
        note="an address of the address book",
    ),
    query(
        "node",
        expect(DENY, staff=OK, office=OK),
        declare="$id: ID!",
        use="id: $id",
        variables=lambda w: {"id": gid("User", w.users["staff"].pk)},
        note="a user: themselves and the office",
    ),
    query(
        "node",
        ORDER_VIEWERS,
        declare="$id: ID!",
        use="id: $id",
        variables=lambda w: {"id": gid("ShopOrder", w.shop_order.pk)},
        note="a shop order: its buyer, its shop and the office",
    ),
    query(
        "node",
        expect(DENY, staff=OK, owner=OK, office=OK),
        declare="$id: ID!",
        use="id: $id",
        variables=lambda w: {"id": gid("Warehouse", w.shop.warehouses.get().pk)},
        note="a shop's warehouse",
    ),
    query(
        "shopOrders",
        expect(DENY, other_staff=EMPTY, staff=OK, owner=OK),
        "edges { node { id } }",
        use="first: 5",
        note="shopOrders without a shop: the member's own shops' orders",
    ),
]


@pytest.mark.parametrize("row", EXTRA_ROWS, ids=[row.note for row in EXTRA_ROWS])
def test_fields_by_argument(world, row):
    wrong = mismatches(row.expected, lambda actor: run_graphql_cell(row, world, actor))
    assert not wrong, f"{row.name} ({row.note}):\n" + "\n".join(wrong)
