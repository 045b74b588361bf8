"""A fixed catalogue indexed into the backend under test. The contract tests take the
``backend`` fixture and run unchanged against the database backend and a real
Elasticsearch 8.19 node (started by make test)."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.utils import timezone

from marketplace.models import AdministrativeUnit, ProductGroup
from search.backends import database
from search.documents import product_documents
from shops.models import Stock
from tests.factories.marketplace import CertificateFactory, ProducerFactory
from tests.factories.shops import ProductFactory, ShopFactory, VariantFactory


@pytest.fixture(
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.service("elasticsearch"))]
)
def backend(request, settings):
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
        yield database
        return
    from search.backends import elasticsearch

    settings.ELASTICSEARCH_URL = __import__("os").environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    yield elasticsearch
    es = elasticsearch.client()
    es.indices.delete(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*",
        ignore_unavailable=True,
        allow_no_indices=True,
    )


def _district(code):
    return AdministrativeUnit.objects.get(generation="former", level="district", code=code)


def _producer(code, legal_type):
    district = _district(code)
    commune = (
        AdministrativeUnit.objects.filter(parent=district, successor__isnull=False)
        .first()
        .successor
    )
    return ProducerFactory(district=district, commune=commune, legal_type=legal_type)


def _product(
    shop,
    name,
    group,
    price,
    *,
    units=0,
    stock=10,
    published_days_ago=10,
    stars=None,
    expired=False,
    name_en="",
):
    product = ProductFactory(
        shop=shop,
        name_vi=name,
        name_en=name_en,
        product_group=group,
        units_sold=units,
        status="published",
        published_at=timezone.now() - datetime.timedelta(days=published_days_ago),
    )
    variant = VariantFactory(product=product, price=price)
    if stock:
        Stock.objects.create(
            variant=variant, location=shop.warehouses.get(), shop=shop, quantity=stock
        )
    if stars:
        today = timezone.localdate()
        decision = (
            today - datetime.timedelta(days=36 * 31)
            if expired
            else today - datetime.timedelta(days=100)
        )
        valid_until = (
            today - datetime.timedelta(days=1)
            if expired
            else decision + datetime.timedelta(days=1000)
        )
        cert = CertificateFactory(
            producer=shop.producer,
            product_group=group,
            stars=stars,
            score={3: 60, 4: 80, 5: 95}[stars],
            decision_date=decision,
            valid_until=valid_until,
        )
        cert.products.add(product)
    return product


@pytest.fixture
def catalogue(admin_units):
    """Seven indexable products in three shops and districts, plus a draft and a product
    of a suspended shop that must never be found."""
    food = ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham")
    drink = ProductGroup.objects.get(criteria_version="148/2023", code="do-uong")
    herbs = ProductGroup.objects.get(criteria_version="148/2023", code="duoc-lieu")
    craft = ProductGroup.objects.get(criteria_version="148/2023", code="thu-cong-my-nghe")
    bo_trach = ShopFactory(
        producer=_producer("455", "cooperative"), name="HTX Phong Nha", slug="htx-phong-nha"
    )
    dong_hoi = ShopFactory(
        producer=_producer("450", "enterprise"), name="Công ty Bảo Ninh", slug="cong-ty-bao-ninh"
    )
    quang_trach = ShopFactory(
        producer=_producer("454", "household"), name="Hộ Cảnh Dương", slug="ho-canh-duong"
    )
    p = SimpleNamespace()
    p.nhi = _product(
        quang_trach,
        "Nước mắm nhĩ Cảnh Dương",
        food,
        120_000,
        units=50,
        stars=4,
        published_days_ago=3,
        name_en="Premium fish sauce",
    )
    p.ca_com = _product(
        dong_hoi,
        "Nước mắm cá cơm Bảo Ninh",
        food,
        85_000,
        units=200,
        stars=3,
        published_days_ago=20,
    )
    p.cham = _product(
        bo_trach, "Mắm nước chấm chay", food, 30_000, units=5, stock=0, published_days_ago=1
    )
    p.mat_ong = _product(
        bo_trach, "Mật ong rừng Phong Nha", food, 260_000, units=10, stars=5, published_days_ago=7
    )
    p.ruou = _product(
        bo_trach,
        "Rượu gạo men lá",
        drink,
        90_000,
        units=120,
        stars=3,
        expired=True,
        published_days_ago=30,
    )
    p.tram = _product(
        dong_hoi, "Tinh dầu tràm", herbs, 75_000, units=0, stars=3, published_days_ago=60
    )
    p.non = _product(
        quang_trach, "Nón lá Quảng Trạch", craft, 150_000, units=30, published_days_ago=15
    )
    p.all = [p.nhi, p.ca_com, p.cham, p.mat_ong, p.ruou, p.tram, p.non]
    p.draft = _product(bo_trach, "Nước mắm bản nháp", food, 10_000)
    p.draft.status = "draft"
    p.draft.save()
    suspended = ShopFactory(
        producer=_producer("456", "cooperative"),
        name="HTX Tạm ngừng",
        slug="htx-tam-ngung",
        is_active=False,
    )
    p.hidden = _product(suspended, "Nước mắm của gian hàng tạm ngừng", food, 10_000)
    p.shops = SimpleNamespace(bo_trach=bo_trach, dong_hoi=dong_hoi, quang_trach=quang_trach)
    return p


@pytest.fixture
def indexed(backend, catalogue):
    ids = [x.pk for x in [*catalogue.all, catalogue.draft, catalogue.hidden]]
    docs = product_documents(ids)
    backend.write(docs, [pk for pk in ids if pk not in {d["id"] for d in docs}], refresh=True)
    return catalogue


@pytest.fixture(autouse=True)
def _closed_breaker():
    """Each test starts with the Elasticsearch read breaker closed."""
    from search import services

    services._breaker["open_until"] = 0.0
    yield
    services._breaker["open_until"] = 0.0
