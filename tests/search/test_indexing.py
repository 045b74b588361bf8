"""The index follows the database: writes mark products dirty in their transaction, the
after-commit sync indexes them, rebuild swaps a fresh index in, --check finds drift, and
an Elasticsearch outage neither blocks writes nor searches."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search import selectors, services
from search.product_filter import ProductFilter
from search.query import SearchQuery
from shops.models import Product
from shops.services import catalogue, stock

pytestmark = pytest.mark.django_db


def _owner(shop):
    from tests.factories.shops import ShopMembershipFactory

    return ShopMembershipFactory(shop=shop, role="owner").user


def _search(**filters):
    return selectors.product_search(SearchQuery(filter=ProductFilter(**filters), page_size=100))


def _sync(backend):
    services.sync_search_index()
    if backend.__name__.endswith("elasticsearch"):
        backend.client().indices.refresh(index=backend.alias_name())


@pytest.fixture
def synced(backend, search_catalogue, django_capture_on_commit_callbacks):
    services.sync_search_index()
    _sync(backend)
    return search_catalogue


def test_sync_indexes_dirty_products_and_clears_the_flag(backend, synced):
    assert (
        not Product.objects.filter(search_dirty=True)
        .exclude(status="draft")
        .exclude(shop__is_active=False)
        .exists()
    )
    assert sorted(_search().product_ids) == sorted(p.pk for p in synced.all)


def test_price_change_reaches_the_index_after_commit(
    backend, synced, django_capture_on_commit_callbacks
):
    owner = _owner(synced.nhi.shop)
    variant = synced.nhi.variants.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        catalogue.variant_update(actor=owner, variant=variant, data={"price": 20_000})
    assert callbacks, "the write must ask for a sync after commit"
    _sync(backend)
    assert synced.nhi.pk in _search(price_max=25_000).product_ids


def test_stock_change_reaches_the_index(backend, synced, django_capture_on_commit_callbacks):
    owner = _owner(synced.cham.shop)
    variant = synced.cham.variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        stock.stock_adjust(
            actor=owner,
            variant=variant,
            location=synced.cham.shop.warehouses.get(),
            delta=5,
            reason="restock",
        )
    _sync(backend)
    assert synced.cham.pk in _search(in_stock=True).product_ids


def test_certificate_change_reaches_the_index(
    backend, synced, ocop_office, django_capture_on_commit_callbacks
):
    from marketplace.services import certificate_revoke

    cert = synced.mat_ong.certificates.get()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(actor=ocop_office, certificate=cert)
    _sync(backend)
    assert synced.mat_ong.pk not in _search(stars_min=3).product_ids


def test_unpublished_and_deleted_products_leave_the_index(
    backend, synced, django_capture_on_commit_callbacks
):
    owner = _owner(synced.non.shop)
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.product_update(actor=owner, product=synced.non, data={"status": "draft"})
    bo_owner = _owner(synced.tram.shop)
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.product_delete(actor=bo_owner, product=synced.tram)
    _sync(backend)
    found = _search().product_ids
    assert synced.non.pk not in found
    assert synced.tram.pk not in found
    assert len(found) == 5


def test_suspended_shop_products_leave_the_index(
    backend, synced, ocop_office, django_capture_on_commit_callbacks
):
    from shops.services.onboarding import producer_suspend

    with django_capture_on_commit_callbacks(execute=True):
        producer_suspend(actor=ocop_office, producer=synced.shops.dong_hoi.producer, note="test")
    _sync(backend)
    assert set(_search().product_ids).isdisjoint({synced.ca_com.pk, synced.tram.pk})


def test_check_reports_missing_stale_and_extra(backend, synced):
    out = io.StringIO()
    call_command("search_index", "--check", stdout=out)
    assert "index is consistent" in out.getvalue()
    Product.objects.filter(pk=synced.non.pk).update(status="draft")  # extra in the index
    synced.nhi.variants.update(price=1)  # stale
    with pytest.raises(CommandError):
        call_command("search_index", "--check", stdout=io.StringIO())
    report = services.check_index()
    assert (report.missing, report.stale, report.extra) == ([], [synced.nhi.pk], [synced.non.pk])


def test_rebuild_replaces_the_index_and_clears_drift(backend, synced):
    Product.objects.filter(pk=synced.non.pk).update(status="draft")
    out = io.StringIO()
    call_command("search_index", "--rebuild", "--no-progress", stdout=out)
    assert "6 documents" in out.getvalue()
    assert services.check_index().ok
    assert len(_search().product_ids) == 6


@pytest.mark.service("elasticsearch")
def test_alias_swap_during_queries_never_shows_an_empty_index(search_catalogue, settings):
    """Readers query continuously while two rebuilds swap the alias: every answer is the
    full catalogue."""
    import os
    import uuid

    from search.backends import elasticsearch

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    call_command("search_index", "--rebuild", "--no-progress", stdout=io.StringIO())
    totals, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            totals.append(elasticsearch.search(SearchQuery(page_size=1, facets=False)).total)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(2):
            call_command("search_index", "--rebuild", "--no-progress", stdout=io.StringIO())
    finally:
        stop.set()
        thread.join()
        elasticsearch.client().indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*")
    assert len(totals) > 5
    assert set(totals) == {7}


@pytest.mark.service("elasticsearch")
def test_elasticsearch_down_writes_succeed_search_falls_back_then_catches_up(
    search_catalogue, settings, caplog, django_capture_on_commit_callbacks
):
    """Fault test: Elasticsearch unreachable (a closed loopback port, which the client sees
    exactly like a stopped node). A product update still commits, search answers from the
    database with a logged warning, the product stays dirty, and once Elasticsearch is
    back the next sync brings the index up to date."""
    import os
    import uuid

    from search.backends import elasticsearch

    real_url = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_URL = real_url
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    services.sync_search_index()
    try:
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
        owner = _owner(search_catalogue.nhi.shop)
        with django_capture_on_commit_callbacks(execute=True):
            catalogue_variant = search_catalogue.nhi.variants.get()
            from shops.services import catalogue as catalogue_services

            catalogue_services.variant_update(
                actor=owner, variant=catalogue_variant, data={"price": 15_000}
            )
        assert catalogue_variant.__class__.objects.get(pk=catalogue_variant.pk).price == 15_000
        assert Product.objects.get(pk=search_catalogue.nhi.pk).search_dirty is True
        with caplog.at_level("WARNING"):
            result = _search(price_max=20_000)
        assert result.backend == "database"
        assert result.product_ids == [search_catalogue.nhi.pk]
        assert "searching the database instead" in caplog.text

        settings.ELASTICSEARCH_URL = real_url
        report = services.sync_search_index()
        assert report.failed == 0
        assert report.indexed >= 1
        elasticsearch.client().indices.refresh(index=elasticsearch.alias_name())
        result = _search(price_max=20_000)
        assert (result.backend, result.product_ids) == ("elasticsearch", [search_catalogue.nhi.pk])
    finally:
        settings.ELASTICSEARCH_URL = real_url
        elasticsearch.client().indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*")


@pytest.mark.service("elasticsearch")
def test_breaker_skips_a_down_node_until_a_write_succeeds(search_catalogue, settings, caplog):
    """After one failed read, searches go straight to the database (no timeout per query)
    for BREAKER_SECONDS; a successful index write closes the breaker at once."""
    import os
    import uuid

    from search.backends import elasticsearch

    real_url = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    services.sync_search_index()  # database index only (the Elasticsearch write fails)
    try:
        with caplog.at_level("WARNING", logger="search"):
            assert _search().backend == "database"
            caplog.clear()
            settings.ELASTICSEARCH_URL = real_url
            assert _search().backend == "database"  # breaker open: Elasticsearch not tried
            assert caplog.text == ""
        Product.objects.filter(pk=search_catalogue.nhi.pk).update(search_dirty=True)
        assert services.sync_search_index().failed == 0
        elasticsearch.client().indices.refresh(index=elasticsearch.alias_name())
        assert _search().backend == "elasticsearch"
    finally:
        settings.ELASTICSEARCH_URL = real_url
        elasticsearch.client().indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*")


def test_producer_change_in_the_admin_reaches_the_index(
    backend, synced, client, django_capture_on_commit_callbacks
):
    """Producer type is part of the search document: an office edit in the admin
    reindexes the shop's products."""
    from django.forms.models import model_to_dict

    from tests.factories.marketplace import UserFactory

    office = UserFactory(username="office-admin", is_staff=True, is_ocop_office=True)
    client.force_login(office)
    producer = synced.shops.dong_hoi.producer
    data = {k: ("" if v is None else v) for k, v in model_to_dict(producer).items()}
    data.update(
        {
            "legal_type": "household",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
            "documents-MIN_NUM_FORMS": "0",
            "documents-MAX_NUM_FORMS": "1000",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/marketplace/producer/{producer.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    _sync(backend)
    result = _search(producer_types=("household",))
    assert {synced.ca_com.pk, synced.tram.pk} <= set(result.product_ids)
