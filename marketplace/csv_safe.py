"""CSV files that are safe to open in a spreadsheet (OWASP "CSV injection").

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel, LibreOffice and Google Sheets: seller-written product names or a
buyer's address could run ``=HYPERLINK(...)``/DDE in the office's spreadsheet. Every text
cell we export goes through :func:`escape_cell` (a leading ``'`` makes it text);
numbers stay numbers. :func:`unescape_cell` undoes it for our own imports, so an export
re-imports unchanged."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: Any) -> Any:
    """The text :func:`escape_cell` was given (for importing our own exports)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeWriter:
    """``csv.writer`` whose rows are escaped."""

    def __init__(self, buffer: Any, **options: Any) -> None:
        self._writer = csv.writer(buffer, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([escape_cell(cell) for cell in row])


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose rows are escaped."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: escape_cell(value) for key, value in rowdict.items()})
