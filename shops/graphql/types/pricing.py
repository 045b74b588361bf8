"""Prices in Saleor's shape: ``ProductPricingInfo`` and ``VariantPricingInfo``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.money import TaxedMoney, TaxedMoneyRange
from shops import selectors as catalogue


class ProductPricingInfo(graphene.ObjectType):
    """Resolved from ``selectors_catalogue.ProductPricing``. Prices include VAT; we run no
    promotions, so ``discount`` is the compare-at saving."""

    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(
        TaxedMoney, description="The discount amount if in sale (null otherwise)."
    )
    discount_prior = graphene.Field(TaxedMoney)
    discount_local_currency = graphene.Field(
        TaxedMoney, deprecation_reason="Field no longer supported"
    )
    display_gross_prices = graphene.Boolean(
        required=True, description="Determines whether displayed prices should include taxes."
    )
    price_range = graphene.Field(
        TaxedMoneyRange, description="The discounted price range of the product variants."
    )
    price_range_undiscounted = graphene.Field(
        TaxedMoneyRange, description="The undiscounted price range of the product variants."
    )
    price_range_prior = graphene.Field(TaxedMoneyRange)
    price_range_local_currency = graphene.Field(
        TaxedMoneyRange, deprecation_reason="Field no longer supported"
    )

    @staticmethod
    def resolve_on_sale(root: catalogue.ProductPricing, info: Any) -> bool:
        return root.on_sale

    @staticmethod
    def resolve_discount(root: catalogue.ProductPricing, info: Any) -> int | None:
        return root.discount if root.on_sale else None

    @staticmethod
    def resolve_display_gross_prices(root: catalogue.ProductPricing, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_price_range(root: catalogue.ProductPricing, info: Any) -> tuple[int, int]:
        return root.price_range

    @staticmethod
    def resolve_price_range_undiscounted(
        root: catalogue.ProductPricing, info: Any
    ) -> tuple[int, int]:
        return root.undiscounted_range

    @staticmethod
    def _none(root: Any, info: Any) -> None:
        return None

    resolve_discount_prior = resolve_discount_local_currency = _none
    resolve_price_range_prior = resolve_price_range_local_currency = _none


class VariantPricingInfo(graphene.ObjectType):
    """Resolved from ``selectors_catalogue.VariantPrice``."""

    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(
        TaxedMoney, description="The discount amount if in sale (null otherwise)."
    )
    discount_prior = graphene.Field(TaxedMoney)
    discount_local_currency = graphene.Field(
        TaxedMoney, deprecation_reason="Field no longer supported"
    )
    price = graphene.Field(TaxedMoney, description="The price, with any discount subtracted.")
    price_undiscounted = graphene.Field(TaxedMoney, description="The price without any discount.")
    price_prior = graphene.Field(TaxedMoney)
    price_local_currency = graphene.Field(
        TaxedMoney, deprecation_reason="Field no longer supported"
    )

    @staticmethod
    def resolve_on_sale(root: catalogue.VariantPrice, info: Any) -> bool:
        return root.on_sale

    @staticmethod
    def resolve_discount(root: catalogue.VariantPrice, info: Any) -> int | None:
        return root.undiscounted - root.price if root.on_sale else None

    @staticmethod
    def resolve_price(root: catalogue.VariantPrice, info: Any) -> int:
        return root.price

    @staticmethod
    def resolve_price_undiscounted(root: catalogue.VariantPrice, info: Any) -> int:
        return root.undiscounted

    @staticmethod
    def _none(root: Any, info: Any) -> None:
        return None

    resolve_discount_prior = resolve_discount_local_currency = resolve_price_prior = _none
    resolve_price_local_currency = _none
