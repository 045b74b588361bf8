"""Storefront benchmark (make bench): the consumer pages served the way production serves
them — gunicorn workers with production settings (DEBUG off, compressed manifest static
files, Redis cache) on PostgreSQL with the real Elasticsearch backend — over a generated
catalogue of 10,000 published products from 40 shops, half of them OCOP-certified.

Reports, per page (home, catalogue filtered by stars and district, product, shop):
- the server time of one request alone (median of rendering in-process, page cache off)
  and its SQL query count;
- p50/p95 response time at 20 concurrent clients (closed loop, no think time) measured on
  loopback by the client, with throughput, twice side by side: "rendered" with the page
  cache off (every request renders: the worst case, e.g. a crawler walking every URL) and
  "cached" with the page cache on after one visit of each URL (visitors who are not
  signed in, as most buyers arriving from a livestream or a shared link are). The pages'
  URLs rotate over many products and shops;
- the transferred bytes of the page: HTML as served gzip-compressed, and the CSS and JS it
  references (compressed as whitenoise serves them), images apart.
Targets on 2 cores: p95 ≤ 150 ms; CSS+JS ≤ 100 KB compressed per page. Figures are
printed and written to test-artifacts/bench/; nothing here asserts a timing."""

from __future__ import annotations

import gzip
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection

from shops.models import Product, Shop
from tests.bench.test_bench_search import _generate, _shops

pytestmark = [
    pytest.mark.bench,
    pytest.mark.service("postgresql"),
    pytest.mark.service("elasticsearch"),
    pytest.mark.service("redis"),
]

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 20
REQUESTS_PER_CLIENT = 15
WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _server_env(index_prefix: str, page_cache_seconds: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
            "DATABASE_URL": _database_url(),
            "ELASTICSEARCH_INDEX_PREFIX": index_prefix,
            "ALLOW_DEMO_DEFAULTS": "1",  # a benchmark on loopback, not a deployment
            "SECURE_SSL_REDIRECT": "0",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "http://127.0.0.1",
            "STOREFRONT_PAGE_CACHE_SECONDS": str(page_cache_seconds),
        }
    )
    return env


def _get(port: int, path: str, *, gzip_ok: bool = True) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, {k.lower(): v for k, v in response.getheaders()}


SERVER_LOG = (
    Path(os.environ.get("BENCH_RESULTS", "test-artifacts/bench")) / "storefront-gunicorn.log"
)


def _start_server(env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "marketplace.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            "2",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=SERVER_LOG.open("wb"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(port, "/healthz")[0] in (200, 503):
                return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn did not start: " + SERVER_LOG.read_text()[-2000:])


def _page_bytes(port: int, path: str) -> dict[str, int]:
    """HTML as transferred (gzip) plus each referenced stylesheet and script, compressed."""
    status, body, headers = _get(port, path)
    assert status == 200, (path, status, SERVER_LOG.read_text()[-3000:])
    html = gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body
    html_gz = (
        len(body) if headers.get("content-encoding") == "gzip" else len(gzip.compress(html, 6))
    )
    assets = set(re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html))
    assets |= set(re.findall(rb'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html))
    scripts = set(re.findall(rb'<script[^>]+src="([^"]+)"', html))
    sizes = {"html_gzip": html_gz, "html_raw": len(html), "css_gzip": 0, "js_gzip": 0}
    for kind, urls in (("css_gzip", assets), ("js_gzip", scripts)):
        for url in urls:
            asset_path = urlsplit(urljoin(path, url.decode())).path
            asset_status, asset_body, asset_headers = _get(port, asset_path)
            assert asset_status == 200, (asset_path, asset_status)
            compressed = asset_headers.get("content-encoding") == "gzip"
            sizes[kind] += len(asset_body) if compressed else len(gzip.compress(asset_body, 6))
    sizes["css_js_gzip"] = sizes["css_gzip"] + sizes["js_gzip"]
    return sizes


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def _in_process(paths: list[str], repeat: int = 7) -> dict[str, float]:
    """One request at a time through Django in this process (page cache off): the page's
    own server time, and its SQL queries."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    samples = []
    for i in range(repeat):
        path = paths[i % len(paths)]
        started = time.perf_counter()
        assert client.get(path).status_code == 200, path
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(paths[0])
    return {
        "alone_median_ms": round(statistics.median(samples), 1),
        "queries": len(queries.captured_queries),
    }


def _load(port: int, paths: list[str]) -> dict[str, float]:
    """CLIENTS threads, each with its own keep-alive connection, request back to back."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for i in range(REQUESTS_PER_CLIENT):
            path = paths[(index * REQUESTS_PER_CLIENT + i) % len(paths)]
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(f"{path}: {response.status}")
            except (OSError, http.client.HTTPException) as exc:
                failures.append(f"{path}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not failures, failures[:5]
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
        "requests_per_s": round(len(ordered) / elapsed, 1),
    }


@pytest.mark.django_db(transaction=True)
def test_bench_storefront(admin_units, settings, report):
    from search.backends import elasticsearch
    from search.documents import product_documents

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    prefix = f"bench-sf-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    rng = random.Random(5)
    server = None
    try:
        shops = _shops(rng)
        _generate(10_000, shops)
        ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
        docs = [
            doc for i in range(0, len(ids), 2000) for doc in product_documents(ids[i : i + 2000])
        ]
        elasticsearch.rebuild([docs[i : i + 5000] for i in range(0, len(docs), 5000)])
        Product.objects.update(search_dirty=False)
        with (
            connection.cursor() as cursor
        ):  # planner statistics, as autovacuum keeps them in production
            cursor.execute("ANALYZE")

        product_slugs = list(Product.objects.order_by("?").values_list("slug", flat=True)[:300])
        shop_slugs = list(Shop.objects.values_list("slug", flat=True))
        districts = ["450", "452", "453", "454", "455", "456", "457", "458"]
        pages = {
            "home": ["/"],
            "catalogue": [
                f"/products/?stars={stars}&district={district}&sort={sort}"
                for stars in (3, 4, 5)
                for district in districts
                for sort in ("newest", "price_asc", "best_selling")
            ],
            "product": [f"/products/{slug}/" for slug in product_slugs],
            "shop": [f"/shops/{slug}/" for slug in shop_slugs],
        }
        settings.STOREFRONT_PAGE_CACHE_SECONDS = 0
        figures: dict[str, dict] = {
            "setup": {
                "products": len(ids),
                "clients": CLIENTS,
                "requests_per_page": CLIENTS * REQUESTS_PER_CLIENT,
                "gunicorn_workers": WORKERS,
                "worker_class": "gthread x2",
                "cpus": os.cpu_count(),
            }
        }
        for name, paths in pages.items():
            figures[name] = {**_in_process(paths), "first_url": paths[0]}
        for mode, seconds in (("rendered", 0), ("cached", 300)):
            server, port = _start_server(_server_env(prefix, seconds))
            for name, paths in pages.items():
                for path in (
                    paths if seconds else paths[:5]
                ):  # warm workers; with the cache, one visit per URL
                    _get(port, path)
                if mode == "rendered":
                    figures[name].update(_page_bytes(port, paths[0]))
                figures[name][mode] = _load(port, paths)
            _stop(server)
            server = None
        report("storefront", figures)
    finally:
        if server is not None:
            _stop(server)
        elasticsearch.client().indices.delete(
            index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True
        )
