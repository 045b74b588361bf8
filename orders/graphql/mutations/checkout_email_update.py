"""Saleor's ``checkoutEmailUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from orders.services import cart

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import CheckoutArguments, CheckoutMutation, checkout_payload, load_checkout


class CheckoutEmailUpdate(CheckoutMutation):
    class Arguments(CheckoutArguments):
        email = graphene.String(required=True, description="email.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="A checkout with updated email.")

    @classmethod
    def perform(cls, root: Any, info: Any, email: str, **lookup: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        return checkout_payload(cart.checkout_contact_update(checkout=checkout, email=email))
