"""The Django admin of the OCOP office: who may open the producer and certificate pages,
and the writes that go through the services (approval, certificate validity)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from marketplace.models import OcopCertificate, Producer
from shops.models import Shop, ShopMembership
from tests.factories.marketplace import ProducerFactory, UserFactory

CHANGELISTS = [
    "admin:marketplace_producer_changelist",
    "admin:marketplace_ocopcertificate_changelist",
]


@pytest.fixture
def platform_admin(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("url_name", CHANGELISTS)
@pytest.mark.parametrize("user_name", ["ocop_office", "platform_admin"])
def test_office_and_platform_admin_open_the_changelists(
    client, request, admin_units, url_name, user_name
):
    ProducerFactory(name="HTX Tràm Lộc Ninh")
    client.force_login(request.getfixturevalue(user_name))

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert response.context["cl"].result_count == (1 if "producer" in url_name else 0)


@pytest.mark.parametrize(
    "url_name",
    [*CHANGELISTS, "admin:marketplace_ocopcertificate_add", "admin:marketplace_producer_add"],
)
def test_staff_without_the_office_flag_is_refused(client, staff_without_office, url_name):
    client.force_login(staff_without_office)

    response = client.get(reverse(url_name))

    assert response.status_code == 403


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_non_staff_users_are_sent_to_the_admin_login(client, customer, url_name):
    client.force_login(customer)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_index_lists_the_office_models(client, ocop_office):
    client.force_login(ocop_office)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    # the office's own models, plus the order records it reviews (read-only) and commission rules
    assert models == {
        "Producer",
        "OcopCertificate",
        "CommissionRule",
        "Order",
        "Payment",
        "BankTransaction",
        "StripeEvent",
        "AuditEntry",  # read-only: the audit log
    }


def test_adding_a_certificate_derives_valid_until(client, ocop_office, product, certificate_form):
    client.force_login(ocop_office)

    response = client.post(reverse("admin:marketplace_ocopcertificate_add"), certificate_form)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:marketplace_ocopcertificate_changelist")
    cert = OcopCertificate.objects.get()
    assert cert.decision_date == datetime.date(2024, 2, 29)
    assert cert.valid_until == datetime.date(2027, 2, 28)
    assert cert.created_by == ocop_office
    assert list(cert.products.all()) == [product]
    assert (cert.stars, cert.score) == (4, 78)


def test_changing_the_decision_date_moves_valid_until(
    client, ocop_office, product, certificate_form
):
    client.force_login(ocop_office)
    client.post(reverse("admin:marketplace_ocopcertificate_add"), certificate_form)
    cert = OcopCertificate.objects.get()

    response = client.post(
        reverse("admin:marketplace_ocopcertificate_change", args=[cert.pk]),
        {**certificate_form, "decision_date": "2025-01-31"},
    )

    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.valid_until == datetime.date(2028, 1, 31)
    assert list(cert.products.all()) == [product]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"stars": "3", "score": "78"}, "score"),
        ({"stars": "6", "score": "95"}, "stars"),
    ],
)
def test_a_bad_certificate_is_shown_on_the_form(
    client, ocop_office, certificate_form, overrides, field
):
    client.force_login(ocop_office)

    response = client.post(
        reverse("admin:marketplace_ocopcertificate_add"), {**certificate_form, **overrides}
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [field]
    assert OcopCertificate.objects.count() == 0


def test_a_product_of_another_producer_is_shown_on_the_form(
    client, ocop_office, certificate_form, other_shop
):
    from tests.factories.shops import ProductFactory

    foreign = ProductFactory(shop=other_shop)
    client.force_login(ocop_office)

    response = client.post(
        reverse("admin:marketplace_ocopcertificate_add"),
        {**certificate_form, "products": [foreign.pk]},
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["products"]
    assert OcopCertificate.objects.count() == 0


def test_the_approve_action_creates_the_shop(client, ocop_office, admin_units):
    applicant = UserFactory(username="applicant")
    producer = ProducerFactory(
        status=Producer.Status.APPLIED, applicant=applicant, name="HTX Chè vằng"
    )
    client.force_login(ocop_office)

    response = client.post(
        reverse("admin:marketplace_producer_changelist"),
        {"action": "approve", "_selected_action": [producer.pk]},
    )

    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.status == Producer.Status.APPROVED
    assert producer.decided_by == ocop_office
    shop = Shop.objects.get(producer=producer)
    assert list(ShopMembership.objects.filter(shop=shop).values_list("user__username", "role")) == [
        ("applicant", "owner")
    ]


def test_the_suspend_action_deactivates_the_shop(client, ocop_office, shop):
    client.force_login(ocop_office)

    response = client.post(
        reverse("admin:marketplace_producer_changelist"),
        {"action": "suspend", "_selected_action": [shop.producer.pk]},
    )

    assert response.status_code == 302
    shop.refresh_from_db()
    shop.producer.refresh_from_db()
    assert shop.is_active is False
    assert shop.producer.status == Producer.Status.SUSPENDED


def test_staff_without_the_office_flag_cannot_run_the_approve_action(
    client, staff_without_office, admin_units
):
    producer = ProducerFactory(status=Producer.Status.APPLIED)
    client.force_login(staff_without_office)

    response = client.post(
        reverse("admin:marketplace_producer_changelist"),
        {"action": "approve", "_selected_action": [producer.pk]},
    )

    assert response.status_code == 403
    producer.refresh_from_db()
    assert producer.status == Producer.Status.APPLIED
    assert Shop.objects.count() == 0
