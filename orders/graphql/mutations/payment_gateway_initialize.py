"""Saleor's ``paymentGatewayInitialize``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.errors import BaseMutation
from orders.selectors import payments as payments_selectors

from ..errors import PaymentGatewayConfigError, PaymentGatewayInitializeError
from ..types.payments import PaymentGatewayConfig
from .base import POSITIVE_DECIMAL, PaymentGatewayToInitialize, load_checkout


class PaymentGatewayInitialize(BaseMutation):
    """Initializes payment gateways for a checkout: Stripe answers its publishable key
    (``{"stripePublishableKey": …}``, as Saleor's Stripe app)."""

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        amount = graphene.Argument(
            POSITIVE_DECIMAL,
            description="The amount requested for initializing the payment "
            "gateway. Ignored: the checkout total is used.",
        )
        payment_gateways = graphene.List(
            graphene.NonNull(PaymentGatewayToInitialize),
            description="List of payment gateways to initialize.",
        )

    class Meta:
        error_type = PaymentGatewayInitializeError

    gateway_configs = graphene.List(
        graphene.NonNull(PaymentGatewayConfig),
        description="List of payment gateway configurations.",
    )

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        # ``amount`` is ignored: the checkout's total is what is paid
        checkout = load_checkout(info, id=data["id"])
        payment_gateways = data.get("payment_gateways")
        available = {g.id: g for g in payments_selectors.payment_gateways(checkout)}
        requested = [g["id"] for g in payment_gateways] if payment_gateways else list(available)
        configs = []
        for gateway_id in requested:
            gateway = payments_selectors.gateway_find(gateway_id, checkout)
            if gateway is None:
                configs.append(
                    PaymentGatewayConfig(
                        id=gateway_id,
                        data=None,
                        errors=[
                            PaymentGatewayConfigError(
                                field="id",
                                message="Không có cổng thanh toán này. / Payment gateway not available.",
                                code="NOT_FOUND",
                            )
                        ],
                    )
                )
                continue
            config = (
                dict(gateway.config)
                if gateway.id != payments_selectors.STRIPE_GATEWAY
                else {"stripePublishableKey": dict(gateway.config).get("publishableKey")}
            )
            configs.append(PaymentGatewayConfig(id=gateway_id, data=config, errors=[]))
        return {"gateway_configs": configs}
