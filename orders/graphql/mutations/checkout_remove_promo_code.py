"""Saleor's ``checkoutRemovePromoCode``."""

from __future__ import annotations

from typing import Any

import graphene

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import CheckoutArguments, CheckoutMutation, checkout_payload, load_checkout


class CheckoutRemovePromoCode(CheckoutMutation):
    class Arguments(CheckoutArguments):
        promo_code = graphene.String(description="Gift card code or voucher code.")
        promo_code_id = graphene.ID(description="Gift card or voucher ID.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(
        CheckoutType, description="The checkout with the removed gift card or voucher."
    )

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        promo_code: str | None = None,
        promo_code_id: str | None = None,
        **lookup: Any,
    ) -> dict[str, Any]:
        return checkout_payload(load_checkout(info, **lookup))
