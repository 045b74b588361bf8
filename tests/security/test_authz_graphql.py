"""The authorization matrix over every root query field and mutation of the GraphQL
schema: each row of graphql_rows*.py run by the seven actors, each cell asserted."""

from __future__ import annotations

import pytest

from .graphql_rows import GRAPHQL_ROWS
from .matrix import mismatches, run_graphql_cell


@pytest.mark.parametrize(
    "row", GRAPHQL_ROWS, ids=[f"{row.kind}.{row.name}" for row in GRAPHQL_ROWS]
)
def test_graphql_cells(world, row):
    wrong = mismatches(row.expected, lambda actor: run_graphql_cell(row, world, actor))
    assert not wrong, f"{row.kind} {row.name}:\n" + "\n".join(wrong)
