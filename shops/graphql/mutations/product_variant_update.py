"""``productVariantUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from ...services import catalogue
from ..permissions import PRODUCTS_DENIED, shop_staff
from ..staff_base import field_error, no_external_reference
from .attribute_input import AttributeValueInput
from .base import VariantMutation
from .errors import ProductError
from .lookups import variant_of
from .variant_input import VariantInputFields, clean_variant_input


class ProductVariantInput(VariantInputFields, graphene.InputObjectType):
    attributes = graphene.List(
        graphene.NonNull(AttributeValueInput),
        description="List of attributes specific to this variant.",
    )


class ProductVariantUpdate(VariantMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    product_variant = graphene.Field("shops.graphql.types.ProductVariant")

    class Arguments:
        external_reference = graphene.String(
            description="External ID of a product variant to update."
        )
        id = graphene.ID(description="ID of a product variant to update.")
        input = ProductVariantInput(
            required=True, description="Fields required to update a product variant."
        )
        sku = graphene.String(description="SKU of a product variant to update.")

    class Meta:
        description = "Updates an existing variant of a product of the viewer's shop."
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        no_external_reference(data.get("external_reference"))
        variant = variant_of(user, data.get("id"), data.get("sku"))
        cleaned = clean_variant_input(dict(data["input"]))
        if "sku" in cleaned and not cleaned["sku"]:
            raise field_error("sku", "Vui lòng nhập SKU. / SKU is required.", "required")
        return {
            "product_variant": catalogue.variant_update(actor=user, variant=variant, data=cleaned)
        }
