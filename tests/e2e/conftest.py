"""Browser tests: Playwright for Python (sync API, headless) drives Debian's Chromium
(``/usr/bin/chromium``; Playwright never downloads a browser here) against pytest-django's
live server on 127.0.0.1, with PostgreSQL and the real Elasticsearch index.

One browser for the whole package, a fresh context (cookies, storage) per test. The data
of a test is made with the factories in the test's own (transactional) database and then
indexed into an Elasticsearch index of its own."""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

try:
    import playwright.sync_api  # noqa: F401
except (
    ImportError
):  # off CI: skip the folder with the reason (tests/conftest.py's rule); under CI: fail
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip(
        "playwright not installed; `.venv/bin/pip install -e '.[dev]'` (make test does)",
        allow_module_level=True,
    )

from tests.factories.marketplace import make_certificate
from tests.factories.shops import make_stock
from tests.support.services import CHROMIUM_PATH  # noqa: E402

from .browser import PageWatch  # noqa: E402


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """pytest-django's live server, bound to 127.0.0.1 (not ``localhost``), so the one host
    the pages may talk to is exactly 127.0.0.1."""
    server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all the browser tests. Playwright's sync API keeps an
    asyncio loop running in this thread, which trips Django's guard against synchronous
    ORM calls from async code: the guard is lifted for these tests only (they are plain
    synchronous code), and restored afterwards."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Pages are served as in production: the storefront's page cache is on (the test
    settings turn it off for the rest of the suite), starting empty."""
    from django.core.cache import cache

    settings.STOREFRONT_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def search_index(settings):
    """The real Elasticsearch backend with an index of this test's own (the test settings
    default to the database backend)."""
    from search import services
    from search.backends import elasticsearch

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_INDEX_PREFIX = f"e2e-{uuid.uuid4().hex[:10]}"
    services._breaker["open_until"] = 0.0

    def sync() -> None:
        report = services.sync_search_index()
        assert not report.failed, report.errors
        elasticsearch.client().indices.refresh(index=elasticsearch.alias_name())

    yield SimpleNamespace(sync=sync)
    elasticsearch.client().indices.delete(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*",
        ignore_unavailable=True,
        allow_no_indices=True,
    )
    services._breaker["open_until"] = 0.0


# --- The catalogue of the journeys ---------------------------------------------------------


def _district(code: str):
    from marketplace.models import AdministrativeUnit

    return AdministrativeUnit.objects.get(generation="former", level="district", code=code)


def _shop(name: str, slug: str, district_code: str):
    from marketplace.models import AdministrativeUnit
    from tests.factories.marketplace import ProducerFactory
    from tests.factories.shops import ShopFactory

    district = _district(district_code)
    commune = (
        AdministrativeUnit.objects.filter(parent=district, successor__isnull=False)
        .first()
        .successor
    )
    return ShopFactory(
        producer=ProducerFactory(name=name, district=district, commune=commune),
        name=name,
        slug=slug,
    )


def _product(
    shop, name: str, group, price: int, *, stars: int | None = None, stock: int = 20, slug: str
):
    from tests.factories.shops import ProductFactory, VariantFactory

    product = ProductFactory(
        shop=shop,
        name_vi=name,
        name_en="",
        slug=slug,
        product_group=group,
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    variant = VariantFactory(product=product, price=price, weight_grams=500)
    make_stock(variant, stock)
    if stars:
        today = timezone.localdate()
        make_certificate(
            product,
            product_group=group,
            stars=stars,
            score={3: 60, 4: 80, 5: 95}[stars],
            decision_date=today - datetime.timedelta(days=100),
            valid_until=today + datetime.timedelta(days=900),
        )
    return product


@pytest.fixture
def journey_data(admin_units, search_index):
    """Two shops the buyer orders from, and distractors the filters must remove:

    - HTX Nước mắm Cảnh Dương (Quảng Trạch, 454): "Nước mắm nhĩ Cảnh Dương" 4★ — the one
      the buyer wants — and "Nước mắm cốt Cảnh Dương" 3★ (same district, fewer stars);
    - Công ty Bảo Ninh (Đồng Hới, 450): "Nước mắm cá cơm Bảo Ninh" 4★ (same stars, other district);
    - HTX Khoai deo Lệ Thủy (Lệ Thủy, 457): "Khoai deo Lệ Thủy" 3★, the second shop's product.

    Each shop ships anywhere in Vietnam; the first shop's owner signs in to the dashboard."""
    from marketplace.models import ProductGroup
    from tests.factories.marketplace import UserFactory
    from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory
    from tests.factories.shops import ShopMembershipFactory

    food = ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham")
    canh_duong = _shop("HTX Nước mắm Cảnh Dương", "htx-nuoc-mam-canh-duong", "454")
    bao_ninh = _shop("Công ty Bảo Ninh", "cong-ty-bao-ninh", "450")
    le_thuy = _shop("HTX Khoai deo Lệ Thủy", "htx-khoai-deo-le-thuy", "457")
    data = SimpleNamespace(
        shop=canh_duong,
        second_shop=le_thuy,
        district=_district("454"),
        fish_sauce=_product(
            canh_duong,
            "Nước mắm nhĩ Cảnh Dương",
            food,
            120_000,
            stars=4,
            slug="nuoc-mam-nhi-canh-duong",
        ),
        fish_sauce_3=_product(
            canh_duong,
            "Nước mắm cốt Cảnh Dương",
            food,
            80_000,
            stars=3,
            slug="nuoc-mam-cot-canh-duong",
        ),
        other_district=_product(
            bao_ninh,
            "Nước mắm cá cơm Bảo Ninh",
            food,
            95_000,
            stars=4,
            slug="nuoc-mam-ca-com-bao-ninh",
        ),
        khoai=_product(
            le_thuy, "Khoai deo Lệ Thủy", food, 65_000, stars=3, slug="khoai-deo-le-thuy"
        ),
        producer=UserFactory(username="chu_canh_duong", full_name="Trần Văn Dương"),
        password="pass12345",
    )
    ShopMembershipFactory(shop=canh_duong, user=data.producer, role="owner")
    data.shipping = {}
    for shop, name, price in (
        (canh_duong, "Giao tiêu chuẩn", 20_000),
        (le_thuy, "Giao nhanh", 25_000),
        (bao_ninh, "Giao tiết kiệm", 15_000),
    ):
        data.shipping[shop.pk] = ShippingMethodFactory(
            zone=ShippingZoneFactory(shop=shop),
            name_vi=name,
            name_en="",
            price=price,
            min_days=1,
            max_days=3,
        )
    search_index.sync()
    return data


@pytest.fixture
def watch(request) -> PageWatch:
    """The page watch of a test; its folder under test-artifacts/e2e/ is the test's name."""
    name = request.node.name.removeprefix("test_").replace("[", "-").rstrip("]")
    return PageWatch(name=name)
