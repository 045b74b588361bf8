"""``productVariantCreate``."""

from __future__ import annotations

from typing import Any

import graphene

from ...services import stock
from ..permissions import PRODUCTS_DENIED, shop_staff
from ..staff_base import field_error
from .attribute_input import AttributeValueInput
from .base import VariantMutation
from .errors import ProductError
from .lookups import product_of
from .variant_input import StockInput, VariantInputFields, clean_stocks, clean_variant_input


class ProductVariantCreateInput(VariantInputFields, graphene.InputObjectType):
    attributes = graphene.List(
        graphene.NonNull(AttributeValueInput),
        required=True,
        description="List of attributes specific to this variant.",
    )
    product = graphene.ID(required=True, description="Product ID of which type is the variant.")
    stocks = graphene.List(
        graphene.NonNull(StockInput), description="Stocks of a product available for sale."
    )


class ProductVariantCreate(VariantMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    product_variant = graphene.Field("shops.graphql.types.ProductVariant")

    class Arguments:
        input = ProductVariantCreateInput(
            required=True, description="Fields required to create a product variant."
        )

    class Meta:
        description = (
            "Creates a product variant, off sale at 0 đ until "
            "`productVariantChannelListingUpdate` gives it a price."
        )
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        values = dict(data["input"])
        product = product_of(user, values["product"], field="product")
        cleaned = clean_variant_input(values)
        if not cleaned.get("sku"):
            raise field_error("sku", "Vui lòng nhập SKU. / SKU is required.", "required")
        quantities = clean_stocks(product.shop, values.get("stocks") or [])
        position = product.variants.count()
        variant = stock.variant_create_with_stock(
            actor=user,
            product=product,
            quantities=quantities,
            data={"position": position, "price": 0, "is_active": False, **cleaned},
        )
        return {"product_variant": variant}
