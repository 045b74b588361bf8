"""Benchmark of the storefront's product listing through GraphQL (make bench): p50/p95 of
``products(first: 100)`` with pricing, thumbnail, category, shop, OCOP and variants on
10,000 products on PostgreSQL, beside the SQL time of the same data fetched directly
with hand-written queries in the same run (our overhead ratio; target ≤ 3), side by side:

- *cold*: the response cache off, every request parsed (the document cache warm),
  loaded from the database and resolved;
- *warm*: the anonymous response cache on (Redis when ``REDIS_URL`` is set, as in
  production), what a storefront's repeated listing costs until the catalogue changes.

The three are measured in interleaved rounds, so a busy machine slows them alike.
Figures are reported, never asserted as timings; the query count of ``first: 10`` and
``first: 100`` is asserted equal."""

from __future__ import annotations

import json
import statistics
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marketplace.models import ProductGroup
from shops.models import Product, ProductVariant, Stock
from tests.factories.shops import ShopFactory

pytestmark = [pytest.mark.bench, pytest.mark.service("postgresql")]
PRODUCTS = 10_000
QUERY = """
query Products($first: Int!, $channel: String!) {
  products(first: $first, channel: $channel) {
    totalCount
    edges { node {
      id name slug
      thumbnail(size: 256) { url alt }
      category { id name slug }
      pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
      shop { name slug }
      ocop { stars validUntil }
      variants { id name sku quantityAvailable pricing { price { gross { amount currency } } } }
    } }
  }
}
"""
SQL = [
    """SELECT p.id, p.name_vi, p.slug, p.category_id, p.shop_id, p.product_group_id FROM shops_product p
       JOIN shops_shop s ON s.id = p.shop_id WHERE p.status = 'published' AND s.is_active
       ORDER BY p.created_at DESC, p.id DESC LIMIT 100""",
    "SELECT id, name_vi, slug FROM shops_category WHERE id = ANY(%s)",
    "SELECT id, name, slug FROM shops_shop WHERE id = ANY(%s)",
    """SELECT v.id, v.product_id, v.name, v.sku, v.price, COALESCE(SUM(st.quantity), 0)
       FROM shops_productvariant v LEFT JOIN shops_stock st ON st.variant_id = v.id
       WHERE v.product_id = ANY(%s) AND v.is_active GROUP BY v.id""",
    "SELECT product_id, thumbnails FROM shops_productmedia WHERE product_id = ANY(%s) ORDER BY position, id",
    """SELECT c.producer_id, c.stars, c.valid_until FROM marketplace_ocopcertificate c
       WHERE c.revoked_at IS NULL AND c.valid_until >= CURRENT_DATE""",
]


def _catalogue(n: int) -> None:
    shop = ShopFactory()
    group = ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham")
    products = Product.objects.bulk_create(
        [
            Product(
                shop=shop,
                name_vi=f"Nước mắm {i}",
                name_en=f"Fish sauce {i}",
                slug=f"gql-bench-{i}",
                product_group=group,
                origin_district=shop.producer.district,
                origin_commune=shop.producer.commune,
                status="published",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    variants = ProductVariant.objects.bulk_create(
        [
            ProductVariant(
                product=p,
                sku=f"GB-{p.pk}",
                barcode=f"g{p.pk:012d}"[:13],
                price=50_000 + i % 500 * 100,
            )
            for i, p in enumerate(products)
        ],
        batch_size=2000,
    )
    warehouse = shop.warehouses.get()
    Stock.objects.bulk_create(
        [Stock(variant=v, location=warehouse, shop=shop, quantity=10) for v in variants],
        batch_size=2000,
    )


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return round(statistics.median(samples), 2), round(samples[int(len(samples) * 0.95) - 1], 2)


def _timed_rounds(fns: dict, repeat: int = 40) -> dict[str, tuple[float, float]]:
    """Each of ``fns`` (name → (prepare, run)) once per round; only ``run`` is timed."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, (prepare, run) in fns.items():
            prepare()
            started = time.perf_counter()
            run()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: _percentiles(values) for name, values in samples.items()}


@pytest.mark.django_db
def test_bench_graphql_products(admin_units, report, settings):
    _catalogue(PRODUCTS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if django_settings.REDIS_URL:  # the production cache; our own key prefix on the shared server
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": django_settings.REDIS_URL,
                "KEY_PREFIX": "bench-graphql",
            }
        }
    client = Client()
    body = json.dumps({"query": QUERY, "variables": {"first": 100, "channel": "default-channel"}})
    answers = []

    def graphql() -> None:
        response = client.post("/graphql/", body, content_type="application/json")
        data = response.json()
        assert "errors" not in data, data.get("errors")
        assert len(data["data"]["products"]["edges"]) == 100
        if answers:
            assert data == answers[0]  # cold and warm answers alike
        else:
            answers.append(data)

    def cache_seconds(seconds: int):
        def prepare() -> None:
            settings.GRAPHQL_RESPONSE_CACHE_SECONDS = seconds

        return prepare

    def direct_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(SQL[0])
            rows = cursor.fetchall()
            ids = [r[0] for r in rows]
            cursor.execute(SQL[1], [[r[3] for r in rows if r[3]]])
            cursor.fetchall()
            cursor.execute(SQL[2], [list({r[4] for r in rows})])
            cursor.fetchall()
            for sql in SQL[3:5]:
                cursor.execute(sql, [ids])
                cursor.fetchall()
            cursor.execute(SQL[5])
            cursor.fetchall()

    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 0
    queries = {}
    for first in (10, 100):
        small = json.dumps(
            {"query": QUERY, "variables": {"first": first, "channel": "default-channel"}}
        )
        with CaptureQueriesContext(connection) as captured:
            client.post("/graphql/", small, content_type="application/json")
        queries[first] = len(captured)
    assert queries[10] == queries[100], queries

    graphql()  # the schema, the parsed document and the connection warm
    direct_sql()
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 60
    graphql()  # stored
    figures = _timed_rounds(
        {
            "sql": (cache_seconds(0), direct_sql),
            "cold": (cache_seconds(0), graphql),
            "warm": (cache_seconds(60), graphql),
        }
    )
    sql, cold, warm = figures["sql"], figures["cold"], figures["warm"]
    report(
        "graphql_products_first_100",
        {
            "products": PRODUCTS,
            "queries_per_request": queries[100],
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "direct_sql_ms_p50": sql[0],
            "direct_sql_ms_p95": sql[1],
            "graphql_cold_ms_p50": cold[0],
            "graphql_cold_ms_p95": cold[1],
            "overhead_ratio_cold_p50": round(cold[0] / sql[0], 2),
            "graphql_warm_ms_p50": warm[0],
            "graphql_warm_ms_p95": warm[1],
            "overhead_ratio_warm_p50": round(warm[0] / sql[0], 2),
            "target_ratio": 3,
        },
    )
