"""Saleor's deprecated ``checkoutLineDelete`` (still used by its storefront)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql import ids
from orders.services import cart as cart_services

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import (
    LINE_NOT_FOUND,
    CheckoutArguments,
    CheckoutMutation,
    checkout_payload,
    load_checkout,
    not_found,
)


class CheckoutLineDelete(CheckoutMutation):
    """Deletes a checkout line (Saleor's deprecated single-line form, still used by its
    storefront)."""

    class Arguments(CheckoutArguments):
        line_id = graphene.ID(description="ID of the checkout line to delete.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"
        description = "Deletes a CheckoutLine. DEPRECATED: use `checkoutLinesDelete`."

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls, root: Any, info: Any, line_id: str | None = None, **lookup: Any
    ) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        pk = ids.pk_of(line_id, "CheckoutLine")
        if pk is None:
            raise not_found("line_id", LINE_NOT_FOUND)
        return checkout_payload(
            cart_services.checkout_lines_delete(checkout=checkout, line_ids=[pk])
        )
