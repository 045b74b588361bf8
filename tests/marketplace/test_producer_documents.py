"""Producer documents (security review, finding "stored script through producer
documents"): an HTML page claimed as a PDF was accepted by /producers/apply/, kept its
name and was served inline from /media/ as text/html. Documents are now checked by their
content, stored privately under random names and handed out only to the office and the
applicant, always as a download."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace import services
from marketplace.documents import private_storage
from marketplace.models import Producer, ProducerDocument
from tests.factories.marketplace import UserFactory
from tests.marketplace.documents import (
    image_bytes,
    jpeg_upload,
    pdf_bytes,
    pdf_upload,
    png_upload,
    upload,
)

SCRIPT = b"<html><body><script>fetch('/admin/')</script></body></html>"


@pytest.fixture
def office(db):
    return UserFactory(username="office", is_ocop_office=True)


def _apply(applicant, data, document):
    return services.producer_apply(
        applicant=applicant,
        data=data,
        documents=[(ProducerDocument.Kind.BUSINESS_REGISTRATION, document)],
    )


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(lambda: upload("dkkd.pdf", SCRIPT, "application/pdf"), id="html-as-pdf"),
        pytest.param(lambda: upload("x.html", SCRIPT, "text/html"), id="html"),
        pytest.param(
            lambda: upload("dkkd.pdf", b"%PDF-1.4\n" + SCRIPT, "application/pdf"),
            id="pdf-magic-then-html",
        ),
        pytest.param(
            lambda: upload("a.jpg", b"\xff\xd8\xff\xe0" + SCRIPT, "image/jpeg"),
            id="jpeg-magic-then-html",
        ),
        pytest.param(
            lambda: upload("a.png", image_bytes("PNG")[:40], "image/png"), id="truncated-png"
        ),
        pytest.param(lambda: upload("a.svg", b"<svg onload=alert(1)/>", "image/png"), id="svg"),
    ],
)
def test_a_document_that_is_not_a_readable_pdf_jpeg_or_png_is_refused(
    applicant, application_data, document
):
    with pytest.raises(ValidationError) as exc:
        _apply(applicant, application_data, document())

    assert [e.code for e in exc.value.error_dict["documents"]] == ["invalid_type"]
    assert Producer.objects.count() == 0
    assert ProducerDocument.objects.count() == 0


def test_an_oversized_document_is_refused(applicant, application_data, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = len(pdf_bytes()) - 1
    with pytest.raises(ValidationError) as exc:
        _apply(applicant, application_data, pdf_upload())
    assert [e.code for e in exc.value.error_dict["documents"]] == ["file_too_large"]
    assert Producer.objects.count() == 0


def test_document_errors_come_with_the_other_fields_errors(applicant, application_data):
    with pytest.raises(ValidationError) as exc:
        _apply(
            applicant,
            {**application_data, "phone": "123"},
            upload("dkkd.pdf", SCRIPT, "application/pdf"),
        )
    assert sorted(exc.value.message_dict) == ["documents", "phone"]


@pytest.mark.parametrize(
    ("make", "content_type", "extension"),
    [
        (pdf_upload, "application/pdf", "pdf"),
        (jpeg_upload, "image/jpeg", "jpg"),
        (png_upload, "image/png", "png"),
    ],
)
def test_a_document_is_stored_privately_under_a_random_name(
    applicant, application_data, make, content_type, extension
):
    producer = _apply(applicant, application_data, make("<script>dkkd.html"))

    document = producer.documents.get()
    assert document.content_type == content_type
    assert document.file.name.startswith("producer-documents/")
    assert document.file.name.endswith(f".{extension}")
    assert "script" not in document.file.name
    assert "dkkd" not in document.file.name
    assert document.file.storage is private_storage()
    stored = Path(private_storage().path(document.file.name))
    assert stored.is_file()
    assert not stored.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not (Path(settings.MEDIA_ROOT) / document.file.name).exists()


# --- the download view ------------------------------------------------------------------------


@pytest.fixture
def document(applicant, application_data):
    return _apply(applicant, application_data, pdf_upload()).documents.get()


def _url(document):
    return reverse("producer_document", args=[document.pk])


def test_anonymous_visitors_are_sent_to_sign_in(client, document):
    response = client.get(_url(document))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["customer", "other_applicant", "shop_staff_elsewhere"])
def test_nobody_else_can_download_it(client, document, who):
    user = UserFactory(username=who)
    if who == "other_applicant":
        _apply(
            user,
            {**_data_of(document.producer), "tax_code": "0100109106-002"},
            jpeg_upload(),
        )
    client.force_login(user)
    assert client.get(_url(document)).status_code == 404


def _data_of(producer):
    return {
        field: getattr(producer, field)
        for field in (
            "name",
            "legal_type",
            "registration_number",
            "district",
            "commune",
            "address",
            "contact_name",
            "phone",
            "email",
        )
    }


def test_a_missing_document_is_404_even_for_the_office(client, office, document):
    client.force_login(office)
    assert client.get(reverse("producer_document", args=[document.pk + 1000])).status_code == 404


@pytest.mark.parametrize("who", ["applicant", "office", "superuser"])
def test_the_applicant_and_the_office_download_it_as_an_attachment(client, request, document, who):
    if who == "superuser":
        user = UserFactory(username="root", is_superuser=True, is_staff=True)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.get(_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        f'"business_registration-{document.producer_id}-{document.pk}.pdf"'
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "no-store" in response["Cache-Control"]


def test_the_apply_page_refuses_a_script_claimed_as_a_pdf(client, application_data):
    data = {
        **{k: v for k, v in application_data.items() if k not in ("district", "commune")},
        "district": application_data["district"].pk,
        "commune": application_data["commune"].pk,
        "account_email": "new@example.vn",
        "account_full_name": "Nguyễn Văn An",
        "account_password": "mat-khau-dai-2026",
        "registration_document": upload("dkkd.pdf", SCRIPT, "application/pdf"),
    }
    response = client.post(reverse("producer_apply"), data)

    assert response.status_code == 400
    assert "registration_document" in response.context["form"].errors
    assert Producer.objects.count() == 0
    assert ProducerDocument.objects.count() == 0
