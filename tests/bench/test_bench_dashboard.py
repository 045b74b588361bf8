"""Benchmarks of the foundation (make bench): dashboard product list latency and query
count as the catalogue grows, and stock adjustments under row locks, sequential vs
concurrent. Figures are reported, never asserted as timings."""

from __future__ import annotations

import statistics
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marketplace.models import ProductGroup
from shops.models import Product, ProductVariant, Stock
from shops.services import stock as stock_services
from tests.factories.shops import ProductFactory, VariantFactory

pytestmark = [pytest.mark.bench, pytest.mark.service("postgresql")]


def _bulk_catalogue(shop, start: int, n: int) -> None:
    group = ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham")
    products = Product.objects.bulk_create(
        [
            Product(
                shop=shop,
                name_vi=f"Nước mắm {i}",
                name_en=f"Fish sauce {i}",
                slug=f"bench-{shop.pk}-{i}",
                product_group=group,
                origin_district=shop.producer.district,
                origin_commune=shop.producer.commune,
                status="published",
            )
            for i in range(start, start + n)
        ],
        batch_size=1000,
    )
    variants = ProductVariant.objects.bulk_create(
        [
            ProductVariant(
                product=p, sku=f"B{shop.pk}-{p.pk}", barcode=f"b{p.pk:012d}"[:13], price=50_000 + i
            )
            for i, p in enumerate(products)
        ],
        batch_size=1000,
    )
    warehouse = shop.warehouses.get()
    Stock.objects.bulk_create(
        [Stock(variant=v, location=warehouse, shop=shop, quantity=10) for v in variants],
        batch_size=1000,
    )


def _median_ms(fn, repeat: int = 15) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return round(statistics.median(samples), 2), round(samples[int(len(samples) * 0.95) - 1], 2)


@pytest.mark.django_db
def test_bench_dashboard_product_list(shop, owner, report):
    client = Client()
    client.force_login(owner)
    figures = {}
    for size in (100, 1000, 5000):
        existing = Product.objects.filter(shop=shop).count()
        _bulk_catalogue(shop, existing, size - existing)
        url = f"/dashboard/{shop.slug}/products/?per_page=100"
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        queries = len(ctx.captured_queries)
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == 100
        p50, p95 = _median_ms(lambda url=url: client.get(url))
        figures[f"{size}_products"] = {"queries": queries, "p50_ms": p50, "p95_ms": p95}
    report("dashboard_product_list", figures)
    assert len({f["queries"] for f in figures.values()}) == 1


@pytest.mark.django_db(transaction=True)
def test_bench_stock_adjust(shop, owner, report):
    variants = [VariantFactory(product=ProductFactory(shop=shop)) for _ in range(4)]
    warehouse = shop.warehouses.get()
    for v in variants:
        stock_services.stock_adjust(
            actor=owner, variant=v, location=warehouse, delta=1000, reason="initial"
        )
    ops = 200

    def run(assignments):
        def worker(variant, count):
            for _ in range(count):
                stock_services.stock_adjust(
                    actor=owner, variant=variant, location=warehouse, delta=-1, reason="damage"
                )
            connection.close()

        threads = [threading.Thread(target=worker, args=a) for a in assignments]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - started

    sequential = run([(variants[0], ops)])
    same_row = run([(variants[1], ops // 4)] * 4)
    distinct_rows = run([(variants[i], ops // 4) for i in range(4)])
    figures = {
        "ops": ops,
        "sequential_ops_per_s": round(ops / sequential, 1),
        "4_threads_same_row_ops_per_s": round(ops / same_row, 1),
        "4_threads_distinct_rows_ops_per_s": round(ops / distinct_rows, 1),
        "ratio_same_row_vs_sequential": round(sequential / same_row, 2),
    }
    report("stock_adjust", figures)
    quantities = sorted(
        Stock.objects.filter(variant__in=variants).values_list("quantity", flat=True)
    )
    assert quantities == [750, 750, 950, 950]
