"""Producer onboarding: the application (validated, with documents) and the OCOP office's
approval, which creates the shop, its warehouse and the owner's membership."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from marketplace import services
from marketplace.errors import Forbidden
from marketplace.models import Producer, ProducerDocument
from shops.models import Shop, ShopMembership, StockLocation
from shops.services import onboarding
from tests.factories.marketplace import UserFactory
from tests.factories.shops import ProductFactory
from tests.marketplace.conftest import VALID_MST
from tests.marketplace.documents import jpeg_upload, pdf_bytes, pdf_upload


def _documents():
    return [
        (ProducerDocument.Kind.BUSINESS_REGISTRATION, pdf_upload()),
        (ProducerDocument.Kind.FOOD_SAFETY, jpeg_upload()),
    ]


@pytest.fixture
def application(applicant, application_data):
    return services.producer_apply(
        applicant=applicant, data=application_data, documents=_documents()
    )


# --- producer_apply -----------------------------------------------------------------------


def test_apply_creates_an_application_with_its_documents(applicant, application_data):
    producer = services.producer_apply(
        applicant=applicant, data=application_data, documents=_documents()
    )

    producer.refresh_from_db()
    assert producer.status == Producer.Status.APPLIED
    assert producer.applicant == applicant
    assert producer.tax_code == VALID_MST
    assert producer.phone == "+84912345678"
    assert producer.district.code == "455"
    assert producer.decided_by is None
    assert producer.decided_at is None
    docs = list(producer.documents.order_by("kind"))
    assert [d.kind for d in docs] == ["business_registration", "food_safety"]
    assert docs[0].file.read() == pdf_bytes()
    assert docs[0].file.name.startswith("producer-documents/")
    assert [d.content_type for d in docs] == ["application/pdf", "image/jpeg"]
    assert Shop.objects.count() == 0


def test_apply_accepts_a_branch_tax_code(applicant, application_data):
    producer = services.producer_apply(
        applicant=applicant, data={**application_data, "tax_code": "0100109106-002"}
    )
    assert producer.tax_code == "0100109106-002"
    assert producer.documents.count() == 0


def test_a_household_business_applies_with_its_personal_id(applicant, application_data):
    producer = services.producer_apply(
        applicant=applicant,
        data={
            **application_data,
            "legal_type": Producer.LegalType.HOUSEHOLD,
            "tax_code": "044095001234",
        },
    )
    assert producer.tax_code == "044095001234"


def test_the_bank_is_chosen_from_the_napas_list(applicant, application_data):
    producer = services.producer_apply(
        applicant=applicant,
        data={**application_data, "bank_bin": "970418", "bank_name": "anything typed"},
    )
    assert (producer.bank_bin, producer.bank_name) == ("970418", "BIDV")


@pytest.mark.parametrize("bank_bin", ["123456", "97041", "abc"])
def test_a_bank_outside_the_list_saves_nothing(applicant, application_data, bank_bin):
    with pytest.raises(ValidationError) as exc:
        services.producer_apply(
            applicant=applicant, data={**application_data, "bank_bin": bank_bin}
        )
    assert exc.value.error_dict["bank_bin"][0].code == "invalid_choice"
    assert Producer.objects.count() == 0


@pytest.mark.parametrize("tax_code", ["0100109107", "010010910", "0100109106-01", ""])
def test_apply_with_an_invalid_tax_code_saves_nothing(applicant, application_data, tax_code):
    with pytest.raises(ValidationError) as exc:
        services.producer_apply(
            applicant=applicant,
            data={**application_data, "tax_code": tax_code},
            documents=_documents(),
        )

    assert list(exc.value.message_dict) == ["tax_code"]
    assert Producer.objects.count() == 0
    assert ProducerDocument.objects.count() == 0


@pytest.mark.parametrize("phone", ["091234567", "0212345678", "not a phone"])
def test_apply_with_an_invalid_phone_saves_nothing(applicant, application_data, phone):
    with pytest.raises(ValidationError) as exc:
        services.producer_apply(
            applicant=applicant, data={**application_data, "phone": phone}, documents=_documents()
        )

    assert list(exc.value.message_dict) == ["phone"]
    assert [e.code for e in exc.value.error_dict["phone"]] == ["invalid_phone"]
    assert Producer.objects.count() == 0
    assert ProducerDocument.objects.count() == 0


def test_apply_reports_every_bad_field_at_once(applicant, application_data):
    data = {**application_data, "tax_code": "0100109107", "phone": "123", "email": "not-an-email"}
    with pytest.raises(ValidationError) as exc:
        services.producer_apply(applicant=applicant, data=data)

    assert sorted(exc.value.message_dict) == ["email", "phone", "tax_code"]
    assert Producer.objects.count() == 0


def test_apply_rejects_a_current_commune_as_district(applicant, application_data):
    data = {**application_data, "district": application_data["commune"]}
    with pytest.raises(ValidationError) as exc:
        services.producer_apply(applicant=applicant, data=data)

    assert list(exc.value.message_dict) == ["district"]
    assert Producer.objects.count() == 0


def test_apply_rejects_a_duplicate_tax_code(application, applicant, application_data):
    with pytest.raises(ValidationError) as exc:
        services.producer_apply(applicant=applicant, data={**application_data, "name": "Another"})

    assert list(exc.value.message_dict) == ["tax_code"]
    assert Producer.objects.count() == 1


# --- producer_approve -------------------------------------------------------------------


DENIED_ACTORS = [
    "anonymous",
    "customer",
    "applicant",
    "other_owner",
    "other_sale_point_clerk",
    "staff_without_office",
]


def _actor(request, name):
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize("actor_name", DENIED_ACTORS)
def test_approve_is_forbidden_to_everyone_but_the_ocop_office(request, application, actor_name):
    actor = _actor(request, actor_name)
    shops_before = Shop.objects.count()

    with pytest.raises(Forbidden):
        onboarding.producer_approve(actor=actor, producer=application)

    application.refresh_from_db()
    assert application.status == Producer.Status.APPLIED
    assert application.decided_by is None
    assert application.decided_at is None
    assert Shop.objects.filter(producer=application).count() == 0
    assert Shop.objects.count() == shops_before
    assert ShopMembership.objects.filter(user=application.applicant).count() == 0


def test_approve_creates_the_shop_its_warehouse_and_the_owner(
    application, applicant, ocop_office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        onboarding.producer_approve(actor=ocop_office, producer=application, note="Đủ hồ sơ")

    application.refresh_from_db()
    assert application.status == Producer.Status.APPROVED
    assert application.decided_by == ocop_office
    assert application.decided_at is not None
    assert application.decision_note == "Đủ hồ sơ"
    shop = Shop.objects.get(producer=application)
    assert shop.name == "HTX Nước mắm Cảnh Dương"
    assert shop.slug == "htx-nuoc-mam-canh-duong"
    assert shop.is_active is True
    assert shop.phone == "+84912345678"
    assert shop.email == "htx@example.vn"
    assert list(StockLocation.objects.filter(shop=shop).values_list("kind", "name")) == [
        ("warehouse", "Kho HTX Nước mắm Cảnh Dương")
    ]
    assert list(ShopMembership.objects.filter(shop=shop).values_list("user__username", "role")) == [
        ("applicant", "owner")
    ]


def test_the_approval_email_links_to_the_shop_with_the_site_address(
    application, ocop_office, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://ocop.example.vn/"
    with django_capture_on_commit_callbacks(execute=True):
        onboarding.producer_approve(actor=ocop_office, producer=application, note="Đủ hồ sơ")

    (mail,) = mailoutbox
    assert "https://ocop.example.vn/dashboard/htx-nuoc-mam-canh-duong/" in mail.body
    assert " /dashboard/" not in mail.body


def test_platform_admin_may_approve(application):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    onboarding.producer_approve(actor=admin, producer=application)
    assert Shop.objects.filter(producer=application).count() == 1


def test_approving_twice_is_idempotent(application, ocop_office):
    onboarding.producer_approve(actor=ocop_office, producer=application)
    onboarding.producer_approve(actor=ocop_office, producer=application)

    assert Shop.objects.filter(producer=application).count() == 1
    assert StockLocation.objects.filter(shop__producer=application).count() == 1
    assert ShopMembership.objects.filter(shop__producer=application).count() == 1
    application.refresh_from_db()
    assert application.status == Producer.Status.APPROVED


def test_approving_two_producers_with_the_same_name_gives_distinct_slugs(
    applicant, application_data, ocop_office
):
    first = services.producer_apply(applicant=applicant, data=application_data)
    second = services.producer_apply(
        applicant=UserFactory(username="second"),
        data={**application_data, "tax_code": "0300588569", "email": "second@example.vn"},
    )
    onboarding.producer_approve(actor=ocop_office, producer=first)
    onboarding.producer_approve(actor=ocop_office, producer=second)

    assert sorted(Shop.objects.values_list("slug", flat=True)) == [
        "htx-nuoc-mam-canh-duong",
        "htx-nuoc-mam-canh-duong-2",
    ]


def test_the_shop_slug_keeps_the_letter_d(applicant, application_data, ocop_office):
    producer = services.producer_apply(
        applicant=applicant, data={**application_data, "name": "HTX Đặc sản Đồng Hới"}
    )
    onboarding.producer_approve(actor=ocop_office, producer=producer)

    assert Shop.objects.get(producer=producer).slug == "htx-dac-san-dong-hoi"


def test_approve_without_an_applicant_creates_no_membership(application_data, ocop_office):
    producer = services.producer_apply(applicant=None, data=application_data)
    onboarding.producer_approve(actor=ocop_office, producer=producer)

    assert Shop.objects.filter(producer=producer).count() == 1
    assert ShopMembership.objects.count() == 0


def test_a_rejected_application_cannot_be_approved(application, ocop_office):
    services.producer_reject(actor=ocop_office, producer=application, reason="Thiếu giấy ATTP")

    with pytest.raises(ValidationError) as exc:
        onboarding.producer_approve(actor=ocop_office, producer=application)

    assert list(exc.value.message_dict) == ["status"]
    application.refresh_from_db()
    assert application.status == Producer.Status.REJECTED
    assert application.decision_note == "Thiếu giấy ATTP"
    assert Shop.objects.count() == 0


@pytest.mark.parametrize("actor_name", DENIED_ACTORS)
def test_reject_is_forbidden_to_everyone_but_the_ocop_office(request, application, actor_name):
    with pytest.raises(Forbidden):
        services.producer_reject(
            actor=_actor(request, actor_name), producer=application, reason="x"
        )

    application.refresh_from_db()
    assert application.status == Producer.Status.APPLIED
    assert application.decision_note == ""


def test_only_applications_can_be_rejected(application, ocop_office):
    onboarding.producer_approve(actor=ocop_office, producer=application)

    with pytest.raises(ValidationError) as exc:
        services.producer_reject(actor=ocop_office, producer=application, reason="x")

    assert list(exc.value.message_dict) == ["status"]
    application.refresh_from_db()
    assert application.status == Producer.Status.APPROVED


# --- producer_suspend -------------------------------------------------------------------


@pytest.fixture
def approved(application, ocop_office):
    onboarding.producer_approve(actor=ocop_office, producer=application)
    application.refresh_from_db()
    return application


def test_suspend_deactivates_the_shop_and_marks_its_products_for_reindexing(approved, ocop_office):
    shop = approved.shop
    product = ProductFactory(shop=shop)
    product.__class__.objects.filter(pk=product.pk).update(search_dirty=False)

    onboarding.producer_suspend(actor=ocop_office, producer=approved, note="Vi phạm ATTP")

    approved.refresh_from_db()
    shop.refresh_from_db()
    product.refresh_from_db()
    assert approved.status == Producer.Status.SUSPENDED
    assert approved.decision_note == "Vi phạm ATTP"
    assert shop.is_active is False
    assert product.search_dirty is True


def test_approving_a_suspended_producer_reactivates_its_shop(approved, ocop_office):
    onboarding.producer_suspend(actor=ocop_office, producer=approved, note="x")
    onboarding.producer_approve(actor=ocop_office, producer=approved)

    approved.refresh_from_db()
    assert approved.status == Producer.Status.APPROVED
    assert Shop.objects.filter(producer=approved).count() == 1
    assert Shop.objects.get(producer=approved).is_active is True


@pytest.fixture
def approved_staff(approved):
    user = UserFactory(username="approved-staff")
    ShopMembership.objects.create(user=user, shop=approved.shop, role=ShopMembership.Role.STAFF)
    return user


@pytest.mark.parametrize("actor_name", [*DENIED_ACTORS, "approved_staff"])
def test_suspend_is_forbidden_to_everyone_but_the_ocop_office(request, approved, actor_name):
    with pytest.raises(Forbidden):
        onboarding.producer_suspend(actor=_actor(request, actor_name), producer=approved, note="x")

    approved.refresh_from_db()
    assert approved.status == Producer.Status.APPROVED
    assert Shop.objects.get(producer=approved).is_active is True
