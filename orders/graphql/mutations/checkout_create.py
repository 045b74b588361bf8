"""Saleor's ``checkoutCreate``: a new checkout with its lines, e-mail and addresses."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError

from marketplace.graphql.enums import LanguageCodeEnum
from marketplace.graphql.inputs import AddressInput, MetadataInput
from orders.services import cart as cart_services

from ..errors import CheckoutError
from ..types.address import CheckoutValidationRules
from ..types.checkout import Checkout as CheckoutType
from .base import (
    CheckoutLineInput,
    CheckoutMutation,
    checkout_payload,
    clean_address,
    clean_lines,
    language,
)


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(description="Slug of a channel in which to create a checkout.")
    lines = graphene.List(
        graphene.NonNull(CheckoutLineInput),
        description="A list of checkout lines, each "
        "containing information about an item "
        "in the checkout.",
    )
    email = graphene.String(description="The customer's email address.")
    save_shipping_address = graphene.Boolean(
        description="Indicates whether the shipping address should be saved "
        "to the user's address book upon checkout completion."
    )
    shipping_address = graphene.Field(
        AddressInput, description="The mailing address to where the checkout will be shipped."
    )
    save_billing_address = graphene.Boolean(
        description="Indicates whether the billing address should be saved to "
        "the user's address book upon checkout completion."
    )
    billing_address = graphene.Field(AddressInput, description="Billing address of the customer.")
    language_code = graphene.Field(LanguageCodeEnum, description="Checkout language code.")
    validation_rules = graphene.Field(
        CheckoutValidationRules, description="The checkout validation rules that can be changed."
    )
    metadata = graphene.List(
        graphene.NonNull(MetadataInput), description="Checkout public metadata."
    )
    private_metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Checkout private metadata. Ignored (staff and apps only).",
    )


class CheckoutCreate(CheckoutMutation):
    """Create a new checkout. Lines, e-mail and addresses are validated together: nothing
    is saved when anything is invalid."""

    class Arguments:
        input = CheckoutCreateInput(
            required=True, description="Fields required to create checkout."
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType)
    created = graphene.Boolean(
        description="Whether the checkout was created.", deprecation_reason="Always returns `true`."
    )

    @classmethod
    def perform(cls, root: Any, info: Any, input: dict[str, Any]) -> dict[str, Any]:
        rules = input.get("validation_rules") or {}
        try:
            shipping = clean_address(input.get("shipping_address"), rules.get("shipping_address"))
            billing = clean_address(input.get("billing_address"), rules.get("billing_address"))
        except ValidationError as exc:
            raise cart_services.AddressError(
                exc, "shipping" if input.get("shipping_address") else "billing"
            ) from None
        checkout = cart_services.checkout_create_with(
            user=info.context.user if info.context.user.is_authenticated else None,
            channel=input.get("channel") or "default-channel",
            email=(input.get("email") or "").strip(),
            lines=clean_lines(input.get("lines") or []),
            shipping_address=shipping,
            billing_address=billing,
            language_code=language(input.get("language_code")),
            metadata=[(item["key"], item["value"]) for item in input.get("metadata") or []],
        )
        return {**checkout_payload(checkout), "created": True}
