"""Saleor's ``checkoutCustomerAttach``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.errors import Forbidden
from marketplace.graphql import ids
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


class CheckoutCustomerAttach(CheckoutMutation):
    """Sets the signed-in customer as the checkout's owner."""

    class Arguments(CheckoutArguments):
        customer_id = graphene.ID(
            description="ID of customer to attach to checkout. Only your own."
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    permission = require_signed_in

    @classmethod
    def perform(
        cls, root: Any, info: Any, customer_id: str | None = None, **lookup: Any
    ) -> dict[str, Any]:
        user = info.context.user
        if customer_id and ids.pk_of(customer_id, "User") != user.pk:
            raise Forbidden(
                "Chỉ có thể gắn chính tài khoản của bạn. / You can only attach yourself."
            )
        checkout = load_checkout(info, **lookup)
        return checkout_payload(
            cart_services.checkout_customer_attach(checkout=checkout, user=user)
        )
