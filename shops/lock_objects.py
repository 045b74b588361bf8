"""Row locks for stock. Always lock in primary-key order to avoid deadlocks."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Stock


def stocks_for_update(stock_ids: Iterable[int]) -> QuerySet[Stock]:
    """``SELECT … FOR UPDATE`` on the given stock rows, ordered by pk. Call inside
    ``transaction.atomic``."""
    return Stock.objects.select_for_update().filter(pk__in=list(stock_ids)).order_by("pk")
