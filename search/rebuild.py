"""Full rebuild of the search index(es) from the database."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from shops.models import Product

from .backends import database
from .documents import indexable_products, product_documents
from .services import elasticsearch_enabled

BATCH = 1000


@dataclass
class RebuildResult:
    backend: str
    index: str
    documents: int
    seconds: float


def indexable_count() -> int:
    return indexable_products().count()


def document_batches(batch: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    ids = list(indexable_products().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        yield product_documents(ids[start : start + batch])


def rebuild_all(on_batch: Callable[[int], Any] | None = None) -> RebuildResult:
    """Rebuilds the database index (one transaction: readers see the old or the new one)
    and, when configured, a fresh Elasticsearch index swapped in by alias. Clears dirty
    flags of everything indexed."""
    started = time.perf_counter()
    Product.objects.update(search_dirty=False)
    with transaction.atomic():
        count = database.rebuild(
            document_batches(), on_batch=None if elasticsearch_enabled() else on_batch
        )
    index = "database"
    if elasticsearch_enabled():
        from .backends import elasticsearch

        index = elasticsearch.rebuild(document_batches(), on_batch=on_batch)
    return RebuildResult(
        backend="elasticsearch" if elasticsearch_enabled() else "database",
        index=index,
        documents=count,
        seconds=time.perf_counter() - started,
    )
