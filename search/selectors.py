"""Search reads: the one query interface every page and the API use, with its fallback.

``product_search``/``product_suggest`` ask Elasticsearch when ``ELASTICSEARCH_URL`` is
set and it is not known to be down, else the database backend, which the same sync
writes (``search.services``), so the fallback answers with current data."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from elasticsearch import exceptions as es_exceptions

from .backends import database
from .query import SearchQuery, SearchResult, Suggestion

logger = logging.getLogger(__name__)

ES_UNAVAILABLE = (
    es_exceptions.ConnectionError,
    es_exceptions.ConnectionTimeout,
    es_exceptions.TransportError,
    OSError,
)


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
