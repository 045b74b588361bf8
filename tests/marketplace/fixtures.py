from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Loads the administrative units and product groups once into the test database;
    per-test transactions roll back around them."""
    with django_db_blocker.unblock():
        call_command("load_administrative_units", verbosity=0)


@pytest.fixture
def admin_units(db):
    """The real administrative units and OCOP product groups from the data file. Reloaded
    only if a transactional test flushed them."""
    from marketplace.models import AdministrativeUnit, ProductGroup

    if not (
        AdministrativeUnit.objects.filter(generation="former", level="district").exists()
        and ProductGroup.objects.exists()
    ):
        call_command("load_administrative_units", verbosity=0)


@pytest.fixture
def ocop_office(db):
    from tests.factories.marketplace import UserFactory

    return UserFactory(username="office", is_ocop_office=True, is_staff=True)


@pytest.fixture
def customer(db):
    from tests.factories.marketplace import UserFactory

    return UserFactory(username="customer")
