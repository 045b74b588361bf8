"""Saleor's money types. Our money is integer VND (đồng); ``amount`` is that number as a
Float (Saleor's type) and ``fractionDigits`` is 0. Prices include VAT, so ``net`` equals
``gross`` and ``tax`` is 0 until tax rules exist."""

from __future__ import annotations

from typing import Any

import graphene

CURRENCY = "VND"


class Money(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    amount = graphene.Float(required=True, description="Amount of money.")
    fractional_amount = graphene.Int(
        required=True, description="Amount in the smallest unit (đồng)."
    )
    fraction_digits = graphene.Int(
        required=True, description="Number of digits after the decimal point (0)."
    )

    @staticmethod
    def resolve_currency(root: int, info: Any) -> str:
        return CURRENCY

    @staticmethod
    def resolve_amount(root: int, info: Any) -> float:
        return float(root)

    @staticmethod
    def resolve_fractional_amount(root: int, info: Any) -> int:
        return int(root)

    @staticmethod
    def resolve_fraction_digits(root: int, info: Any) -> int:
        return 0


class TaxedMoney(graphene.ObjectType):
    """Resolved from an integer gross amount (VAT included)."""

    currency = graphene.String(required=True)
    gross = graphene.Field(Money, required=True)
    net = graphene.Field(Money, required=True)
    tax = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_currency(root: int, info: Any) -> str:
        return CURRENCY

    @staticmethod
    def resolve_gross(root: int, info: Any) -> int:
        return int(root)

    @staticmethod
    def resolve_net(root: int, info: Any) -> int:
        return int(root)

    @staticmethod
    def resolve_tax(root: int, info: Any) -> int:
        return 0


class MoneyRange(graphene.ObjectType):
    """Resolved from a (start, stop) pair of integers."""

    start = graphene.Field(Money)
    stop = graphene.Field(Money)

    @staticmethod
    def resolve_start(root: tuple[int, int], info: Any) -> int:
        return root[0]

    @staticmethod
    def resolve_stop(root: tuple[int, int], info: Any) -> int:
        return root[1]


class TaxedMoneyRange(graphene.ObjectType):
    """Resolved from a (start, stop) pair of integers."""

    start = graphene.Field(TaxedMoney)
    stop = graphene.Field(TaxedMoney)

    @staticmethod
    def resolve_start(root: tuple[int, int], info: Any) -> int:
        return root[0]

    @staticmethod
    def resolve_stop(root: tuple[int, int], info: Any) -> int:
        return root[1]
