"""The bases of the product and variant mutations: Saleor's error codes and fields for
our services' errors."""

from __future__ import annotations

from typing import Any

from ..staff_base import ShopStaffMutation
from .attribute_input import ATTRIBUTE_OF_FIELD, attribute_id
from .product_input import PRODUCT_FIELD_MAP
from .variant_input import VARIANT_FIELD_MAP


class ProductMutation(ShopStaffMutation):
    field_map = PRODUCT_FIELD_MAP

    class Meta:
        abstract = True

    @classmethod
    def error_extras(cls, field: str, params: dict[str, Any]) -> dict[str, Any]:
        extras = super().error_extras(field, params)
        if field in ATTRIBUTE_OF_FIELD and "attributes" not in extras:
            extras["attributes"] = [attribute_id(ATTRIBUTE_OF_FIELD[field])]
        return extras


class VariantMutation(ShopStaffMutation):
    field_map = VARIANT_FIELD_MAP

    class Meta:
        abstract = True
