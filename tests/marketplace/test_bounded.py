"""Bounded input (marketplace/bounded.py): query-string integers, storable text, webhook
JSON within size, depth, number and string limits."""

from __future__ import annotations

import json

import pytest

from marketplace.bounded import (
    BIGINT_MAX,
    InputRejected,
    load_json,
    query_int,
    storable_text,
    unstorable_text_path,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        (3, 3),
        ("0", 0),
        (None, None),
        ("", None),
        ("abc", None),
        ("1e3", None),
        ("²", None),  # "²".isdigit() is true, int("²") raises
        ("١٢", None),  # Arabic-Indic digits: int() would read them
        ("99999999999999999999", None),  # past bigint: "Python int too large" downstream
        ("9" * 5000, None),  # int() refuses > 4300 digits with a ValueError
        ("-1", None),  # below the minimum
        ("2147483648", None),  # past the default maximum (PostgreSQL integer)
    ],
)
def test_query_int_never_raises(value, expected):
    assert query_int(value) == expected


def test_query_int_bounds_and_default():
    assert query_int("-5", minimum=-10, maximum=10) == -5
    assert query_int("11", minimum=-10, maximum=10, default=1) == 1


@pytest.mark.parametrize("text", ["a\x00b", "\ud800", "x\udfff"])
def test_nul_and_lone_surrogates_are_not_storable(text):
    assert not storable_text(text)


def test_a_paired_surrogate_is_a_real_character():
    assert storable_text("Nước mắm 🐟")


def test_unstorable_text_path_names_where():
    value = {"input": {"lines": [{"note": "ok"}, {"note": "bad\x00"}]}, "k\x00": 1}
    assert unstorable_text_path({"a": ["ok", 1, None]}) is None
    assert unstorable_text_path(value) in {("input", "lines", 1, "note"), ("k\x00",)}


def test_load_json_reads_a_normal_body():
    assert load_json(b'{"id": 1, "content": "DH7K3M9Q2A", "amount": 2277000}', max_bytes=1000) == {
        "id": 1,
        "content": "DH7K3M9Q2A",
        "amount": 2277000,
    }


@pytest.mark.parametrize(
    ("body", "code", "status"),
    [
        (b"x" * 2000, "body_too_large", 413),
        (b"\xff\xfe", "invalid_json", 400),
        (b"{not json", "invalid_json", 400),
        (b"[" * 100_000 + b"]" * 100_000, "body_too_large", 413),
        (b'{"a": NaN}', "invalid_json", 400),
        (b'{"a": Infinity}', "invalid_json", 400),
        (json.dumps({"a": 2**64}).encode(), "number_out_of_range", 400),
        (json.dumps({"a": -(2**64)}).encode(), "number_out_of_range", 400),
        (b'{"a": 1e300}', "number_out_of_range", 400),
        (json.dumps({"a": "x" * 600}).encode(), "string_too_long", 400),
        (b'{"a": "\\u0000"}', "invalid_text", 400),
        (b'{"a": "\\ud800"}', "invalid_text", 400),
        (b'{"\\u0000": 1}', "invalid_text", 400),
    ],
)
def test_load_json_refuses_with_a_code(body, code, status):
    with pytest.raises(InputRejected) as exc:
        load_json(body, max_bytes=1000, max_string=500)
    assert (exc.value.code, exc.value.status) == (code, status)


def test_depth_is_counted_before_parsing():
    """A deep body within the size limit never reaches the parser's recursion (json.loads
    raises RecursionError at ~1000 levels: an uncaught 500 before)."""
    deep = b"[" * 30_000 + b"]" * 30_000
    with pytest.raises(InputRejected) as exc:
        load_json(deep, max_bytes=100_000)
    assert exc.value.code == "json_too_deep"
    assert load_json(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[["}', max_depth=2) == {
        "a": "[" * 26
    }  # brackets inside strings do not count
    with pytest.raises(InputRejected):
        load_json(b"[" * 21 + b"]" * 21)


def test_bigint_bounds_are_accepted():
    assert load_json(json.dumps([BIGINT_MAX, -BIGINT_MAX]).encode()) == [BIGINT_MAX, -BIGINT_MAX]
