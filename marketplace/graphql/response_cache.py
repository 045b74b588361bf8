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

Writes are noticed where every write passes, whoever makes it (services, the admin,
``QuerySet.update``, bulk operations, management commands, Celery): an execute wrapper
on each database connection sees ``INSERT``/``UPDATE``/``DELETE`` statements on the
catalogue's tables and bumps the version once the transaction commits. The search
index's dirty marking (``search.dirty``) is not enough for this: stock reservations,
order allocations, menus, categories and collections never reach it.

Bounded by the TTL only: text-search answers from Elasticsearch, whose index is written
after the database (it lags the catalogue by design), and, with the per-process locmem
cache of development, writes made by another process."""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.utils import translation

VERSION_KEY = "graphql:catalogue-version"
KEY_PREFIX = "graphql:response:"
# tables whose rows an anonymous catalogue answer may read (products, variants, stock and
# its reservations, media, categories, collections, shops, producers, certificates,
# administrative units, product groups, sale points, menus, search entries and ratings)
_CATALOGUE_TABLES = re.compile(r'"(?:shops|marketplace|storefront|search)_(?!user\b)\w*"')
_WRITE = ("INSERT", "UPDATE", "DELETE")


def ttl() -> int:
    return int(getattr(settings, "GRAPHQL_RESPONSE_CACHE_SECONDS", 0) or 0)


# --- the catalogue version --------------------------------------------------------------

def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # first use, or evicted: start from the clock, so answers stored under an
        # earlier run of numbers can never match again
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version)


def bump_catalogue_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set (or evicted)
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _bump_after_commit(alias: str) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        # one bump per transaction (per savepoint: a rolled-back savepoint drops its own)
        savepoints = set(connection.savepoint_ids)
        if any(sids == savepoints and func is bump_catalogue_version
               for sids, func, *_ in connection.run_on_commit):
            return
    transaction.on_commit(bump_catalogue_version, using=alias)


def is_catalogue_write(sql: str) -> bool:
    head = sql.lstrip()[:6].upper()
    return head in _WRITE and _CATALOGUE_TABLES.search(sql) is not None


class _CatalogueWriteWatcher:
    """A database execute wrapper: after a statement writing a catalogue table, schedules
    a version bump on commit (at once in autocommit)."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and is_catalogue_write(sql):
            _bump_after_commit(self.alias)
        return result


def _watch(connection: Any) -> None:
    if not any(isinstance(w, _CatalogueWriteWatcher) for w in connection.execute_wrappers):
        # first in the list: ``connection.execute_wrapper()`` blocks pop the last one on exit
        connection.execute_wrappers.insert(0, _CatalogueWriteWatcher(connection.alias))


def _on_connection_created(sender: Any, connection: Any, **_: Any) -> None:
    _watch(connection)


def install() -> None:
    """Watches every database connection (called from the app config's ``ready``)."""
    connection_created.connect(_on_connection_created, dispatch_uid="graphql-response-cache")
    for alias in connections:
        _watch(connections[alias])


# --- the answers ------------------------------------------------------------------------

def response_key(*, query: str, operation_name: str | None, variables: dict[str, Any] | None,
                 base_url: str) -> str:
    material = json.dumps([query, operation_name, variables or {}, translation.get_language(), base_url],
                          sort_keys=True, ensure_ascii=False, default=str)
    return KEY_PREFIX + hashlib.sha256(material.encode()).hexdigest()


def get(key: str) -> tuple[int, str | None]:
    """The current catalogue version and the answer stored under ``key`` at that version
    (``None`` when missing or computed at an older one): one cache round trip."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return catalogue_version(), None
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return int(version), stored[1]
    return int(version), None


def put(key: str, version: int, body: str) -> None:
    cache.set(key, (version, body), timeout=ttl())
