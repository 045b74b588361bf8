"""The catalogue version: one number, bumped after every committed write to a table that
anonymous catalogue answers read — whoever makes the write (services, the admin,
``QuerySet.update``, bulk operations, management commands, Celery). Caches of public
answers (the GraphQL response cache, the storefront's page cache) store the version an
answer was computed at and serve it only while the version is unchanged.

Writes are noticed where every write passes: an execute wrapper on each database
connection sees ``INSERT``/``UPDATE``/``DELETE`` statements on the catalogue's tables and
bumps the version once the transaction commits (once per transaction). The search index's
dirty marking (``search.dirty``) is not enough for this: stock reservations, order
allocations, menus, categories and collections never reach it."""

from __future__ import annotations

import re
import time
from typing import Any

from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created

VERSION_KEY = "catalogue-version"
# tables whose rows an anonymous catalogue answer may read (products, variants, stock and
# its reservations, media, categories, collections, shops, producers, certificates,
# administrative units, product groups, sale points, menus, search entries and ratings)
_CATALOGUE_TABLES = re.compile(r'"(?:shops|marketplace|storefront|search)_(?!user\b)\w*"')
_WRITE = ("INSERT", "UPDATE", "DELETE")


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
        if any(
            sids == savepoints and func is bump_catalogue_version
            for sids, func, *_ in connection.run_on_commit
        ):
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
    connection_created.connect(_on_connection_created, dispatch_uid="catalogue-version")
    for alias in connections:
        _watch(connections[alias])


def versioned_get(key: str) -> tuple[int, Any]:
    """The current catalogue version and the value stored under ``key`` at that version
    (``None`` when missing or stored at an older one): one cache round trip."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return catalogue_version(), None
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return int(version), stored[1]
    return int(version), None


def versioned_put(key: str, version: int, value: Any, timeout: int) -> None:
    cache.set(key, (version, value), timeout=timeout)
