"""A product's OCOP rating, evaluated at query time on the certificates' validity
windows (expiry needs no job)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import IntegerField, OuterRef, Subquery
from django.utils import timezone

from marketplace.models import OcopCertificate

from ..models import Product


def ocop_rating_annotations(day: datetime.date | None = None) -> dict[str, Any]:
    """Annotations giving a product's best certificate in force on ``day``: stars and id.
    Computed at query time from the validity window, so expiry needs no job."""
    day = day or timezone.localdate()
    valid = (
        OcopCertificate.objects.valid_on(day)
        .filter(products=OuterRef("pk"))
        .order_by("-stars", "-decision_date")
    )
    return {
        "ocop_stars": Subquery(valid.values("stars")[:1], output_field=IntegerField()),
        "ocop_certificate_id": Subquery(valid.values("pk")[:1], output_field=IntegerField()),
    }


def product_current_certificate(
    *, product: Product, day: datetime.date | None = None
) -> OcopCertificate | None:
    day = day or timezone.localdate()
    return (
        OcopCertificate.objects.valid_on(day)
        .filter(products=product)
        .order_by("-stars", "-decision_date")
        .first()
    )
