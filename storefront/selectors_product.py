"""Reads for the product page and the traceability pages."""

from __future__ import annotations

from typing import Any

from shops.models import Product, ProductVariant


def _published(slug: str) -> Product | None:
    return (
        Product.objects.filter(slug=slug, status=Product.Status.PUBLISHED, shop__is_active=True)
        .select_related("shop")
        .first()
    )


def product_page_context(slug: str) -> dict[str, Any] | None:
    p = _published(slug)
    return None if p is None else {"product": p}


def trace_context(slug: str) -> dict[str, Any] | None:
    p = _published(slug)
    return None if p is None else {"product": p}


def product_slug_for_barcode(barcode: str) -> str | None:
    v = (
        ProductVariant.objects.filter(
            barcode=barcode, product__status=Product.Status.PUBLISHED, product__shop__is_active=True
        )
        .select_related("product")
        .first()
    )
    return None if v is None else v.product.slug


def trace_qr_svg(slug: str) -> bytes | None:
    return None
