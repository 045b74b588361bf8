"""``productVariantStocksUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from ...services import stock
from ..permissions import PRODUCTS_DENIED, shop_staff
from .base import VariantMutation
from .errors import BulkStockError
from .lookups import variant_of
from .variant_input import StockInput, clean_stocks


class ProductVariantStocksUpdate(VariantMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    product_variant = graphene.Field("shops.graphql.types.ProductVariant")

    class Arguments:
        sku = graphene.String(
            description="SKU of product variant for which stocks will be updated."
        )
        stocks = graphene.List(
            graphene.NonNull(StockInput),
            required=True,
            description="Input list of stocks to create or update.",
        )
        variant_id = graphene.ID(
            description="ID of a product variant for which stocks will be updated."
        )

    class Meta:
        description = (
            "Sets the counted quantity of a variant at warehouses of the viewer's shop (all or "
            "nothing; each change is in the stock ledger)."
        )
        error_type = BulkStockError
        legacy_errors_field = "bulk_stock_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        variant = variant_of(user, data.get("variant_id"), data.get("sku"), field="variantId")
        quantities = clean_stocks(variant.product.shop, data["stocks"])
        stock.variant_stocks_set(
            actor=user,
            variant=variant,
            quantities=quantities,
            note="API: productVariantStocksUpdate",
        )
        return {"product_variant": variant}
