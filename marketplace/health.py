"""Dependency checks for /healthz.

- :func:`is_up` — the public answer, cheap: the database, Redis (when configured) and the
  file storage, remembered for ``HEALTHZ_CACHE_SECONDS`` so a flood of probes costs one
  check per interval; it says only up or down.
- :func:`dependency_report` — every configured dependency (Elasticsearch and Stripe too)
  with timings and errors, for the office, staff or a monitor holding ``HEALTHZ_TOKEN``;
  remembered for ``HEALTHZ_DETAILS_CACHE_SECONDS``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection


def _timed(check: Callable[[], Any]) -> dict[str, Any]:
    started = time.monotonic()
    try:
        detail = check()
        result: dict[str, Any] = {"status": "ok"}
        if detail:
            result["detail"] = detail
    except Exception as exc:  # noqa: BLE001 — any failure means "down"
        result = {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def _redis() -> None:
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()


def _elasticsearch() -> str:
    from elasticsearch import Elasticsearch

    info = Elasticsearch(
        settings.ELASTICSEARCH_URL, request_timeout=3, max_retries=0
    ).cluster.health()
    return str(info["status"])


def _stripe() -> None:
    import stripe

    client = stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=({"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else {}),
        max_network_retries=0,
    )
    client.balance.retrieve()


def _storage() -> str:
    storage = storages["default"]
    storage.exists("healthz-probe")
    return type(storage).__name__


def _remembered(key: str, seconds: int, compute: Callable[[], Any]) -> Any:
    return cache.get_or_set(key, compute, timeout=seconds) if seconds > 0 else compute()


def is_up() -> bool:
    """The database, Redis (when configured) and the storage answer."""

    def compute() -> bool:
        checks: list[Callable[[], Any]] = [_database, _storage]
        if settings.REDIS_URL:
            checks.append(_redis)
        return all(_timed(check)["status"] == "ok" for check in checks)

    return bool(_remembered("healthz:up", settings.HEALTHZ_CACHE_SECONDS, compute))


def dependency_report() -> dict[str, Any]:
    """Checks the database and storage always, and Redis, Elasticsearch and Stripe when
    configured. ``ok`` is false if any configured dependency fails."""
    return _remembered(
        "healthz:details", settings.HEALTHZ_DETAILS_CACHE_SECONDS, _dependency_report
    )


def _dependency_report() -> dict[str, Any]:
    checks: dict[str, Callable[[], Any]] = {"database": _database, "storage": _storage}
    if settings.REDIS_URL:
        checks["redis"] = _redis
    if settings.ELASTICSEARCH_URL:
        checks["elasticsearch"] = _elasticsearch
    if settings.STRIPE_SECRET_KEY:
        checks["stripe"] = _stripe
    results = {name: _timed(check) for name, check in checks.items()}
    not_configured = [n for n in ("redis", "elasticsearch", "stripe") if n not in results]
    return {
        "ok": all(r["status"] == "ok" for r in results.values()),
        "checks": results,
        "not_configured": not_configured,
        "search_backend": settings.SEARCH_BACKEND,
    }
