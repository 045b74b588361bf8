"""How writes reach the index: services mark products dirty in their own transaction and
ask for a sync after commit. The sync (``search.tasks.sync_search_index``) runs eagerly in
the quickstart and on Celery in production; a failed or missed sync is retried by the
periodic task, so a search outage never blocks a write."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def request_sync() -> None:
    """Schedules one sync after the current transaction commits (at once outside one).
    Many writes in one transaction schedule a single sync."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback[1] is _enqueue_sync for callback in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_sync)


def _enqueue_sync() -> None:
    from .tasks import sync_search_index

    try:
        sync_search_index.delay()
    except Exception:  # broker down: the periodic sync catches up
        logger.warning(
            "search sync could not be queued; the periodic sync will pick it up", exc_info=True
        )


def mark_products_dirty(products: Any) -> None:
    """``products``: a Product queryset or an iterable of ids."""
    from shops.models import Product

    queryset = (
        products if hasattr(products, "update") else Product.objects.filter(pk__in=list(products))
    )
    queryset.update(search_dirty=True)
    request_sync()


def mark_products_deleted(product_ids: Iterable[int]) -> None:
    """Call before deleting products: leaves a tombstone so the index drops them even if
    the search engine is down right now."""
    from .models import SearchTombstone

    SearchTombstone.objects.bulk_create(
        [SearchTombstone(product_id=pk) for pk in product_ids], ignore_conflicts=True
    )
    request_sync()
