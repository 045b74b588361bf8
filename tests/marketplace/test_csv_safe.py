"""CSV cells that a spreadsheet would run as formulas are escaped (marketplace/csv_safe)."""

from __future__ import annotations

import csv
import io

import pytest

from marketplace.csv_safe import SafeDictWriter, SafeWriter, escape_cell, unescape_cell


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+84912345678", "'+84912345678"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Nước mắm", "Nước mắm"),
        ("'quoted", "'quoted"),
        ("", ""),
        (-5, -5),  # numbers stay numbers
        (None, None),
    ],
)
def test_escape_and_unescape(value, escaped):
    assert escape_cell(value) == escaped
    assert unescape_cell(escape_cell(value)) == value


def test_writers_escape_every_text_cell():
    buffer = io.StringIO()
    SafeWriter(buffer).writerow(["=cmd", 12, "ok"])
    writer = SafeDictWriter(buffer, fieldnames=["a", "b"])
    writer.writerow({"a": "@x", "b": -3})
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["'=cmd", "12", "ok"], ["'@x", "-3"]]
