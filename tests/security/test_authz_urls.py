"""The authorization matrix over every URL of the root URLconf: each row of url_rows.py
run by the seven actors (tests/security/world.py), each cell asserted."""

from __future__ import annotations

import pytest

from .matrix import mismatches, run_url_cell
from .url_rows import URL_ROWS


@pytest.mark.parametrize("row", URL_ROWS, ids=[row.name for row in URL_ROWS])
def test_url_cells(world, row):
    wrong = mismatches(row.expected, lambda actor: run_url_cell(row, world, actor))
    assert not wrong, f"{row.method} {row.name} ({row.url(world)}):\n" + "\n".join(wrong)
