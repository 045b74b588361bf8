"""What a checkout still needs before it can become an order (Saleor's checkout problems,
with its error codes in lower case), shared by the checkout, the card payment's start and
the Saleor mutations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from ..models import DeliveryKind, PaymentMethod
from ..selectors.cart import CheckoutSummary
from ..selectors.payments import cod_allowed


def _error(field: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def merge_errors(errors: list[ValidationError]) -> ValidationError:
    """One ``ValidationError`` keyed by field from several single-field ones."""
    merged: dict[str, list[ValidationError]] = {}
    for error in errors:
        for field, items in error.error_dict.items():
            merged.setdefault(field, []).extend(items)
    return ValidationError(merged)


def checkout_problems(summary: CheckoutSummary) -> list[ValidationError]:
    """What still stops the checkout from completing, with Saleor's codes in lower case
    (``no_lines``, ``email_not_set``, ``shipping_address_not_set``,
    ``shipping_method_not_set``, ``payment_method_not_set`` …)."""
    checkout = summary.checkout
    problems: list[ValidationError] = []
    if not summary.groups:
        return [_error("lines", "Giỏ hàng trống. / The cart is empty.", "no_lines")]
    if not checkout.email:
        problems.append(
            _error("email", "Vui lòng nhập email. / E-mail is required.", "email_not_set")
        )
    if not checkout.phone:
        problems.append(
            _error("phone", "Vui lòng nhập số điện thoại. / Phone is required.", "phone_not_set")
        )
    needs_address = any(
        g.delivery is None or g.delivery.kind == DeliveryKind.SHIPPING for g in summary.groups
    )
    if needs_address and checkout.shipping_address_id is None:
        problems.append(
            _error(
                "shipping_address",
                "Vui lòng nhập địa chỉ giao hàng. / Shipping address is required.",
                "shipping_address_not_set",
            )
        )
    for group in summary.groups:
        if group.shipping_fee is None:
            problems.append(
                _error(
                    "delivery",
                    f"Chọn cách nhận hàng cho {group.shop.name}. / Choose delivery for {group.shop.name}.",
                    "shipping_method_not_set",
                    shop=group.shop.pk,
                )
            )
    if not checkout.payment_method:
        problems.append(
            _error(
                "payment_method",
                "Vui lòng chọn phương thức thanh toán. / Choose a payment method.",
                "payment_method_not_set",
            )
        )
    elif checkout.payment_method == PaymentMethod.COD:
        ok, message = cod_allowed(phone=checkout.phone, total=summary.total)
        if not ok:
            problems.append(_error("payment_method", message, "cod_not_allowed"))
    return problems
