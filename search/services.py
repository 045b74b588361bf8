"""Search writes: index sync (both backends), and the consistency check. Queries are in
``search.selectors``.

Backends: ``search.backends.elasticsearch`` when ``ELASTICSEARCH_URL`` is set, and
``search.backends.database`` always (quickstart engine and fallback). Both are written by
the same sync, so the fallback answers with current data."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from shops.models import Product

from .backends import database
from .documents import indexable_products, product_documents
from .selectors import ES_UNAVAILABLE, _breaker, elasticsearch_enabled

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


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
            Product.objects.select_for_update(skip_locked=True)
            .filter(search_dirty=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        Product.objects.filter(pk__in=ids).update(search_dirty=False)
    return ids


def _write_everywhere(
    ids: list[int], tombstones: list[int], report: SyncReport, on_es_failure: Callable[[], None]
) -> None:
    docs = product_documents(ids)
    present = {d["id"] for d in docs}
    gone = sorted((set(ids) - present) | set(tombstones))
    database.write(docs, gone)
    if elasticsearch_enabled():
        from .backends import elasticsearch

        try:
            elasticsearch.write(docs, gone)
        except (*ES_UNAVAILABLE, RuntimeError) as exc:
            logger.warning(
                "Elasticsearch indexing failed (%s); %d products stay dirty", exc, len(ids)
            )
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
    expected = {
        d["id"]: _stamp(d)
        for d in product_documents(indexable_products().values_list("pk", flat=True))
    }
    if elasticsearch_enabled():
        from .backends import elasticsearch

        es = elasticsearch.client()
        indexed = {
            pk: _stamp(src)
            for pk, src in elasticsearch.indexed_ids_and_stamps(
                es, elasticsearch.alias_name()
            ).items()
        }
    else:
        indexed = {pk: _stamp(src) for pk, src in database.indexed_stamps().items()}
    return CheckReport(
        missing=sorted(set(expected) - set(indexed)),
        extra=sorted(set(indexed) - set(expected)),
        stale=sorted(pk for pk in set(expected) & set(indexed) if expected[pk] != indexed[pk]),
    )
