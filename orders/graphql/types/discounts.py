"""Discount types Saleor's clients ask for but the marketplace does not offer: gift
cards, vouchers and order discounts (their lists are always empty)."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.money import Money

from .. import enums
from .base import NODE, NODE_META


class GiftCard(graphene.ObjectType):
    """Gift cards are not sold on the marketplace: lists of them are always empty."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, cls)

    display_code = graphene.String(required=True)
    last_4_code_chars = graphene.String(required=True, name="last4CodeChars")
    code = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    is_active = graphene.Boolean(required=True)
    initial_balance = graphene.Field(Money, required=True)
    current_balance = graphene.Field(Money, required=True)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None


class Voucher(graphene.ObjectType):
    """Vouchers are not offered yet: orders and checkouts never have one."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, cls)

    name = graphene.String()
    code = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None


class OrderDiscount(graphene.ObjectType):
    class Meta:
        interfaces = NODE

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, cls)

    type = graphene.Field(enums.OrderDiscountType, required=True)
    name = graphene.String()
    translated_name = graphene.String()
    value_type = graphene.Field(enums.DiscountValueTypeEnum, required=True)
    value = graphene.Field("marketplace.graphql.scalars.PositiveDecimal", required=True)
    reason = graphene.String()
    amount = graphene.Field(Money, required=True, deprecation_reason="Use `total` instead.")
    total = graphene.Field(Money, required=True)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None
