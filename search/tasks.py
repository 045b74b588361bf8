"""Celery tasks of search: the after-commit sync and its periodic safety net."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def sync_search_index() -> dict[str, int]:
    report = services.sync_search_index()
    return {"indexed": report.indexed, "deleted": report.deleted, "failed": report.failed}
