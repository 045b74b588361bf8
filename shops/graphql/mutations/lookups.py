"""The objects a mutation names, looked up inside the viewer's own shops: another
shop's product is ``NOT_FOUND`` on the field exactly like a missing one."""

from __future__ import annotations

from typing import Any

from graphql_relay import from_global_id

from marketplace.models import User

from ...models import Product, ProductVariant, Shop
from ...selectors_staff import access_staff_product, access_staff_shop, access_staff_variant
from ..staff_base import decode_pk, field_error, scoped


def product_of(user: User, value: Any, field: str = "id") -> Product:
    pk = decode_pk(value, ("Product",), field)
    return scoped(field, value, lambda: access_staff_product(user=user, product_id=pk))


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
        pk = decode_pk(value, ("ProductVariant",), field)
        return scoped(field, value, lambda: access_staff_variant(user=user, variant_id=pk))
    return scoped("sku", sku, lambda: access_staff_variant(user=user, sku=sku))


def shop_for(user: User, value: Any) -> Shop:
    reference = None
    if value:
        try:
            type_name, pk = from_global_id(str(value))
        except Exception:  # noqa: BLE001 - a plain slug
            type_name, pk = "", ""
        reference = pk if type_name == "Shop" and pk else str(value)
    try:
        return scoped("shop", value, lambda: access_staff_shop(user=user, reference=reference))
    except LookupError:
        raise field_error(
            "shop",
            "Bạn thuộc nhiều gian hàng: chọn `shop`. / You belong to several shops: choose `shop`.",
            "required",
        ) from None
