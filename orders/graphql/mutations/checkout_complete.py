"""Saleor's ``checkoutComplete``: the checkout becomes an order."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace import ratelimit
from marketplace.graphql.inputs import MetadataInput
from marketplace.models import ConsentRecord
from marketplace.ratelimit import client_ip
from orders.selectors import orders as orders_selectors
from orders.services import checkout as checkout_services
from orders.services.privacy import order_consent_record

from ..errors import CheckoutError
from ..types.order import Order as OrderType
from .base import CheckoutArguments, CheckoutMutation, load_checkout


class CheckoutComplete(CheckoutMutation):
    """Completes the checkout: one order with a shop order per shop, stock allocated, the
    card payment captured. Saleor's preconditions: e-mail, shipping address (unless every
    shop's lines are picked up), a delivery for every shop, billing address, and payment
    in full (authorized or charged) unless the buyer pays cash on delivery or by VietQR
    transfer. Completing a completed checkout returns its order."""

    class Arguments(CheckoutArguments):
        payment_data = graphene.JSONString(
            description="Client-side generated data required to finalize the payment. Ignored."
        )
        redirect_url = graphene.String(
            description="URL of a view where users should be redirected to see the "
            "order details. Ignored."
        )
        store_source = graphene.Boolean(
            default_value=False,
            description="Determines whether to store the payment source for future usage. Ignored.",
        )
        metadata = graphene.List(
            graphene.NonNull(MetadataInput),
            description="Fields required to update the checkout metadata. Ignored.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    order = graphene.Field(OrderType, description="Placed order.")
    confirmation_needed = graphene.Boolean(
        required=True,
        description="Set to true if payment needs to be confirmed before checkout is complete.",
    )
    confirmation_data = graphene.JSONString(
        description="Confirmation data used to process additional authorization steps."
    )

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        payment_data: Any = None,
        redirect_url: str | None = None,
        store_source: bool = False,
        metadata: Any = None,
        **lookup: Any,
    ) -> dict[str, Any]:
        checkout = load_checkout(info, include_completed=True, **lookup)
        order = checkout_services.checkout_complete_saleor(
            checkout=checkout,
            user=info.context.user,
            client_ip=ratelimit.client_ip(info.context.META),
        )
        # Saleor's clients cannot show our privacy box: placing the order is the consent
        # to the current notice for this order (docs/security.md, "Personal data")
        order_consent_record(
            order=order,
            source=ConsentRecord.Source.API_ORDER,
            ip=client_ip(info.context.META),
            user_agent=info.context.headers.get("user-agent", ""),
        )
        loaded = orders_selectors.order_for_viewer(
            token=order.token, user=info.context.user, cache=info.context
        )
        return {"order": loaded, "confirmation_needed": False, "confirmation_data": None}

    @classmethod
    def payload(cls, errors: list[dict[str, Any]] | None = None, **fields: Any) -> Any:
        fields.setdefault("confirmation_needed", False)
        return super().payload(errors=errors, **fields)
