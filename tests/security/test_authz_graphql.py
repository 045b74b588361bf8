"""The authorization matrix over every root query field and mutation of the GraphQL
schema: each row of graphql_rows*.py run by the seven actors, each cell asserted."""

from __future__ import annotations

import pytest

from tests.support.graphql import gid

from .graphql_build import CUSTOMER_ONLY, query
from .graphql_rows import GRAPHQL_ROWS, ORDER_VIEWERS
from .matrix import DENY, OK, expect, mismatches, run_graphql_cell


@pytest.mark.parametrize(
    "row", GRAPHQL_ROWS, ids=[f"{row.kind}.{row.name}" for row in GRAPHQL_ROWS]
)
def test_graphql_cells(world, row):
    wrong = mismatches(row.expected, lambda actor: run_graphql_cell(row, world, actor))
    assert not wrong, f"{row.kind} {row.name}:\n" + "\n".join(wrong)


#: ``node`` reaches every type: private objects through it answer as their own queries.
NODE_ROWS = [
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
]


@pytest.mark.parametrize("row", NODE_ROWS, ids=[row.note for row in NODE_ROWS])
def test_node_of_private_objects(world, row):
    wrong = mismatches(row.expected, lambda actor: run_graphql_cell(row, world, actor))
    assert not wrong, f"node ({row.note}):\n" + "\n".join(wrong)
