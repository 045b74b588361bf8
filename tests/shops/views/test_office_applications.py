"""The office's queue of producers' applications (``/office/applications/``): oldest first,
one application with its documents, approve (opens the shop), reject with a reason the
applicant is e-mailed; nobody but the office reaches any of it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from marketplace.models import Producer
from shops.models import Shop
from tests.clock import local
from tests.factories.marketplace import ProducerFactory, UserFactory
from tests.shops.views.helpers import assert_login_redirect
from tests.support.actors import actor_for

DENIED = ["customer", "owner", "shop_staff", "other_sale_point_clerk"]


@pytest.fixture
def waiting(clock, admin_units):
    """Three applications sent a day apart, and one already approved."""
    clock.set(local(2026, 11, 2, 9, 0))
    rows = []
    for name in ("HTX Ba", "HTX Một", "HTX Hai"):
        rows.append(
            ProducerFactory(
                name=name,
                status=Producer.Status.APPLIED,
                applicant=UserFactory(email=f"{len(rows)}@example.vn"),
            )
        )
        clock.advance(datetime.timedelta(days=1))
    ProducerFactory(name="HTX Đã duyệt")
    return rows


def urls(producer: Producer) -> list[str]:
    return [
        reverse("shops_office:application_list"),
        reverse("shops_office:application_detail", args=[producer.pk]),
    ]


def test_the_queue_is_oldest_first_and_only_waiting_applications(client, ocop_office, waiting):
    client.force_login(ocop_office)

    response = client.get(reverse("shops_office:application_list"))

    assert response.status_code == 200
    assert [p.name for p in response.context["page"]] == ["HTX Ba", "HTX Một", "HTX Hai"]
    assert "HTX Đã duyệt" not in response.content.decode()


def test_an_application_shows_its_details_and_both_decisions(client, ocop_office, waiting):
    client.force_login(ocop_office)

    content = client.get(
        reverse("shops_office:application_detail", args=[waiting[0].pk])
    ).content.decode()

    assert waiting[0].tax_code in content
    assert reverse("shops_office:application_approve", args=[waiting[0].pk]) in content
    assert reverse("shops_office:application_reject", args=[waiting[0].pk]) in content


def test_reject_with_a_reason_tells_the_applicant(
    client, ocop_office, waiting, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ocop.example.vn"
    client.force_login(ocop_office)
    producer = waiting[1]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("shops_office:application_reject", args=[producer.pk]),
            {"reason": "Thiếu giấy chứng nhận an toàn thực phẩm"},
        )

    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.status == Producer.Status.REJECTED
    assert producer.decision_note == "Thiếu giấy chứng nhận an toàn thực phẩm"
    assert producer.decided_by == ocop_office
    (mail,) = mailoutbox
    assert mail.to == [producer.applicant.email]
    assert "Thiếu giấy chứng nhận an toàn thực phẩm" in mail.body
    assert "https://ocop.example.vn/producers/apply/" in mail.body
    assert not Shop.objects.filter(producer=producer).exists()
    # decided: it leaves the queue and cannot be rejected or approved again
    queue = client.get(reverse("shops_office:application_list")).context["page"]
    assert producer not in list(queue)
    again = client.post(
        reverse("shops_office:application_reject", args=[producer.pk]),
        {"reason": "lần nữa"},
        follow=True,
    )
    assert "Hồ sơ đã được xử lý trước đó." in again.content.decode()
    client.post(reverse("shops_office:application_approve", args=[producer.pk]))
    producer.refresh_from_db()
    assert producer.status == Producer.Status.REJECTED


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_reject_needs_a_reason_of_bounded_length(client, ocop_office, waiting, reason, mailoutbox):
    client.force_login(ocop_office)

    response = client.post(
        reverse("shops_office:application_reject", args=[waiting[0].pk]), {"reason": reason}
    )

    assert response.status_code == 400
    assert response.context["reject_form"].errors["reason"]
    waiting[0].refresh_from_db()
    assert waiting[0].status == Producer.Status.APPLIED
    assert mailoutbox == []


def test_approve_opens_the_shop(client, ocop_office, waiting, django_capture_on_commit_callbacks):
    client.force_login(ocop_office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("shops_office:application_approve", args=[waiting[2].pk]),
            {"note": "Đủ hồ sơ"},
        )

    assert response.status_code == 302
    waiting[2].refresh_from_db()
    assert (waiting[2].status, waiting[2].decision_note) == (Producer.Status.APPROVED, "Đủ hồ sơ")
    assert Shop.objects.filter(producer=waiting[2], is_active=True).exists()


def test_anonymous_is_sent_to_sign_in(client, waiting):
    for url in urls(waiting[0]):
        assert_login_redirect(client.get(url), url)


@pytest.mark.parametrize("actor_name", DENIED)
def test_nobody_but_the_office_sees_or_decides(request, client, actor_name, waiting):
    client.force_login(actor_for(request, actor_name))
    producer = waiting[0]

    for url in urls(producer):
        assert client.get(url).status_code == 403
    for action, data in (("approve", {}), ("reject", {"reason": "Không đạt"})):
        response = client.post(
            reverse(f"shops_office:application_{action}", args=[producer.pk]), data
        )
        assert response.status_code == 403
    producer.refresh_from_db()
    assert producer.status == Producer.Status.APPLIED
    assert not Shop.objects.filter(producer=producer).exists()


def test_a_missing_application_is_404(client, ocop_office, admin_units):
    client.force_login(ocop_office)
    assert client.get(reverse("shops_office:application_detail", args=[999999])).status_code == 404
