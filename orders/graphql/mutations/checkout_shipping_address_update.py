"""Saleor's ``checkoutShippingAddressUpdate``."""

from __future__ import annotations

import graphene

from marketplace.graphql.inputs import AddressInput

from ..errors import CheckoutError
from ..types.address import CheckoutAddressValidationRules
from ..types.checkout import Checkout as CheckoutType
from .base import AddressUpdate


class CheckoutShippingAddressUpdate(AddressUpdate):
    """Update shipping address in the existing checkout (the province in ``countryArea``,
    the commune and former district in ``city``). Delivery choices the new address no
    longer allows are cleared."""

    kind = "shipping"

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
        shipping_address = AddressInput(
            required=True, description="The mailing address to where the checkout will be shipped."
        )
        validation_rules = CheckoutAddressValidationRules(
            description="The rules for changing validation for received shipping address data."
        )
        save_address = graphene.Boolean(
            default_value=True,
            description="Indicates whether the shipping address "
            "should be saved to the user's address "
            "book upon checkout completion. Ignored.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")
