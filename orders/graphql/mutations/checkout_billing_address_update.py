"""Saleor's ``checkoutBillingAddressUpdate``."""

from __future__ import annotations

import graphene

from marketplace.graphql.inputs import AddressInput

from ..errors import CheckoutError
from ..types.address import CheckoutAddressValidationRules
from ..types.checkout import Checkout as CheckoutType
from .base import AddressUpdate


class CheckoutBillingAddressUpdate(AddressUpdate):
    """Update billing address in the existing checkout."""

    kind = "billing"

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
        billing_address = AddressInput(
            required=True, description="The billing address of the checkout."
        )
        validation_rules = CheckoutAddressValidationRules(
            description="The rules for changing validation for received billing address data."
        )
        save_address = graphene.Boolean(
            default_value=True,
            description="Indicates whether the billing address "
            "should be saved to the user's address "
            "book upon checkout completion. Ignored.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")
