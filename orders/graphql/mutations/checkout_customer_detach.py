"""Saleor's ``checkoutCustomerDetach``."""

from __future__ import annotations

from typing import Any

import graphene

from orders.services import cart as cart_services

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import (
    CheckoutArguments,
    CheckoutMutation,
    checkout_payload,
    load_checkout,
    require_signed_in,
)


class CheckoutCustomerDetach(CheckoutMutation):
    """Removes the customer from the checkout (the owner only)."""

    class Arguments(CheckoutArguments):
        pass

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    permission = require_signed_in

    @classmethod
    def perform(cls, root: Any, info: Any, **lookup: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        return checkout_payload(
            cart_services.checkout_customer_detach(checkout=checkout, user=info.context.user)
        )
