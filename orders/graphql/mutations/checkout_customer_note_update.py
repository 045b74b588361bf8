"""Saleor's ``checkoutCustomerNoteUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from orders.services import cart

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import CheckoutMutation, checkout_payload, load_checkout


class CheckoutCustomerNoteUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID.")
        customer_note = graphene.String(required=True, description="New customer note content.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, customer_note: str) -> dict[str, Any]:
        checkout = load_checkout(info, id=id)
        return checkout_payload(cart.checkout_note_update(checkout=checkout, note=customer_note))
