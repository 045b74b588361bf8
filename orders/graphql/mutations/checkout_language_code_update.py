"""Saleor's ``checkoutLanguageCodeUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.enums import LanguageCodeEnum
from orders.services import cart as cart_services

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import CheckoutArguments, CheckoutMutation, checkout_payload, language, load_checkout


class CheckoutLanguageCodeUpdate(CheckoutMutation):
    class Arguments(CheckoutArguments):
        language_code = graphene.Argument(
            LanguageCodeEnum, required=True, description="New language code."
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, language_code: Any, **lookup: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        return checkout_payload(
            cart_services.checkout_language_update(
                checkout=checkout, language=language(language_code)
            )
        )
