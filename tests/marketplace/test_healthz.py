"""/healthz: in public only up (200) or down (503), from a cheap check remembered for a
few seconds; the details (the database and storage always, Redis / Elasticsearch / Stripe
when configured) with ``?details`` for staff, the office or ``HEALTHZ_TOKEN``; a configured
dependency that does not answer makes it 503."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories.marketplace import UserFactory

TOKEN = "healthz-test-token-0123456789"


@pytest.fixture
def nothing_configured(settings):
    settings.HEALTHZ_TOKEN = TOKEN
    settings.REDIS_URL = ""
    settings.ELASTICSEARCH_URL = ""
    settings.STRIPE_SECRET_KEY = ""
    settings.SEARCH_BACKEND = "database"
    return settings


@pytest.mark.django_db
def test_healthz_is_ok_on_the_test_database(client, nothing_configured):
    response = client.get("/healthz?details", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

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

    response = client.get("/healthz?details", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

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

    response = client.get("/healthz?details", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

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

    response = client.get("/healthz?details", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 200
    assert response.json()["checks"]["redis"]["status"] == "ok"


# --- the public answer and who sees the details ------------------------------------------------


@pytest.mark.django_db
def test_the_public_answer_says_only_up(client, nothing_configured):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_public_answer_says_down_without_details(client, nothing_configured):
    nothing_configured.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong-token", "Basic aGVhbHRoejp4", f"Bearer {TOKEN}x"]
)
def test_details_need_the_token_or_staff(client, nothing_configured, authorization):
    extra = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.get("/healthz?details", **extra)
    assert response.status_code == 403
    assert "checks" not in response.json()


@pytest.mark.django_db
def test_a_customer_does_not_see_details(client, nothing_configured):
    client.force_login(UserFactory(username="buyer"))
    assert client.get("/healthz?details").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "office"])
def test_staff_and_the_office_see_details(client, nothing_configured, who):
    user = UserFactory(username=who, is_staff=who == "staff", is_ocop_office=who == "office")
    client.force_login(user)
    response = client.get("/healthz?details")
    assert response.status_code == 200
    assert sorted(response.json()["checks"]) == ["database", "storage"]


@pytest.mark.django_db
def test_no_token_configured_means_no_token_works(client, nothing_configured):
    nothing_configured.HEALTHZ_TOKEN = ""
    response = client.get("/healthz?details", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_answers_are_remembered_so_probes_are_cheap(
    client, nothing_configured, django_assert_num_queries
):
    cache.clear()
    nothing_configured.HEALTHZ_CACHE_SECONDS = 10
    nothing_configured.HEALTHZ_DETAILS_CACHE_SECONDS = 30
    try:
        assert client.get("/healthz").status_code == 200
        with django_assert_num_queries(0):
            for _ in range(20):
                assert client.get("/healthz").json() == {"status": "up"}
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
        assert client.get("/healthz?details", **bearer).status_code == 200
        with django_assert_num_queries(0):
            assert client.get("/healthz?details", **bearer).json()["ok"] is True
    finally:
        cache.clear()
