"""Benchmark of checkout completion on PostgreSQL (make bench): checkouts completed per
second by 8 concurrent buyers — as 8 threads in one process and as 8 processes, the way
web workers run — and by one, side by side, and SQL queries per completion
for carts of 1 line, 10 lines from 1 shop and 10 lines from 5 shops. Target on 2 cores:
≥ 30 checkouts/s; queries must not grow per line. Figures are reported, not asserted
as timings."""

from __future__ import annotations

import multiprocessing
import queue
import statistics
import threading
import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from orders.models import Order
from orders.services.checkout import checkout_complete
from tests.factories.shops import ShopFactory
from tests.orders.builders import ready_checkout, sellable

pytestmark = [
    pytest.mark.bench,
    pytest.mark.service("postgresql"),
    pytest.mark.django_db(transaction=True),
]
CONCURRENCY = 8
CHECKOUTS = 240


@pytest.fixture(autouse=True)
def _one_buyer_may_hoard(settings):
    """Every checkout here is the same buyer's cash-on-delivery order: the stock-hold
    limits (orders/services/holds.py) would stop them; the bench measures throughput."""
    settings.STOCK_HOLD_MAX_UNITS_PER_ORDER = settings.STOCK_HOLD_MAX_UNITS_PER_VARIANT = 10**6
    settings.STOCK_HOLD_MAX_UNITS_PER_BUYER = 10**6
    settings.STOCK_HOLD_ORDERS_PER_BUYER = settings.STOCK_HOLD_ORDERS_PER_IP = 10**6


def _queries(lines) -> int:
    checkout = ready_checkout(lines)
    with CaptureQueriesContext(connection) as ctx:
        checkout_complete(checkout=checkout)
    return len(ctx.captured_queries)


def _buyer_process(work, results) -> None:
    """A buyer in its own process (as web workers run in production: one process per
    core, so the GIL does not serialize them). Forked after the parent closed its
    connections; opens its own."""
    from orders.models import Checkout

    latencies = []
    try:
        while True:
            checkout_id = work.get()
            if checkout_id is None:
                break
            started = time.perf_counter()
            checkout_complete(checkout=Checkout.objects.get(pk=checkout_id))
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        connections.close_all()
        results.put(latencies)


def _run_processes(checkouts, workers: int) -> tuple[float, list[float]]:
    context = multiprocessing.get_context("fork")
    work, results = context.Queue(), context.Queue()
    for checkout in checkouts:
        work.put(checkout.pk)
    for _ in range(workers):
        work.put(None)
    connections.close_all()  # children must not share the parent's socket
    processes = [
        context.Process(target=_buyer_process, args=(work, results)) for _ in range(workers)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    latencies = [ms for _ in processes for ms in results.get(timeout=600)]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join(timeout=60)
    return elapsed, latencies


def _run(checkouts, workers: int) -> tuple[float, list[float]]:
    work: queue.Queue = queue.Queue()
    for checkout in checkouts:
        work.put(checkout)
    latencies: list[float] = []
    lock = threading.Lock()

    def buyer():
        try:
            while True:
                try:
                    checkout = work.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                checkout_complete(checkout=checkout)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buyer) for _ in range(workers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def test_bench_checkout_completion(admin_units, report):
    shops = [ShopFactory() for _ in range(5)]
    variants = [sellable(shops[i % 5], price=50_000 + i * 1000, stock=100_000) for i in range(50)]
    figures: dict[str, object] = {
        "queries_per_completion": {
            "1 line": _queries([(variants[0], 1)]),
            "10 lines, 1 shop": _queries([(variants[i * 5], 1) for i in range(10)]),
            "10 lines, 5 shops": _queries([(variants[i], 1) for i in range(10)]),
        }
    }

    # carts of 1–3 lines from 1–3 shops, as buyers really fill them; popular items overlap
    def cart(n: int):
        return [(variants[(n * 7 + k * 11) % 50], 1 + (n + k) % 2) for k in range(1 + n % 3)]

    runs = (
        ("sequential", 1, _run),
        ("8 threads, 1 process", CONCURRENCY, _run),
        ("8 processes", CONCURRENCY, _run_processes),
    )
    for run_index, (label, workers, runner) in enumerate(runs):
        checkouts = [
            ready_checkout(cart(n), email=f"b{run_index}.{n}@example.vn") for n in range(CHECKOUTS)
        ]
        before = Order.objects.count()
        elapsed, latencies = runner(checkouts, workers)
        assert Order.objects.count() - before == CHECKOUTS
        latencies.sort()
        figures[label] = {
            "workers": workers,
            "checkouts": CHECKOUTS,
            "seconds": round(elapsed, 2),
            "checkouts_per_s": round(CHECKOUTS / elapsed, 1),
            "latency_ms_p50": round(statistics.median(latencies), 1),
            "latency_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        }
    figures["target_checkouts_per_s"] = 30
    report("checkout_completion", figures)
    queries = figures["queries_per_completion"]
    assert queries["1 line"] == queries["10 lines, 1 shop"] == queries["10 lines, 5 shops"]
