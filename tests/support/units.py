"""Look-ups of the reference data every test database holds (loaded once per database by
the ``django_db_setup`` fixture, tests/fixtures/marketplace.py): administrative units by
code and OCOP product groups."""

from __future__ import annotations

from marketplace.models import AdministrativeUnit, ProductGroup


def province(code: str) -> AdministrativeUnit:
    """A current province: ``province("44")`` is Quảng Trị, ``"01"`` Hà Nội."""
    return AdministrativeUnit.objects.get(generation="current", level="province", code=code)


def district(code: str) -> AdministrativeUnit:
    """A former district (before the 2025 merger): ``"450"`` Đồng Hới, ``"456"`` Quảng Ninh."""
    return AdministrativeUnit.objects.get(generation="former", level="district", code=code)


def commune(code: str) -> AdministrativeUnit:
    """A current commune: ``"18880"`` is Đồng Hới, ``"00004"`` one of Hà Nội's."""
    return AdministrativeUnit.objects.get(generation="current", level="commune", code=code)


def product_group(code: str = "thuc-pham", criteria_version: str = "148/2023") -> ProductGroup:
    """An OCOP product group; by default food (thực phẩm) of the 2023 criteria."""
    return ProductGroup.objects.get(criteria_version=criteria_version, code=code)
