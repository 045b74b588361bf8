"""Fixtures of the producer application tests (test_producers, test_producer_documents)."""

from __future__ import annotations

import pytest

from marketplace.models import AdministrativeUnit, Producer
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
