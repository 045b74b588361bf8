"""Search entry points: query (with fallback), index sync, rebuild and consistency check.

Backends: ``search.backends.elasticsearch`` when ``ELASTICSEARCH_URL`` is set, and
``search.backends.database`` always (quickstart engine and fallback). Both are written by
the same sync, so the fallback answers with current data."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from elasticsearch import exceptions as es_exceptions

from shops.models import Product

from .backends import database
from .documents import indexable_products, product_documents
from .query import SearchQuery, SearchResult, Suggestion

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
ES_UNAVAILABLE = (es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout,
                  es_exceptions.TransportError, OSError)


BREAKER_SECONDS = 30.0
_breaker = {"open_until": 0.0}


def elasticsearch_enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def _elasticsearch_for_reads() -> bool:
    """Elasticsearch is configured and not known to be down: after a failure, reads go to
    the database for ``BREAKER_SECONDS`` (so a hung node does not add its timeout to
    every search); a successful index write closes the breaker at once."""
    return elasticsearch_enabled() and time.monotonic() >= _breaker["open_until"]


def _trip_breaker(exc: Exception, what: str) -> None:
    _breaker["open_until"] = time.monotonic() + BREAKER_SECONDS
    logger.warning("Elasticsearch unavailable (%s); %s the database instead", exc, what)


def product_search(query: SearchQuery) -> SearchResult:
    """Runs ``query`` on Elasticsearch when configured; if it is down or times out, logs a
    warning and answers from the database backend instead."""
    if _elasticsearch_for_reads():
        from .backends import elasticsearch

        try:
            return elasticsearch.search(query)
        except ES_UNAVAILABLE as exc:
            _trip_breaker(exc, "searching")
    return database.search(query)


def product_suggest(prefix: str, limit: int = 8) -> list[Suggestion]:
    if not prefix.strip():
        return []
    if _elasticsearch_for_reads():
        from .backends import elasticsearch

        try:
            return elasticsearch.suggest(prefix, limit)
        except ES_UNAVAILABLE as exc:
            _trip_breaker(exc, "suggesting from")
    return database.suggest(prefix, limit)


@dataclass
class SyncReport:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _claim_dirty(limit: int) -> list[int]:
    """Clears the dirty flag of up to ``limit`` products and returns their ids. Cleared
    before reading, so a write that lands while we index marks the product dirty again
    and it is picked up by the next batch (no lost update)."""
    with transaction.atomic():
        ids = list(
            Product.objects.select_for_update(skip_locked=True).filter(search_dirty=True)
            .order_by("pk").values_list("pk", flat=True)[:limit]
        )
        Product.objects.filter(pk__in=ids).update(search_dirty=False)
    return ids


def _write_everywhere(ids: list[int], tombstones: list[int], report: SyncReport,
                      on_es_failure: Callable[[], None]) -> None:
    docs = product_documents(ids)
    present = {d["id"] for d in docs}
    gone = sorted((set(ids) - present) | set(tombstones))
    database.write(docs, gone)
    if elasticsearch_enabled():
        from .backends import elasticsearch

        try:
            elasticsearch.write(docs, gone)
        except (*ES_UNAVAILABLE, RuntimeError) as exc:
            logger.warning("Elasticsearch indexing failed (%s); %d products stay dirty", exc, len(ids))
            report.failed += len(ids) + len(tombstones)
            report.errors.append(str(exc)[:300])
            on_es_failure()
            return
        _breaker["open_until"] = 0.0
    report.indexed += len(docs)
    report.deleted += len(gone)


def sync_search_index(*, batch_size: int = BATCH_SIZE, max_batches: int = 1000) -> SyncReport:
    """Indexes dirty products and drops unpublished/deleted ones, in batches. If
    Elasticsearch fails, the batch is marked dirty again (and tombstones kept) so a later
    run retries it; the database index is always brought up to date."""
    from .models import SearchTombstone

    report = SyncReport()
    tombstones = list(SearchTombstone.objects.values_list("product_id", flat=True)[:batch_size])
    for _ in range(max_batches):
        ids = _claim_dirty(batch_size)
        if not ids and not tombstones:
            break
        claimed, stones = ids, tombstones

        def restore(claimed: list[int] = claimed) -> None:
            Product.objects.filter(pk__in=claimed).update(search_dirty=True)

        _write_everywhere(claimed, stones, report, restore)
        if stones and not report.failed:
            SearchTombstone.objects.filter(product_id__in=stones).delete()
        tombstones = []
        if report.failed:
            break
    return report


@dataclass
class CheckReport:
    missing: list[int]
    extra: list[int]
    stale: list[int]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def _stamp(doc: dict) -> tuple:
    return (doc.get("price_min"), doc.get("price_max"), bool(doc.get("in_stock")))


def check_index() -> CheckReport:
    """Compares the index with the database: products missing from it, extra (deleted or
    unpublished), and stale (indexed price/stock differ from the database)."""
    expected = {d["id"]: _stamp(d) for d in product_documents(indexable_products().values_list("pk", flat=True))}
    if elasticsearch_enabled():
        from .backends import elasticsearch

        es = elasticsearch.client()
        indexed = {pk: _stamp(src) for pk, src in elasticsearch.indexed_ids_and_stamps(
            es, elasticsearch.alias_name()).items()}
    else:
        indexed = {pk: _stamp(src) for pk, src in database.indexed_stamps().items()}
    return CheckReport(
        missing=sorted(set(expected) - set(indexed)),
        extra=sorted(set(indexed) - set(expected)),
        stale=sorted(pk for pk in set(expected) & set(indexed) if expected[pk] != indexed[pk]),
    )
