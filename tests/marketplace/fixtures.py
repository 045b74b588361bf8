from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture
def admin_units(db):
    """The real administrative units and OCOP product groups from the data file."""
    call_command("load_administrative_units", verbosity=0)


@pytest.fixture
def ocop_office(db):
    from tests.factories.marketplace import UserFactory

    return UserFactory(username="office", is_ocop_office=True, is_staff=True)


@pytest.fixture
def customer(db):
    from tests.factories.marketplace import UserFactory

    return UserFactory(username="customer")
