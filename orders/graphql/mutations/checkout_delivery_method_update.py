"""Saleor's ``checkoutDeliveryMethodUpdate``."""

from __future__ import annotations

from typing import Any, ClassVar

import graphene

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import CheckoutMutation, checkout_payload, choose_delivery, load_checkout


class CheckoutDeliveryMethodUpdate(CheckoutMutation):
    """Updates the delivery method (a shipping method, a Saleor 3.23+ delivery or a
    collection point) of the checkout. On a multi-shop checkout the methods listed are
    per-shop combinations and apply to every shop; to choose shop by shop use
    ``checkoutShopDeliveryUpdate``."""

    field_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.field_map,
        "shipping_method": "deliveryMethodId",
        "sale_point": "deliveryMethodId",
    }

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
        delivery_method_id = graphene.ID(
            description="Delivery Method ID (`Warehouse` ID or `ShippingMethod` ID)."
        )

    class Meta:
        error_type = CheckoutError

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls, root: Any, info: Any, delivery_method_id: str | None = None, **lookup: Any
    ) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        return checkout_payload(
            choose_delivery(
                checkout,
                delivery_method_id,
                "delivery_method_id",
                ("ShippingMethod", "Delivery", "Warehouse"),
            )
        )
