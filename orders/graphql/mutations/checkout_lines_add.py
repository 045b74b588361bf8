"""Saleor's ``checkoutLinesAdd``."""

from __future__ import annotations

from typing import Any

import graphene

from orders.services import cart as cart_services

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import (
    CheckoutArguments,
    CheckoutLineInput,
    CheckoutMutation,
    checkout_payload,
    clean_lines,
    load_checkout,
)


class CheckoutLinesAdd(CheckoutMutation):
    """Adds checkout lines; quantities add up with a line of the same variant."""

    class Arguments(CheckoutArguments):
        lines = graphene.List(
            graphene.NonNull(CheckoutLineInput),
            required=True,
            description="A list of checkout lines, each containing information about an item in "
            "the checkout.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, lines: list[Any], **lookup: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        return checkout_payload(
            cart_services.checkout_lines_add(checkout=checkout, lines=clean_lines(lines))
        )
