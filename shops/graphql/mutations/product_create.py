"""``productCreate``."""

from __future__ import annotations

from typing import Any

import graphene

from ...services import catalogue
from ..permissions import PRODUCTS_DENIED, shop_staff
from .base import ProductMutation
from .errors import ProductError
from .lookups import shop_for
from .product_input import ProductInputFields, clean_product_input


class ProductCreateInput(ProductInputFields, graphene.InputObjectType):
    product_type = graphene.ID(
        required=True,
        description="ID of the type that product belongs to (our OCOP "
        "product group: `ProductType:<group id>`).",
    )
    shop = graphene.ID(
        description="Extension: the producer shop (global ID or slug) — needed only by staff of "
        "several shops."
    )


class ProductCreate(ProductMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    product = graphene.Field("shops.graphql.types.Product")

    class Arguments:
        input = ProductCreateInput(
            required=True, description="Fields required to create a product."
        )

    class Meta:
        description = "Creates a new product (in the viewer's shop, as a draft until published)."
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        values = dict(data["input"])
        shop = shop_for(user, values.get("shop"))
        cleaned = clean_product_input(values)
        # origin defaults to the producer's own commune, as on the dashboard
        cleaned.setdefault("origin_district", shop.producer.district)
        cleaned.setdefault("origin_commune", shop.producer.commune)
        return {"product": catalogue.product_create(actor=user, shop=shop, data=cleaned)}
