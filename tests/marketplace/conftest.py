"""Fixtures of the marketplace tests: producer applications (test_producers,
test_producer_documents) and the admin's certificate form (test_admin, test_audit_actions)."""

from __future__ import annotations

import pytest

from marketplace.models import AdministrativeUnit, Producer, ProductGroup
from tests.factories.marketplace import UserFactory

VALID_MST = "0100109106"


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant", email="applicant@example.vn")


@pytest.fixture
def application_data(admin_units):
    district = AdministrativeUnit.objects.get(generation="former", level="district", code="455")
    former_commune = AdministrativeUnit.objects.filter(parent=district).order_by("code").first()
    return {
        "name": "HTX Nước mắm Cảnh Dương",
        "legal_type": Producer.LegalType.COOPERATIVE,
        "tax_code": VALID_MST,
        "registration_number": "2907000123",
        "district": district,
        "commune": former_commune.successor,
        "address": "Thôn Tân Định",
        "contact_name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "email": "htx@example.vn",
    }


@pytest.fixture
def certificate_form(product):
    """The admin's certificate form data for ``product`` (test_admin, test_audit_actions)."""
    group = ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham")
    return {
        "producer": product.shop.producer.pk,
        "products": [product.pk],
        "product_group": group.pk,
        "product_name": "Nước mắm cá cơm",
        "stars": "4",
        "score": "78",
        "criteria_version": "148/2023",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": "2024-02-29",
        "issuing_level": "province",
        "issuing_body": "UBND tỉnh Quảng Bình",
        "reminder_90_sent_at_0": "",
        "reminder_90_sent_at_1": "",
        "reminder_30_sent_at_0": "",
        "reminder_30_sent_at_1": "",
    }
