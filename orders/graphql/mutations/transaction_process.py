"""Saleor's ``transactionProcess``."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError

from marketplace.graphql import ids
from marketplace.graphql.errors import BaseMutation
from orders import stripe_gateway
from orders.selectors import payments as payments_selectors
from orders.services import transactions as transactions_services

from ..errors import TransactionProcessError
from ..types.payments import TransactionEvent, TransactionItem
from .base import JSON, gateway_unavailable, transaction_payload


class TransactionProcess(BaseMutation):
    """Processes a transaction again: a card payment's PaymentIntent is read from Stripe
    and its state applied as its webhook would be."""

    class Arguments:
        id = graphene.ID(description="The ID of the transaction to process.")
        token = graphene.UUID(
            description="The token of the transaction to process. Not supported: use `id`."
        )
        data = graphene.Argument(
            JSON, description="The data that will be passed to the payment gateway."
        )
        customer_ip_address = graphene.String(description="The customer's IP address. Ignored.")

    class Meta:
        error_type = TransactionProcessError

    transaction = graphene.Field(TransactionItem, description="The processed transaction.")
    transaction_event = graphene.Field(
        TransactionEvent, description="The event created for the processed transaction."
    )
    data = graphene.Field(JSON, description="The json data required to finalize the payment.")

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        key = ids.key_of(data.get("id"), "TransactionItem")
        payment = (
            payments_selectors.payment_by_key(key=key, user=info.context.user) if key else None
        )
        if payment is None:
            raise ValidationError(
                {
                    "id": ValidationError(
                        "Không tìm thấy giao dịch. / Transaction not found.", code="not_found"
                    )
                }
            )
        try:
            result = transactions_services.transaction_process(payment=payment)
        except stripe_gateway.StripeUnavailable as exc:
            raise gateway_unavailable(exc) from None
        return transaction_payload(result)
