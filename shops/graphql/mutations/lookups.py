"""The objects a mutation names, looked up inside the viewer's own shops: another
shop's product is ``NOT_FOUND`` on the field exactly like a missing one."""

from __future__ import annotations

from typing import Any

from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import key_of
from marketplace.models import User

from ...models import Product, ProductVariant, Shop
from ...selectors_staff import access_staff_product, access_staff_shop, access_staff_variant
from ..staff_base import field_error, scoped


def product_of(user: User, value: Any, field: str = "id") -> Product:
    return BaseMutation.get_node(
        value, "Product", field, lambda pk: access_staff_product(user=user, product_id=pk)
    )


def variant_of(
    user: User, value: Any = None, sku: str | None = None, *, field: str = "id"
) -> ProductVariant:
    if value is None and not sku:
        raise field_error(
            field,
            "Cần `id` hoặc `sku`. / At least one of arguments is required: 'id', 'sku'.",
            "graphql_error",
        )
    if value is not None:
        return BaseMutation.get_node(
            value,
            "ProductVariant",
            field,
            lambda pk: access_staff_variant(user=user, variant_id=pk),
        )
    return scoped("sku", sku, lambda: access_staff_variant(user=user, sku=sku))


def shop_for(user: User, value: Any) -> Shop:
    # a ``Shop`` global ID, or a plain slug
    reference = (key_of(value, "Shop") or str(value)) if value else None
    try:
        return scoped("shop", value, lambda: access_staff_shop(user=user, reference=reference))
    except LookupError:
        raise field_error(
            "shop",
            "Bạn thuộc nhiều gian hàng: chọn `shop`. / You belong to several shops: choose `shop`.",
            "required",
        ) from None
