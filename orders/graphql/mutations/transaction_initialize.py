"""Saleor's ``transactionInitialize``: a payment for a checkout with one of its gateways."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.errors import BaseMutation
from marketplace.ratelimit import client_ip
from orders import stripe_gateway
from orders.services import transactions as transactions_services

from .. import enums
from ..errors import TransactionInitializeError
from ..types.payments import TransactionEvent, TransactionItem
from .base import (
    JSON,
    POSITIVE_DECIMAL,
    PaymentGatewayToInitialize,
    gateway_unavailable,
    load_checkout,
    transaction_payload,
)


class TransactionInitialize(BaseMutation):
    """Starts a payment for a checkout with a gateway of ``availablePaymentGateways``:
    Stripe (a manual-capture PaymentIntent; ``data.paymentIntent.stripeClientSecret`` for
    Stripe.js, captured when the order is placed), Saleor's dummy payment app in demo and
    test settings, cash on delivery or VietQR (nothing to pay now). The amount is always
    the checkout's total."""

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        action = graphene.Argument(
            enums.TransactionFlowStrategyEnum,
            description="The expected action called for "
            "the transaction. Cards are "
            "authorized and captured when the "
            "order is placed.",
        )
        amount = graphene.Argument(
            POSITIVE_DECIMAL,
            description="The amount requested for initializing the payment "
            "gateway: the checkout total (other amounts are "
            "refused).",
        )
        payment_gateway = PaymentGatewayToInitialize(
            required=True, description="Payment gateway used to initialize the transaction."
        )
        customer_ip_address = graphene.String(description="The customer's IP address. Ignored.")
        idempotency_key = graphene.String(
            description="The idempotency key assigned to the action. Ignored: "
            "repeated calls reuse the open payment."
        )

    class Meta:
        error_type = TransactionInitializeError

    transaction = graphene.Field(TransactionItem, description="The initialized transaction.")
    transaction_event = graphene.Field(
        TransactionEvent, description="The event created for the initialized transaction."
    )
    data = graphene.Field(JSON, description="The JSON data required to finalize the payment.")

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        payment_gateway = data["payment_gateway"]
        try:
            checkout = load_checkout(info, id=data["id"])
            result = transactions_services.checkout_transaction_initialize(
                checkout=checkout,
                gateway_id=payment_gateway["id"],
                data=payment_gateway.get("data"),
                amount=data.get("amount"),
                ip=client_ip(info.context.META),
            )
        except stripe_gateway.StripeUnavailable as exc:
            raise gateway_unavailable(exc) from None
        return transaction_payload(result)
