"""Saleor's ``checkoutAddPromoCode``: every code is refused (no vouchers or gift cards)."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError

from ..errors import CheckoutError
from ..types.checkout import Checkout as CheckoutType
from .base import CheckoutArguments, CheckoutMutation, load_checkout


class CheckoutAddPromoCode(CheckoutMutation):
    """Vouchers and gift cards are not offered: every code is refused (INVALID)."""

    class Arguments(CheckoutArguments):
        promo_code = graphene.String(required=True, description="Gift card code or voucher code.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(
        CheckoutType, description="The checkout with the added gift card or voucher."
    )

    @classmethod
    def perform(cls, root: Any, info: Any, promo_code: str, **lookup: Any) -> dict[str, Any]:
        load_checkout(info, **lookup)
        raise ValidationError(
            {
                "promo_code": ValidationError(
                    "Mã khuyến mãi không hợp lệ. / Promo code is invalid.", code="invalid"
                )
            }
        )
