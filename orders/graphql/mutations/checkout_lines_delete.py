"""Saleor's ``checkoutLinesDelete``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql import ids
from orders.services import cart as cart_services

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import LINE_NOT_FOUND, CheckoutMutation, checkout_payload, load_checkout, not_found


class CheckoutLinesDelete(CheckoutMutation):
    """Deletes checkout lines."""

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
        lines_ids = graphene.List(
            graphene.NonNull(graphene.ID), required=True, description="A list of checkout lines."
        )

    class Meta:
        error_type = CheckoutError

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, lines_ids: list[str], **lookup: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **lookup)
        pks = [ids.pk_of(line_id, "CheckoutLine") for line_id in lines_ids]
        if any(pk is None for pk in pks):
            raise not_found("line_id", LINE_NOT_FOUND)
        return checkout_payload(
            cart_services.checkout_lines_delete(
                checkout=checkout, line_ids=[pk for pk in pks if pk]
            )
        )
