"""Money is integer VND: Vietnamese formatting and strict parsing (no fractions)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from marketplace.money import format_vnd, parse_vnd, validate_non_negative_amount


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (150_000, "150.000 ₫"),
        (0, "0 ₫"),
        (999, "999 ₫"),
        (1_000, "1.000 ₫"),
        (1_234_567_890, "1.234.567.890 ₫"),
        (-1_500, "-1.500 ₫"),
        (None, ""),
    ],
)
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("150.000", 150_000),
        ("150000", 150_000),
        ("150,000 ₫", 150_000),
        ("150.000 ₫", 150_000),
        ("150.000đ", 150_000),
        ("1.234.567", 1_234_567),
        (" 85.000 ₫ ", 85_000),
        ("-5.000", -5_000),
        ("0", 0),
        ("150\u00a0000\u00a0₫", 150_000),
        (150_000, 150_000),
    ],
)
def test_parse_vnd(text, amount):
    assert parse_vnd(text) == amount


@pytest.mark.parametrize("amount", [0, 150_000, 1_234_567_890, -1_500])
def test_parse_vnd_reads_what_format_vnd_writes(amount):
    assert parse_vnd(format_vnd(amount)) == amount


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "",
        "₫",
        "150.000,50",  # a fraction of a đồng
        "1.5",  # not a thousands group: a fraction
        "150,5",
        "12.5.000",
        "1.234,567",  # mixed separators
        "1.50.000",
        "--5",
    ],
)
def test_parse_vnd_rejects_fractions_and_garbage(text):
    with pytest.raises(ValidationError) as exc:
        parse_vnd(text)
    assert exc.value.code == "invalid_amount"


def test_validate_non_negative_amount():
    validate_non_negative_amount(0)
    validate_non_negative_amount(150_000)
    for bad in (-1, None):
        with pytest.raises(ValidationError) as exc:
            validate_non_negative_amount(bad)
        assert exc.value.code == "negative_amount"
