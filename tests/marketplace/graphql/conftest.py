"""Fixtures of the account API tests (tests/marketplace/graphql/test_account*.py,
test_auth_tokens.py, test_address_book.py)."""

from __future__ import annotations

import pytest

from marketplace.models import AdministrativeUnit
from tests.factories.marketplace import UserFactory


@pytest.fixture
def buyer(db):
    return UserFactory(username="buyer", email="buyer@example.vn", full_name="Nguyễn Văn An")


@pytest.fixture
def place(admin_units):
    """Quảng Trị and two of its communes: ``(province, [commune, commune])``."""
    province = AdministrativeUnit.objects.get(
        generation="current", level="province", name__contains="Quảng Trị"
    )
    communes = list(province.children.order_by("code")[:2])
    return province, communes
