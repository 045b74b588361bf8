"""Public shops, districts and product groups, with their public product counts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.models import AdministrativeUnit, OcopCertificate, ProductGroup

from ..models import Shop
from .channels import public_products
from .products import unit_q

CURRENT_CRITERIA = ProductGroup.CriteriaVersion.D148_2023


@dataclass(frozen=True)
class ShopListFilters:
    districts: tuple[str, ...] = ()  # former district codes or slugs
    groups: tuple[str, ...] = ()  # shops with a public product of one of these groups
    search: str = ""


def public_shops() -> QuerySet[Shop]:
    return Shop.objects.filter(is_active=True)


def shop_list(*, filters: ShopListFilters = ShopListFilters()) -> QuerySet[Shop]:
    shops = public_shops().select_related("producer__district", "producer__commune")
    if filters.districts:
        shops = shops.filter(unit_q("producer__district", filters.districts))
    if filters.groups:
        shops = shops.filter(
            Exists(
                public_products().filter(
                    shop=OuterRef("pk"), product_group__code__in=list(filters.groups)
                )
            )
        )
    if filters.search.strip():
        text = filters.search.strip()
        shops = shops.filter(
            Q(name__icontains=text) | Q(producer__name__icontains=text) | Q(slug__icontains=text)
        )
    return shops.order_by("name", "pk")


def public_shop(*, slug: str) -> Shop | None:
    return (
        public_shops()
        .select_related("producer__district", "producer__commune")
        .filter(slug=slug)
        .first()
    )


def shop_certificates(shop: Shop, *, day: datetime.date | None = None) -> list[OcopCertificate]:
    """The shop's producer's certificates in force, best first."""
    day = day or timezone.localdate()
    prefetched = getattr(shop, "current_certificates", None)
    if prefetched is None:
        prefetched = list(
            OcopCertificate.objects.valid_on(day)
            .filter(producer_id=shop.producer_id)
            .select_related("product_group")
            .order_by("-stars", "-decision_date", "-pk")
        )
        shop.current_certificates = prefetched  # type: ignore[attr-defined]
    return prefetched


def _count_public(column: str) -> Coalesce:
    counts = (
        public_products()
        .filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def district_list() -> QuerySet[AdministrativeUnit]:
    """Quảng Bình's former districts with ``product_count`` and ``shop_count`` (public)."""
    shops = (
        public_shops()
        .filter(producer__district=OuterRef("pk"))
        .order_by()
        .values("producer__district")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        AdministrativeUnit.objects.filter(
            generation=AdministrativeUnit.Generation.FORMER,
            level=AdministrativeUnit.Level.DISTRICT,
        )
        .annotate(
            product_count=_count_public("origin_district"),
            shop_count=Coalesce(Subquery(shops, output_field=IntegerField()), Value(0)),
        )
        .order_by("code")
    )


def product_group_list() -> QuerySet[ProductGroup]:
    """The OCOP product groups of Decision 148/2023 with ``product_count`` (public)."""
    return (
        ProductGroup.objects.filter(criteria_version=CURRENT_CRITERIA)
        .annotate(product_count=_count_public("product_group"))
        .order_by("position", "pk")
    )


def certificates_by_shop(
    shop_ids: Iterable[int], *, day: datetime.date | None = None
) -> dict[int, list[OcopCertificate]]:
    """Certificates in force of each shop's producer, best first (one query)."""
    day = day or timezone.localdate()
    ids = list(shop_ids)
    result: dict[int, list[OcopCertificate]] = {pk: [] for pk in ids}
    certificates = (
        OcopCertificate.objects.valid_on(day)
        .filter(producer__shop__in=ids)
        .select_related("product_group")
        .annotate(shop_id=F("producer__shop"))
        .order_by("-stars", "-decision_date", "-pk")
    )
    for certificate in certificates:
        result[certificate.shop_id].append(certificate)  # type: ignore[attr-defined]
    return result
