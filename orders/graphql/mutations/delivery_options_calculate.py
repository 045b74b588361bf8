"""Saleor's ``deliveryOptionsCalculate`` (3.23+)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.errors import BaseMutation
from orders.selectors import delivery as delivery_selectors

from ..errors import DeliveryOptionsCalculateError
from ..types.delivery import Delivery
from .base import load_checkout


class DeliveryOptionsCalculate(BaseMutation):
    """Saleor 3.23+: the checkout's delivery options for its shipping address."""

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout.")

    class Meta:
        error_type = DeliveryOptionsCalculateError

    deliveries = graphene.NonNull(
        graphene.List(graphene.NonNull(Delivery)), description="List of the available deliveries."
    )

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        checkout = load_checkout(info, id=data["id"])
        return {"deliveries": delivery_selectors.delivery_options(checkout)}
