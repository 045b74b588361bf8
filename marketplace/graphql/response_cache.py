"""Response cache of the storefront's anonymous catalogue queries, as production GraphQL
servers keep one: an answer is stored in Django's cache (Redis in production) under a
hash of everything that can change it — query text, operation name, variables, language
and the public address the answer's absolute URLs are built from — and carries the
*catalogue version* it was computed at. Any committed write to a table an anonymous
catalogue answer reads bumps that version, so a stored answer is served only while
nothing it could depend on has changed; the TTL (``GRAPHQL_RESPONSE_CACHE_SECONDS``,
0 disables) bounds what changes with time alone (reservations expiring, certificates
running out at midnight).

Only anonymous requests (no ``Authorization`` header) whose operation is a query over
catalogue root fields use it; mutations, signed-in viewers, checkouts and orders never
do, and answers with errors are not stored.

The catalogue version and how writes bump it: ``marketplace.catalogue_version`` (shared
with the storefront's page cache).

Bounded by the TTL only: text-search answers from Elasticsearch, whose index is written
after the database (it lags the catalogue by design), and, with the per-process locmem
cache of development, writes made by another process."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.utils import translation

from marketplace.catalogue_version import versioned_get, versioned_put

KEY_PREFIX = "graphql:response:"


def ttl() -> int:
    return int(getattr(settings, "GRAPHQL_RESPONSE_CACHE_SECONDS", 0) or 0)


def response_key(
    *, query: str, operation_name: str | None, variables: dict[str, Any] | None, base_url: str
) -> str:
    material = json.dumps(
        [query, operation_name, variables or {}, translation.get_language(), base_url],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return KEY_PREFIX + hashlib.sha256(material.encode()).hexdigest()


def get(key: str) -> tuple[int, str | None]:
    """The current catalogue version and the answer stored under ``key`` at that version
    (``None`` when missing or computed at an older one): one cache round trip."""
    return versioned_get(key)


def put(key: str, version: int, body: str) -> None:
    versioned_put(key, version, body, ttl())
