"""The one global-ID decoder of the GraphQL API.

A relay global ID is base64 of ``"<Type>:<key>"``. Every resolver and mutation reads
ids through these functions, so a malformed id, an id of another type and an empty key
are treated alike everywhere:

- :func:`key_of` / :func:`pk_of` answer ``None`` (a lookup by such an id finds nothing);
- :func:`require_key` / :func:`require_pk` raise a ``ValidationError`` on ``field`` with
  code ``graphql_error`` and Saleor's wording (``Invalid ID: … Expected: <Type>.``), for
  mutations whose input must be an id of a given type.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from graphql_relay import from_global_id, to_global_id

__all__ = [
    "global_id",
    "key_of",
    "keys_of",
    "pk_of",
    "pks_of",
    "require_key",
    "require_pk",
    "split_global_id",
]


def global_id(type_name: str, key: Any) -> str:
    """The global ID of ``key`` (a pk, slug or code) as type ``type_name``."""
    return to_global_id(type_name, str(key))


def split_global_id(value: Any) -> tuple[str, str]:
    """``(type name, key)`` of ``value``; ``("", "")`` when it is no global ID at all."""
    if value is None or value == "":
        return "", ""
    try:
        type_name, key = from_global_id(str(value))
    except Exception:  # noqa: BLE001 - not base64, not UTF-8, or no colon
        return "", ""
    return type_name or "", key or ""


def _types(types: str | Iterable[str]) -> tuple[str, ...]:
    return (types,) if isinstance(types, str) else tuple(types)


def key_of(value: Any, types: str | Iterable[str]) -> str | None:
    """The key inside a global ID of one of ``types``; ``None`` for anything else."""
    type_name, key = split_global_id(value)
    return key if key and type_name in _types(types) else None


def pk_of(value: Any, types: str | Iterable[str]) -> int | None:
    """The integer primary key inside a global ID of one of ``types``; ``None`` for
    anything else (another type, a non-numeric key, a malformed id)."""
    key = key_of(value, types)
    # ASCII digits only ("²".isdigit() is true, int("²") fails), and no more than a bigint
    if key is None or not (key.isascii() and key.isdigit()) or len(key) > 18:
        return None
    return int(key)


def keys_of(values: Iterable[Any] | None, types: str | Iterable[str]) -> tuple[str, ...] | None:
    """The keys of ``values`` that are ids of ``types`` (others dropped: they match
    nothing); ``None`` when no list was given."""
    if values is None:
        return None
    return tuple(key for key in (key_of(value, types) for value in values) if key is not None)


def pks_of(values: Iterable[Any] | None, types: str | Iterable[str]) -> tuple[int, ...] | None:
    """As :func:`keys_of`, for integer primary keys."""
    if values is None:
        return None
    return tuple(pk for pk in (pk_of(value, types) for value in values) if pk is not None)


def _invalid(value: Any, types: tuple[str, ...], field: str) -> ValidationError:
    return ValidationError(
        {
            field: ValidationError(
                f"Invalid ID: {value}. Expected: {types[0]}.", code="graphql_error"
            )
        }
    )


def require_key(value: Any, types: str | Iterable[str], field: str) -> str:
    """The key of a global ID of one of ``types``; a ``graphql_error`` on ``field``
    otherwise (Saleor's ``GRAPHQL_ERROR``)."""
    key = key_of(value, types)
    if key is None:
        raise _invalid(value, _types(types), field)
    return key


def require_pk(value: Any, types: str | Iterable[str], field: str) -> int:
    """As :func:`require_key`, for an integer primary key."""
    pk = pk_of(value, types)
    if pk is None:
        raise _invalid(value, _types(types), field)
    return pk
