"""Hypothesis strategies the fuzzers share: hostile text and numbers, JSON values."""

from __future__ import annotations

from hypothesis import strategies as st

#: Integers around every boundary that matters: 0, ±1, PostgreSQL integer and bigint,
#: the money limit, and far past all of them.
EDGE_INTS = st.sampled_from(
    [
        0,
        1,
        -1,
        999,
        1000,
        2**31 - 1,
        2**31,
        -(2**31),
        2**63 - 1,
        2**63,
        -(2**63) - 1,
        10_000_000_000,
        10_000_000_001,
        10**30,
    ]
)
INTS = st.one_of(EDGE_INTS, st.integers())
#: Text with what breaks databases and encoders: NUL, lone surrogates, long runs,
#: digits that are not ASCII, Vietnamese.
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\ud800",
            "²",
            "١٢",
            "1e400",
            "NaN",
            "-0",
            "Nước mắm",
            "x" * 5000,
        ]
    ),
    INTS.map(str),
)
#: Any JSON value, nested a little.
JSON = st.recursive(
    st.none() | st.booleans() | INTS | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(HOSTILE_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)
