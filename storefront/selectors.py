from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, Q

from marketplace.models import AdministrativeUnit
from shops.models import Product
from shops.selectors import ocop_rating_annotations


def published_products():
    return Product.objects.filter(status=Product.Status.PUBLISHED, shop__is_active=True)


def home_context() -> dict[str, Any]:
    featured = (
        published_products().annotate(min_price=Min("variants__price"), **ocop_rating_annotations())
        .filter(ocop_stars__gte=4).select_related("shop", "origin_district")
        .order_by("-ocop_stars", "-units_sold")[:12]
    )
    districts = AdministrativeUnit.objects.filter(generation="former", level="district").annotate(
        product_count=Count("products_in_district", filter=Q(
            products_in_district__status=Product.Status.PUBLISHED, products_in_district__shop__is_active=True
        ))
    ).order_by("code")
    return {"featured": featured, "districts": districts}
