"""Saleor's ``checkoutLinesUpdate``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.errors import Forbidden
from marketplace.graphql import ids
from marketplace.graphql.inputs import MetadataInput
from orders.services import cart as cart_services

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import (
    LINE_NOT_FOUND,
    POSITIVE_DECIMAL,
    PRICE_OVERRIDE_DENIED,
    CheckoutArguments,
    CheckoutMutation,
    checkout_payload,
    load_checkout,
    not_found,
)


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID(deprecation_reason="Use `lineId` instead.")
    quantity = graphene.Int(
        description="The number of items purchased. Optional for apps, required for any other "
        "users."
    )
    price = graphene.InputField(
        POSITIVE_DECIMAL, description="Custom price of the item. Not accepted."
    )
    price_override_reason = graphene.String(description="Reason for price override.")
    line_id = graphene.ID(description="ID of the line.")
    metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Fields required to update the object's metadata. Ignored.",
    )


class CheckoutLinesUpdate(CheckoutMutation):
    """Updates checkout lines by ``lineId`` (or, deprecated, ``variantId``); quantity 0
    removes the line."""

    class Arguments(CheckoutArguments):
        lines = graphene.List(
            graphene.NonNull(CheckoutLineUpdateInput),
            required=True,
            description="A list of checkout lines.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, lines: list[Any], **lookup: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        changes: list[tuple[int | None, int | None, int | None]] = []
        for line in lines:
            if line.get("price") is not None:
                raise Forbidden(PRICE_OVERRIDE_DENIED)
            line_id = ids.pk_of(line.get("line_id"), "CheckoutLine")
            if line.get("line_id") and line_id is None:
                raise not_found("line_id", LINE_NOT_FOUND)
            variant_id = ids.pk_of(line.get("variant_id"), "ProductVariant")
            quantity = line.get("quantity")
            changes.append((line_id, variant_id, int(quantity) if quantity is not None else None))
        return checkout_payload(
            cart_services.checkout_lines_update(checkout=checkout, lines=changes)
        )
