"""Races on PostgreSQL with real threads, connections and row locks."""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

#: an outcome of ``run_concurrently``: ("ok", what the work returned) or ("error", exception)
Outcome = tuple[str, Any]

_TURNS = os.path.join(tempfile.gettempdir(), "ocop-tests-races.lock")


@contextmanager
def one_race_at_a_time() -> Iterator[None]:
    """Races of parallel test workers take turns (a lock file shared on the machine): each
    opens a connection per thread at once, and the PostgreSQL of deploy/services.sh takes
    100 connections in all."""
    with open(_TURNS, "a") as turn:
        fcntl.flock(turn, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(turn, fcntl.LOCK_UN)


def run_concurrently(
    count: int, work: Callable[[int], Any], *, timeout: float = 120
) -> list[Outcome]:
    """Runs ``work(i)`` for i in 0…count-1, each in its own thread with its own database
    connection, all released at once by a barrier once every connection is open; returns
    ("ok", result) or ("error", exception) per thread, in index order. Each thread closes
    its connections so the test database can be flushed and dropped afterwards. Needs a
    transactional test (``django_db(transaction=True)``) on PostgreSQL. One race runs at a
    time on the machine (``one_race_at_a_time``)."""
    barrier = threading.Barrier(count)
    results: list[Outcome] = [("missing", None)] * count

    def worker(index: int) -> None:
        try:
            connections["default"].ensure_connection()
            barrier.wait(timeout=30)
            results[index] = ("ok", work(index))
        except BaseException as exc:  # noqa: BLE001 - returned to and asserted by the test
            results[index] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    with one_race_at_a_time():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=timeout)
    assert [t.is_alive() for t in threads] == [False] * count, "a thread is still running"
    return results


def race(*works: Callable[[], Any]) -> list[Any]:
    """Runs each of ``works`` at once (``run_concurrently``); returns what each returned or
    the exception it raised, in order."""
    return [value for _, value in run_concurrently(len(works), lambda i: works[i]())]
