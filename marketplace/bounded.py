"""Bounded input: what a request may carry before any code trusts it.

- :func:`query_int` reads an integer from a query string or form value, never raising:
  anything that is not a plain decimal integer within the bounds is ``default``.
- :func:`storable_text` / :func:`unstorable_text_path` tell whether text can reach the
  database: PostgreSQL refuses NUL characters and nothing encodes a lone UTF-16
  surrogate (``"\\ud800"`` is valid JSON), so both are refused at the edge instead of
  becoming a ``DataError`` or a ``UnicodeEncodeError`` deep inside a write.
- :func:`load_json` parses a webhook body under limits of size, nesting depth, string
  length and number range, raising :class:`InputRejected` (a code and an HTTP status)
  before the parser recurses or the database overflows.
- :data:`MONEY_MAX_VND` / :data:`QUANTITY_MAX` are the largest amount and quantity any
  form, webhook or API input may carry (both fit PostgreSQL's ``bigint``/``integer``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from .errors import CoreErrorCode

__all__ = [
    "BIGINT_MAX",
    "INTEGER_MAX",
    "QUANTITY_MAX",
    "WEIGHT_MAX_GRAMS",
    "InputRejected",
    "load_json",
    "money_max",
    "query_int",
    "storable_text",
    "unstorable_text_path",
]

#: PostgreSQL ``integer`` and ``bigint`` upper bounds.
INTEGER_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
#: The largest stock quantity or stock change a form may carry.
QUANTITY_MAX = 1_000_000
#: The heaviest product variant (a tonne).
WEIGHT_MAX_GRAMS = 1_000_000
#: How deep a webhook's JSON may nest (a bank or Stripe event nests fewer than 10 levels).
JSON_MAX_DEPTH = 20
#: The longest string inside a webhook's JSON.
JSON_MAX_STRING = 4096

_DECIMAL = re.compile(r"[+-]?[0-9]{1,19}")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def money_max() -> int:
    """The largest amount of money (integer VND) an input may carry (``MONEY_MAX_VND``)."""
    return int(settings.MONEY_MAX_VND)


def query_int(
    value: Any, *, minimum: int = 0, maximum: int = INTEGER_MAX, default: int | None = None
) -> int | None:
    """``value`` (a query-string or form value) as an integer within
    ``[minimum, maximum]``; ``default`` for anything else (blank, letters, ``"1e3"``,
    non-ASCII digits, ``"99999999999999999999"``)."""
    text = str(value).strip() if value is not None else ""
    if not _DECIMAL.fullmatch(text):
        return default
    number = int(text)
    return number if minimum <= number <= maximum else default


def storable_text(value: str) -> bool:
    """Whether ``value`` can be stored and encoded: no NUL, no unpaired surrogate."""
    return _UNSTORABLE.search(value) is None


def unstorable_text_path(
    value: Any, path: tuple[str | int, ...] = ()
) -> tuple[str | int, ...] | None:
    """The path (keys and indexes) of the first string inside ``value`` — a JSON-like tree
    of dicts, lists and scalars, keys included — that :func:`storable_text` refuses;
    ``None`` when every string is storable."""
    for where, text in _strings(value, path):
        if not storable_text(text):
            return where
    return None


def _strings(
    value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    stack: list[tuple[tuple[str | int, ...], Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str):
                    yield (*where, key), key
                stack.append(((*where, key), child))
        elif isinstance(item, list | tuple):
            stack.extend(((*where, index), child) for index, child in enumerate(item))


class InputRejected(ValueError):
    """A request body refused before use: ``code`` (stable, for clients and logs),
    ``status`` (413 too large, 400 otherwise) and a message in English (machine
    callers read it)."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def _nesting_depth(text: str) -> int:
    """How deep ``[``/``{`` nest in JSON ``text`` (brackets inside strings ignored),
    counted without parsing so a hostile body cannot exhaust the parser's recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _no_constant(name: str) -> Any:
    raise InputRejected(CoreErrorCode.INVALID_JSON, f"{name} is not a JSON number")


def _check_values(value: Any, max_string: int) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, int):
            if not -BIGINT_MAX <= item <= BIGINT_MAX:
                raise InputRejected(CoreErrorCode.NUMBER_OUT_OF_RANGE, "a number is out of range")
        elif isinstance(item, float):
            if abs(item) > BIGINT_MAX:
                raise InputRejected(CoreErrorCode.NUMBER_OUT_OF_RANGE, "a number is out of range")
        elif isinstance(item, str):
            if len(item) > max_string:
                raise InputRejected(
                    CoreErrorCode.STRING_TOO_LONG, f"a string is longer than {max_string}"
                )
            if not storable_text(item):
                raise InputRejected(
                    CoreErrorCode.INVALID_TEXT, "a string holds NUL or an unpaired surrogate"
                )
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def load_json(
    body: bytes,
    *,
    max_bytes: int | None = None,
    max_depth: int = JSON_MAX_DEPTH,
    max_string: int = JSON_MAX_STRING,
) -> Any:
    """``body`` parsed as UTF-8 JSON within limits, or :class:`InputRejected`:
    ``body_too_large`` (413, over ``max_bytes``, default ``WEBHOOK_MAX_BODY_BYTES``),
    ``invalid_json``, ``json_too_deep`` (nesting over ``max_depth``),
    ``number_out_of_range`` (beyond a signed 64-bit integer), ``string_too_long``,
    ``invalid_text`` (NUL or an unpaired surrogate)."""
    limit = settings.WEBHOOK_MAX_BODY_BYTES if max_bytes is None else max_bytes
    if len(body) > limit:
        raise InputRejected(
            CoreErrorCode.BODY_TOO_LARGE, f"the body is larger than {limit} bytes", 413
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputRejected(CoreErrorCode.INVALID_JSON, "invalid JSON body (not UTF-8)") from None
    if _nesting_depth(text) > max_depth:
        raise InputRejected(CoreErrorCode.JSON_TOO_DEEP, f"the JSON nests deeper than {max_depth}")
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, InputRejected):
            raise
        raise InputRejected(CoreErrorCode.INVALID_JSON, "invalid JSON body") from None
    _check_values(value, max_string)
    return value
