"""The marketplace's ``checkoutShopDeliveryUpdate``: one shop's delivery choice."""

from __future__ import annotations

from typing import Any, ClassVar

import graphene

from marketplace.graphql import ids
from orders.selectors import cart as cart_selectors
from orders.services import delivery as delivery_services

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import CheckoutMutation, checkout_payload, load_checkout, not_found


class CheckoutShopDeliveryUpdate(CheckoutMutation):
    """Marketplace extension: how one shop's lines reach the buyer — one of that shop's
    shipping methods (``CheckoutShopDelivery.shippingMethods``) or pickup at a sale point
    holding them (``availableCollectionPoints``). Give the shop by ID or slug."""

    field_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.field_map,
        "shop": "shopId",
        "shipping_method": "shippingMethodId",
        "shipping_method_id": "shippingMethodId",
        "sale_point": "collectionPointId",
    }

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.")
        shop_id = graphene.ID(description="The shop's ID.")
        shop_slug = graphene.String(description="The shop's slug.")
        shipping_method_id = graphene.ID(description="A shipping method of the shop.")
        collection_point_id = graphene.ID(
            description="A collection point (`Warehouse` ID of a sale point)."
        )

    class Meta:
        error_type = CheckoutError

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        shop_id: str | None = None,
        shop_slug: str | None = None,
        shipping_method_id: str | None = None,
        collection_point_id: str | None = None,
        **lookup: Any,
    ) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        shop_pk = ids.pk_of(shop_id, "Shop")
        if shop_pk is None and shop_slug:
            shop_pk = next(
                (
                    g.shop.pk
                    for g in cart_selectors.summary_of(checkout).groups
                    if g.shop.slug == shop_slug
                ),
                None,
            )
        if shop_pk is None:
            raise not_found(
                "shop_id", "Giỏ hàng không có sản phẩm của gian hàng này. / No lines of this shop."
            )
        method = ids.pk_of(shipping_method_id, "ShippingMethod")
        point = ids.pk_of(collection_point_id, "Warehouse")
        if (shipping_method_id and method is None) or (collection_point_id and point is None):
            raise not_found(
                "shipping_method_id" if shipping_method_id else "collection_point_id",
                "Không tìm thấy phương thức nhận hàng. / Delivery method not found.",
            )
        return checkout_payload(
            delivery_services.checkout_shop_delivery_set(
                checkout=checkout, shop_id=shop_pk, shipping_method_id=method, location_id=point
            )
        )
