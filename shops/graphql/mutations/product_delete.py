"""``productDelete``."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import ProtectedError

from ...services import catalogue
from ..permissions import PRODUCTS_DENIED, shop_staff
from ..staff_base import field_error, no_external_reference
from .base import ProductMutation
from .errors import ProductError
from .lookups import product_of


class ProductDelete(ProductMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    product = graphene.Field("shops.graphql.types.Product")

    class Arguments:
        external_reference = graphene.String(description="External ID of a product to delete.")
        id = graphene.ID(description="ID of a product to delete.")

    class Meta:
        description = "Deletes a product of the viewer's shop."
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        no_external_reference(data.get("external_reference"))
        product = product_of(user, data.get("id"))
        pk = product.pk
        try:
            catalogue.product_delete(actor=user, product=product)
        except ProtectedError:
            raise field_error(
                "id",
                "Sản phẩm đã có hàng ký gửi, không thể xoá; hãy ẩn sản phẩm. / The product has "
                "consigned stock and cannot be deleted; unpublish it instead.",
                "invalid",
            ) from None
        product.pk = pk  # the payload still names the deleted product, as Saleor's does
        return {"product": product}
