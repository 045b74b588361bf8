"""Saleor's payment gateways and transactions: ``PaymentGateway`` over
``orders.selectors.payments.Gateway``, ``TransactionItem`` over ``orders.models.Payment`` (Saleor's
transaction) and its ``TransactionEvent`` (an ``EventView``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import graphene

from marketplace.graphql.money import Money
from orders.models import Checkout as CheckoutModel
from orders.models import Order as OrderModel
from orders.models import Payment, PaymentMethod
from orders.selectors import checkout as checkout_selectors
from orders.selectors import orders as orders_selectors
from orders.selectors import payments as payments_selectors
from orders.services.transactions import transaction_event_type

from .. import enums
from ..errors import PaymentGatewayConfigError
from .base import NODE, NODE_META, viewer


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True)
    value = graphene.String()


class PaymentGateway(graphene.ObjectType):
    name = graphene.String(required=True)
    id = graphene.ID(required=True)
    config = graphene.NonNull(graphene.List(graphene.NonNull(GatewayConfigLine)))
    currencies = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))

    @staticmethod
    def resolve_config(root: payments_selectors.Gateway, info: Any) -> list[GatewayConfigLine]:
        return [GatewayConfigLine(field=k, value=v) for k, v in root.config]


@dataclass(frozen=True)
class EventView:
    key: str
    type: str
    amount: int
    psp_reference: str
    message: str
    created_at: Any


class TransactionEvent(graphene.ObjectType):
    class Meta:
        interfaces = NODE

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, EventView)

    created_at = graphene.DateTime(required=True)
    psp_reference = graphene.String(required=True)
    message = graphene.String(required=True)
    external_url = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    type = graphene.Field(enums.TransactionEventTypeEnum)
    idempotency_key = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None

    @staticmethod
    def resolve_id(root: EventView, info: Any) -> str:
        return root.key

    @staticmethod
    def resolve_external_url(root: EventView, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_idempotency_key(root: EventView, info: Any) -> None:
        return None


def payment_event(payment: Payment) -> EventView:
    """The event a payment's current state stands for."""
    return EventView(
        key=f"{payment.idempotency_key}:{payment.status}",
        type=transaction_event_type(payment),
        amount=payment.captured_amount or payment.amount,
        psp_reference=payment.stripe_payment_intent or payment.idempotency_key,
        message=payment.failure_message,
        created_at=payment.updated_at,
    )


PAYMENT_NAMES: dict[str, str] = {
    PaymentMethod.CARD: "Stripe",
    PaymentMethod.DUMMY: "Dummy Payment App",
    PaymentMethod.COD: "Cash on delivery",
    PaymentMethod.VIETQR: "VietQR",
    PaymentMethod.CASH: "Cash",
}


class TransactionItem(graphene.ObjectType):
    """A payment (Saleor's transaction). Its ID carries the payment's idempotency key,
    which includes the checkout token: as secret as the checkout itself."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, Payment)

    token = graphene.UUID(required=True)
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)
    actions = graphene.NonNull(graphene.List(graphene.NonNull(enums.TransactionActionEnum)))
    authorized_amount = graphene.Field(Money, required=True)
    authorize_pending_amount = graphene.Field(Money, required=True)
    refunded_amount = graphene.Field(Money, required=True)
    refund_pending_amount = graphene.Field(Money, required=True)
    canceled_amount = graphene.Field(Money, required=True)
    cancel_pending_amount = graphene.Field(Money, required=True)
    charged_amount = graphene.Field(Money, required=True)
    charge_pending_amount = graphene.Field(Money, required=True)
    name = graphene.String(required=True)
    message = graphene.String(required=True)
    psp_reference = graphene.String(required=True)
    order = graphene.Field("orders.graphql.types.order.Order")
    checkout = graphene.Field("orders.graphql.types.checkout.Checkout")
    events = graphene.NonNull(graphene.List(graphene.NonNull(TransactionEvent)))
    external_url = graphene.String(required=True)

    @classmethod
    def get_node(cls, info: Any, id: str) -> Payment | None:
        return payments_selectors.payment_by_key(key=str(id), user=viewer(info))

    @staticmethod
    def resolve_id(root: Payment, info: Any) -> str:
        return root.idempotency_key

    @staticmethod
    def resolve_token(root: Payment, info: Any) -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"ocop-payment:{root.idempotency_key}")

    @staticmethod
    def resolve_created_at(root: Payment, info: Any) -> Any:
        return root.created_at

    @staticmethod
    def resolve_modified_at(root: Payment, info: Any) -> Any:
        return root.updated_at

    @staticmethod
    def resolve_actions(root: Payment, info: Any) -> list[str]:
        return []  # captures, voids and refunds are done by the marketplace, not by clients

    @staticmethod
    def resolve_authorized_amount(root: Payment, info: Any) -> int:
        return root.amount if root.status == Payment.Status.AUTHORIZED else 0

    @staticmethod
    def resolve_authorize_pending_amount(root: Payment, info: Any) -> int:
        return (
            root.amount
            if root.status == Payment.Status.PENDING and root.method == PaymentMethod.CARD
            else 0
        )

    @staticmethod
    def resolve_refunded_amount(root: Payment, info: Any) -> int:
        return root.refunded_amount

    @staticmethod
    def resolve_canceled_amount(root: Payment, info: Any) -> int:
        return root.amount if root.status == Payment.Status.CANCELLED else 0

    @staticmethod
    def resolve_charged_amount(root: Payment, info: Any) -> int:
        if root.status not in (Payment.Status.SUCCEEDED, Payment.Status.REFUNDED):
            return 0
        return max((root.captured_amount or root.amount) - root.refunded_amount, 0)

    @staticmethod
    def resolve_refund_pending_amount(root: Payment, info: Any) -> int:
        return 0

    resolve_cancel_pending_amount = resolve_refund_pending_amount
    resolve_charge_pending_amount = resolve_refund_pending_amount

    @staticmethod
    def resolve_name(root: Payment, info: Any) -> str:
        return PAYMENT_NAMES.get(root.method, root.method)

    @staticmethod
    def resolve_message(root: Payment, info: Any) -> str:
        return root.failure_message

    @staticmethod
    def resolve_psp_reference(root: Payment, info: Any) -> str:
        return root.stripe_payment_intent or root.idempotency_key

    @staticmethod
    def resolve_order(root: Payment, info: Any) -> OrderModel | None:
        if root.order_id is None:
            return None
        return orders_selectors.order_for_viewer(
            token=root.order.token,  # type: ignore[union-attr]
            user=viewer(info),
            cache=info.context,
        )

    @staticmethod
    def resolve_checkout(root: Payment, info: Any) -> CheckoutModel | None:
        if root.checkout_id is None:
            return None
        return checkout_selectors.checkout_for_viewer(token=root.checkout.token, user=viewer(info))  # type: ignore[union-attr]

    @staticmethod
    def resolve_events(root: Payment, info: Any) -> list[EventView]:
        return [payment_event(root)]

    @staticmethod
    def resolve_external_url(root: Payment, info: Any) -> str:
        return ""


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = graphene.Field("marketplace.graphql.scalars.JSON")
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))
