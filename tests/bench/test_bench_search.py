"""Search benchmark (make bench): generated catalogues of 10,000 and 100,000 products.

Reports bulk indexing documents/s, p50/p95 of a fixed mix of 200 queries through our
interface and of the same request bodies sent raw to Elasticsearch in the same run (the
ratio is our overhead), and the database backend on the same mix at 10,000. Figures are
printed and written to test-artifacts/bench/; nothing here asserts a timing."""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
import uuid

import pytest
from django.utils import timezone

from marketplace.models import AdministrativeUnit, OcopCertificate, ProductGroup
from search.backends import database
from search.documents import product_documents
from search.product_filter import ProductFilter
from search.query import SEARCH_SORTS, SearchQuery
from shops.models import Product, ProductVariant, Stock
from tests.factories.marketplace import ProducerFactory
from tests.factories.shops import ShopFactory

pytestmark = [
    pytest.mark.bench,
    pytest.mark.service("elasticsearch"),
    pytest.mark.service("postgresql"),
]

WORDS = [
    "Nước mắm",
    "Mật ong",
    "Khoai deo",
    "Mực một nắng",
    "Tinh dầu tràm",
    "Gạo hữu cơ",
    "Rượu gạo",
    "Trà bụp giấm",
    "Nón lá",
    "Chè vằng",
    "Cà gai leo",
    "Bột sắn dây",
    "Ruốc biển",
    "Lan rừng",
]
PLACES = [
    "Cảnh Dương",
    "Bảo Ninh",
    "Phong Nha",
    "Lệ Thủy",
    "Minh Hóa",
    "Tuyên Hóa",
    "Ba Đồn",
    "Đồng Hới",
]


def _shops(rng: random.Random) -> list:
    districts = list(AdministrativeUnit.objects.filter(generation="former", level="district"))
    shops = []
    for i in range(40):
        district = districts[i % len(districts)]
        commune = (
            AdministrativeUnit.objects.filter(parent=district, successor__isnull=False)
            .first()
            .successor
        )
        producer = ProducerFactory(
            district=district,
            commune=commune,
            legal_type=rng.choice(["cooperative", "enterprise", "household"]),
        )
        shops.append(
            ShopFactory(
                producer=producer, name=f"HTX {rng.choice(PLACES)} {i}", slug=f"bench-shop-{i}"
            )
        )
    return shops


def _generate(n: int, shops: list, seed: int = 7) -> None:
    rng = random.Random(seed + n)
    groups = list(ProductGroup.objects.filter(criteria_version="148/2023"))
    start = Product.objects.count()
    now = timezone.now()
    products = [
        Product(
            shop=(shop := shops[i % len(shops)]),
            name_vi=f"{rng.choice(WORDS)} {rng.choice(PLACES)} {i}",
            name_en=f"Product {i}",
            slug=f"bench-{uuid.uuid4().hex[:12]}",
            product_group=rng.choice(groups),
            origin_district=shop.producer.district,
            origin_commune=shop.producer.commune,
            status="published",
            published_at=now - datetime.timedelta(minutes=i),
            units_sold=rng.randint(0, 5000),
            description_vi="Sản phẩm OCOP Quảng Bình, đặc sản làm thủ công.",
        )
        for i in range(start, start + n)
    ]
    Product.objects.bulk_create(products, batch_size=2000)
    variants = ProductVariant.objects.bulk_create(
        [
            ProductVariant(
                product=p,
                sku=f"S{p.pk}",
                barcode=f"x{p.pk:012d}"[:13],
                price=rng.randint(20, 900) * 1000,
            )
            for p in products
        ],
        batch_size=2000,
    )
    Stock.objects.bulk_create(
        [
            Stock(
                variant=v,
                location=_warehouse(v.product.shop),
                shop=v.product.shop,
                quantity=rng.choice([0, 5, 20]),
            )
            for v in variants
        ],
        batch_size=2000,
    )
    today = timezone.localdate()
    certs = []
    for p in products[::2]:
        stars = rng.choice([3, 3, 3, 3, 4, 5])
        decision = today - datetime.timedelta(days=rng.randint(10, 1200))
        certs.append(
            (
                p,
                OcopCertificate(
                    producer=p.shop.producer,
                    product_group=p.product_group,
                    product_name=p.name_vi,
                    stars=stars,
                    score={3: 60, 4: 80, 5: 95}[stars],
                    criteria_version="148/2023",
                    decision_number=f"B{p.pk}",
                    decision_date=decision,
                    valid_until=decision + datetime.timedelta(days=1095),
                    issuing_level="province",
                    issuing_body="UBND",
                ),
            )
        )
    OcopCertificate.objects.bulk_create([c for _, c in certs], batch_size=2000)
    through = OcopCertificate.products.through
    through.objects.bulk_create(
        [through(ocopcertificate_id=c.pk, product_id=p.pk) for p, c in certs], batch_size=5000
    )


_WAREHOUSES: dict[int, object] = {}


def _warehouse(shop):
    if shop.pk not in _WAREHOUSES:
        _WAREHOUSES[shop.pk] = shop.warehouses.get()
    return _WAREHOUSES[shop.pk]


def query_mix(n: int = 200, seed: int = 11) -> list[SearchQuery]:
    rng = random.Random(seed)
    texts = [
        "nuoc mam",
        "nước mắm",
        "mat ong",
        "mật ong rừng",
        "khoai deo",
        "tinh dau tram",
        "gao huu co",
        "canh duong",
        "phong nha",
        "nuoc mamm",
        "khoaii deo",
        "ruou gao",
        "tra bup giam",
        "",
    ]
    districts = [str(c) for c in ("450", "452", "453", "454", "455", "456", "457", "458")]
    mix = []
    for i in range(n):
        f = {}
        if i % 3 == 0:
            f["stars_min"] = rng.choice([3, 4, 5])
        if i % 4 == 1:
            f["districts"] = tuple(rng.sample(districts, rng.randint(1, 2)))
        if i % 5 == 2:
            f["price_min"], f["price_max"] = 50_000, rng.choice([200_000, 500_000])
        if i % 7 == 3:
            f["in_stock"] = True
        mix.append(
            SearchQuery(
                filter=ProductFilter(search=rng.choice(texts), **f),
                sort=rng.choice(SEARCH_SORTS),
                page=rng.choice([1, 1, 1, 2, 5]),
                page_size=24,
            )
        )
    return mix


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
    }


@pytest.mark.django_db(transaction=True)
def test_bench_search(admin_units, settings, report):
    from search.backends import elasticsearch

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"bench-{uuid.uuid4().hex[:8]}"
    es = elasticsearch.client()
    figures: dict[str, dict] = {}
    try:
        shops = _shops(random.Random(7))
        for size in (10_000, 100_000):
            _generate(size - Product.objects.count(), shops)
            ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
            started = time.perf_counter()
            docs = []
            for i in range(0, len(ids), 2000):
                docs.extend(product_documents(ids[i : i + 2000]))
            build_s = time.perf_counter() - started
            started = time.perf_counter()
            elasticsearch.rebuild([docs[i : i + 5000] for i in range(0, len(docs), 5000)])
            bulk_s = time.perf_counter() - started
            entry = {
                "documents": len(docs),
                "build_docs_per_s": round(len(docs) / build_s),
                "bulk_index_docs_per_s": round(len(docs) / bulk_s),
            }
            mix = query_mix()
            for q in mix[:20]:  # warm up both paths
                elasticsearch.search(q)
            ours, raw = [], []
            for q in mix:
                body = elasticsearch.build_search(q).to_dict()
                t0 = time.perf_counter()
                elasticsearch.search(q)
                ours.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                es.search(index=elasticsearch.alias_name(), body=body)
                raw.append((time.perf_counter() - t0) * 1000)
            entry["ours"] = _percentiles(ours)
            entry["raw_elasticsearch"] = _percentiles(raw)
            entry["overhead_ratio_p50"] = round(
                entry["ours"]["p50_ms"] / entry["raw_elasticsearch"]["p50_ms"], 2
            )
            entry["overhead_ratio_p95"] = round(
                entry["ours"]["p95_ms"] / entry["raw_elasticsearch"]["p95_ms"], 2
            )
            if size == 10_000:
                database.write(docs, [])
                db = []
                for q in mix:
                    t0 = time.perf_counter()
                    database.search(q)
                    db.append((time.perf_counter() - t0) * 1000)
                entry["database_backend"] = _percentiles(db)
            figures[f"{size}_products"] = entry
            report("search", figures)
    finally:
        es.indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*", ignore_unavailable=True)
    assert figures["100000_products"]["documents"] == 100_000
