"""``productUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from ...services import catalogue
from ..permissions import PRODUCTS_DENIED, shop_staff
from ..staff_base import no_external_reference
from .base import ProductMutation
from .errors import ProductError
from .lookups import product_of
from .product_input import ProductInputFields, clean_product_input


class ProductInput(ProductInputFields, graphene.InputObjectType):
    pass


class ProductUpdate(ProductMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    product = graphene.Field("shops.graphql.types.Product")

    class Arguments:
        external_reference = graphene.String(description="External ID of a product to update.")
        id = graphene.ID(description="ID of a product to update.")
        input = ProductInput(required=True, description="Fields required to update a product.")

    class Meta:
        description = "Updates an existing product of the viewer's shop."
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        no_external_reference(data.get("external_reference"))
        product = product_of(user, data.get("id"))
        cleaned = clean_product_input(dict(data["input"]))
        cleaned.pop("slug", None)  # the slug is kept: links and the search index use it
        return {"product": catalogue.product_update(actor=user, product=product, data=cleaned)}
