"""Plain helpers shared by the dashboard view tests: form POST data, media rows, the login
redirect and internal barcode checks (fixtures are plugins in tests/fixtures/)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from django.urls import reverse

from marketplace.validators import is_valid_ean13
from shops.models import Product, ProductMedia, ProductVariant, Shop
from tests.support.units import product_group

PRODUCT_FIELDS_BLANK = {
    "name_en": "",
    "category": "",
    "status": Product.Status.DRAFT,
    "description_vi": "",
    "description_en": "",
    "net_quantity": "",
    "ingredients": "",
    "shelf_life": "",
    "storage": "",
}


def product_post_data(
    shop: Shop, *, variants: list[dict[str, Any]], initial_forms: int = 0, **fields: Any
) -> dict[str, Any]:
    """POST data of the dashboard product form: product fields plus the variant formset
    (``variants-N-<field>``). Origin defaults to the shop producer's district/commune."""
    data: dict[str, Any] = {
        "name_vi": "Nước mắm Cảnh Dương",
        "product_group": product_group().pk,
        "origin_district": shop.producer.district_id,
        "origin_commune": shop.producer.commune_id,
        **PRODUCT_FIELDS_BLANK,
    }
    data.update(fields)
    data.update(
        {
            "variants-TOTAL_FORMS": str(len(variants)),
            "variants-INITIAL_FORMS": str(initial_forms),
            "variants-MIN_NUM_FORMS": "0",
            "variants-MAX_NUM_FORMS": "1000",
        }
    )
    for index, variant in enumerate(variants):
        row = {
            "id": "",
            "name": "",
            "sku": "",
            "barcode": "",
            "price": "",
            "compare_at_price": "",
            "weight_grams": "0",
            **variant,
        }
        for key, value in row.items():
            if key == "DELETE":
                if value:
                    data[f"variants-{index}-DELETE"] = "on"
                continue
            data[f"variants-{index}-{key}"] = "" if value is None else str(value)
    return data


def edit_post_data(product: Product, **fields: Any) -> dict[str, Any]:
    """POST data re-submitting ``product`` and all its variants unchanged, with
    ``fields`` overriding product fields."""
    variants = [
        {
            "id": v.pk,
            "name": v.name,
            "sku": v.sku,
            "barcode": "" if v.barcode_is_internal else v.barcode,
            "price": v.price,
            "compare_at_price": v.compare_at_price,
            "weight_grams": v.weight_grams,
        }
        for v in product.variants.order_by("position", "id")
    ]
    base = {
        "name_vi": product.name_vi,
        "name_en": product.name_en,
        "product_group": product.product_group_id,
        "status": product.status,
        "description_vi": product.description_vi,
        "origin_district": product.origin_district_id,
        "origin_commune": product.origin_commune_id,
    }
    base.update(fields)
    return product_post_data(product.shop, variants=variants, initial_forms=len(variants), **base)


def media_row(
    product: Product, *, position: int = 1, name: str = "products/2025/01/a.jpg"
) -> ProductMedia:
    """A media row without files (thumbnails empty): enough for lists and deletes."""
    return ProductMedia.objects.create(
        product=product,
        image=name,
        width=10,
        height=10,
        position=position,
        thumbnails={},
        alt=product.name_vi,
    )


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    parsed = urlparse(response.url)
    assert parsed.path == reverse("login")
    assert parse_qs(parsed.query) == {"next": [url]}


def assert_internal_barcode(code: str) -> None:
    assert len(code) == 13
    assert code.isdigit()
    assert code.startswith("20")
    assert is_valid_ean13(code)


def variant_rows(product: Product) -> list[tuple[Any, ...]]:
    return list(
        ProductVariant.objects.filter(product=product)
        .order_by("position", "id")
        .values_list("sku", "name", "price", "compare_at_price", "weight_grams", "position")
    )
