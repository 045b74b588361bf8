"""Saleor's ``CheckoutLine`` over ``selectors.LineView`` (a line as priced in its
checkout's summary) and the problems of a checkout and its lines."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.money import Money, TaxedMoney
from orders.models import CheckoutLine as CheckoutLineModel
from orders.selectors import cart as cart_selectors
from orders.selectors import checkout as checkout_selectors

from .base import NODE_META, VARIANT, viewer
from .delivery import Delivery


class CheckoutLineProblemInsufficientStock(graphene.ObjectType):
    available_quantity = graphene.Int()
    line = graphene.Field("orders.graphql.types.checkout_line.CheckoutLine", required=True)
    variant = graphene.Field(VARIANT, required=True)


class CheckoutLineProblemVariantNotAvailable(graphene.ObjectType):
    line = graphene.Field("orders.graphql.types.checkout_line.CheckoutLine", required=True)


class CheckoutProblemDeliveryMethodStale(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutProblemDeliveryMethodInvalid(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutLineProblem(graphene.Union):
    class Meta:
        types = (CheckoutLineProblemInsufficientStock, CheckoutLineProblemVariantNotAvailable)


class CheckoutProblem(graphene.Union):
    class Meta:
        types = (
            CheckoutProblemDeliveryMethodStale,
            CheckoutProblemDeliveryMethodInvalid,
            CheckoutLineProblemInsufficientStock,
            CheckoutLineProblemVariantNotAvailable,
        )


def line_problems(line: cart_selectors.LineView) -> list[Any]:
    if not line.sellable:
        return [CheckoutLineProblemVariantNotAvailable(line=line)]
    return []


class CheckoutLine(graphene.ObjectType):
    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, cart_selectors.LineView)

    variant = graphene.Field(VARIANT, required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(Money, required=True)
    prior_unit_price = graphene.Field(Money)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(Money, required=True)
    prior_total_price = graphene.Field(Money)
    requires_shipping = graphene.Boolean(required=True)
    problems = graphene.List(graphene.NonNull(CheckoutLineProblem))
    is_gift = graphene.Boolean()
    price_override_reason = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> cart_selectors.LineView | None:
        if not str(id).isdigit():
            return None
        line = CheckoutLineModel.objects.select_related("checkout").filter(pk=int(id)).first()
        checkout = line and checkout_selectors.checkout_for_viewer(
            token=line.checkout.token, user=viewer(info)
        )
        if not checkout:
            return None
        return next(
            (
                lv
                for g in cart_selectors.summary_of(checkout).groups
                for lv in g.lines
                if lv.line.pk == int(id)
            ),
            None,
        )

    @staticmethod
    def resolve_id(root: cart_selectors.LineView, info: Any) -> int:
        return root.line.pk

    @staticmethod
    def resolve_variant(root: cart_selectors.LineView, info: Any) -> Any:
        return root.variant

    @staticmethod
    def resolve_unit_price(root: cart_selectors.LineView, info: Any) -> int:
        return root.unit_price

    resolve_undiscounted_unit_price = resolve_unit_price

    @staticmethod
    def resolve_prior_unit_price(root: cart_selectors.LineView, info: Any) -> int | None:
        compare = root.variant.compare_at_price
        return compare if compare and compare > root.unit_price else None

    @staticmethod
    def resolve_total_price(root: cart_selectors.LineView, info: Any) -> int:
        return root.total

    resolve_undiscounted_total_price = resolve_total_price

    @staticmethod
    def resolve_prior_total_price(root: cart_selectors.LineView, info: Any) -> int | None:
        compare = root.variant.compare_at_price
        return compare * root.quantity if compare and compare > root.unit_price else None

    @staticmethod
    def resolve_requires_shipping(root: Any, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_problems(root: cart_selectors.LineView, info: Any) -> list[Any]:
        return line_problems(root)

    @staticmethod
    def resolve_is_gift(root: Any, info: Any) -> bool:
        return False

    @staticmethod
    def resolve_price_override_reason(root: Any, info: Any) -> None:
        return None
