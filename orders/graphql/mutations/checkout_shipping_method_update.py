"""Saleor's deprecated ``checkoutShippingMethodUpdate``."""

from __future__ import annotations

from typing import Any, ClassVar

import graphene

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import (
    CheckoutArguments,
    CheckoutMutation,
    checkout_payload,
    choose_delivery,
    load_checkout,
)


class CheckoutShippingMethodUpdate(CheckoutMutation):
    """Updates the shipping method of the checkout (deprecated in Saleor; see
    ``checkoutDeliveryMethodUpdate``)."""

    field_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.field_map,
        "delivery_method_id": "shippingMethodId",
        "shipping_method": "shippingMethodId",
    }

    class Arguments(CheckoutArguments):
        shipping_method_id = graphene.ID(description="Shipping method.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls, root: Any, info: Any, shipping_method_id: str | None = None, **lookup: Any
    ) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        return checkout_payload(
            choose_delivery(checkout, shipping_method_id, "delivery_method_id", ("ShippingMethod",))
        )
