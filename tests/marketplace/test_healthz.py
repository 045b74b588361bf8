"""/healthz: the database and storage always, Redis / Elasticsearch / Stripe when
configured; a configured dependency that does not answer makes it 503."""

from __future__ import annotations

import pytest


@pytest.fixture
def nothing_configured(settings):
    settings.REDIS_URL = ""
    settings.ELASTICSEARCH_URL = ""
    settings.STRIPE_SECRET_KEY = ""
    settings.SEARCH_BACKEND = "database"
    return settings


@pytest.mark.django_db
def test_healthz_is_ok_on_the_test_database(client, nothing_configured):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    report = response.json()
    assert report["ok"] is True
    assert sorted(report["checks"]) == ["database", "storage"]
    assert report["checks"]["database"]["status"] == "ok"
    assert report["checks"]["database"]["detail"] in {"sqlite", "postgresql"}
    assert report["checks"]["storage"] == {
        "status": "ok",
        "detail": "FileSystemStorage",
        "ms": report["checks"]["storage"]["ms"],
    }
    assert report["not_configured"] == ["redis", "elasticsearch", "stripe"]
    assert report["search_backend"] == "database"


@pytest.mark.django_db
def test_an_unreachable_redis_makes_healthz_fail(client, nothing_configured):
    nothing_configured.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["ok"] is False
    assert report["checks"]["redis"]["status"] == "error"
    assert report["checks"]["redis"]["error"].startswith("ConnectionError:")
    assert "127.0.0.1:1" in report["checks"]["redis"]["error"]
    assert report["checks"]["database"]["status"] == "ok"
    assert report["not_configured"] == ["elasticsearch", "stripe"]


@pytest.mark.django_db
def test_an_unreachable_elasticsearch_makes_healthz_fail(client, nothing_configured):
    nothing_configured.ELASTICSEARCH_URL = "http://127.0.0.1:1"

    response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["checks"]["elasticsearch"]["status"] == "error"
    assert report["not_configured"] == ["redis", "stripe"]


@pytest.mark.django_db
def test_healthz_answers_get_only(client, nothing_configured):
    assert client.post("/healthz").status_code == 405


@pytest.mark.service("redis")
@pytest.mark.django_db
def test_a_running_redis_is_reported_ok(client, nothing_configured):
    import os

    nothing_configured.REDIS_URL = os.environ["REDIS_URL"]

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["redis"]["status"] == "ok"
