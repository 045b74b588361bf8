"""Our error codes → Saleor's error enums, in one place.

Services raise ``ValidationError`` with a code of their app's vocabulary
(``marketplace.errors.CoreErrorCode``, ``shops.errors.ShopsErrorCode``,
``orders.errors.OrdersErrorCode``). A mutation's error type has a Saleor enum
(``ProductErrorCode``, ``CheckoutErrorCode`` …). :func:`saleor_code` picks the member:

1. the mutation's own entry in :data:`MUTATION_CODES` (where Saleor names the same
   problem differently in one mutation);
2. the error enum's entry in :data:`ENUM_CODES` (or its family's, :data:`ENUM_FAMILIES`);
3. the code's upper-case name, when the enum has it;
4. ``INVALID`` — for a code of the vocabulary only. A code that is in no app's enum is a
   bug: it raises :class:`UnknownErrorCode` when ``ERROR_CODES_STRICT`` is set (tests),
   else it is logged and answered as ``INVALID``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from marketplace.errors import is_known_error_code

logger = logging.getLogger(__name__)

__all__ = ["ENUM_CODES", "ENUM_FAMILIES", "MUTATION_CODES", "UnknownErrorCode", "saleor_code"]


class UnknownErrorCode(Exception):
    """A service raised a code that no app's error-code enum has."""


#: Saleor error enum → {our code: its member}, for codes Saleor names differently.
ENUM_CODES: dict[str, dict[str, str]] = {
    "ProductErrorCode": {
        "blank": "REQUIRED",
        "null": "REQUIRED",
        "last_variant": "CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT",
        "not_priced": "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
        # uploads: Saleor answers INVALID for a file that is not an acceptable image
        "file_too_large": "INVALID",
    },
    "CheckoutErrorCode": {
        "checkout_completed": "NOT_FOUND",
        "checkout_expired": "NOT_FOUND",
        "product_not_available": "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "payment_method_not_set": "CHECKOUT_NOT_FULLY_PAID",
        "cod_not_allowed": "PAYMENT_ERROR",
        "phone_not_set": "REQUIRED",
        # stock-hold limits of unpaid orders (orders/services/holds.py)
        "hold_limit_exceeded": "QUANTITY_GREATER_THAN_LIMIT",
        "too_many_unpaid_orders": "INVALID",
    },
    "OrderErrorCode": {
        "not_paid": "CANNOT_FULFILL_UNPAID_ORDER",
    },
    # tokens and two-factor sign-in (Saleor has no such codes; the field tells them apart:
    # ``otpCode`` missing or wrong, ``refreshToken`` reused, ``email`` not enrolled)
    "AccountErrorCode": {
        "refresh_token_reused": "JWT_INVALID_TOKEN",
        "otp_required": "REQUIRED",
        "otp_invalid": "INVALID",
        "otp_attempt_delayed": "LOGIN_ATTEMPT_DELAYED",
        "two_factor_enrolment_required": "DISABLED_AUTHENTICATION_METHOD",
        "two_factor_required": "DISABLED_AUTHENTICATION_METHOD",
    },
}

#: The payment and delivery enums of checkout mutations read the checkout's table (an
#: entry whose member the enum lacks is skipped: the rules below then apply).
ENUM_FAMILIES: dict[str, str] = {
    "PaymentGatewayInitializeErrorCode": "CheckoutErrorCode",
    "PaymentGatewayConfigErrorCode": "CheckoutErrorCode",
    "TransactionInitializeErrorCode": "CheckoutErrorCode",
    "TransactionProcessErrorCode": "CheckoutErrorCode",
    "DeliveryOptionsCalculateErrorCode": "CheckoutErrorCode",
}

#: Mutation (its graphene class name) → {our code: Saleor member}: where one mutation
#: names a problem unlike the others sharing its error enum.
MUTATION_CODES: dict[str, dict[str, str]] = {
    "CheckoutDeliveryMethodUpdate": {
        "shipping_method_not_applicable": "DELIVERY_METHOD_NOT_APPLICABLE",
    },
    "CheckoutShippingMethodUpdate": {
        "delivery_method_not_applicable": "SHIPPING_METHOD_NOT_APPLICABLE",
    },
}


def _members(code_enum: Any) -> set[str]:
    return {member.name for member in code_enum}


def _enum_name(code_enum: Any) -> str:
    meta = getattr(code_enum, "_meta", None)
    return getattr(meta, "name", None) or code_enum.__name__


def saleor_code(code: str | None, code_enum: Any, mutation: str | None = None) -> str:
    """The member of the Saleor enum ``code_enum`` for our ``code`` raised in
    ``mutation`` (its graphene class name), by the rules above."""
    raw = str(code or "invalid")
    members = _members(code_enum)
    name = _enum_name(code_enum)
    for table in (
        MUTATION_CODES.get(mutation or "", {}),
        ENUM_CODES.get(name) or ENUM_CODES.get(ENUM_FAMILIES.get(name, ""), {}),
    ):
        mapped = table.get(raw)
        if mapped is not None and mapped in members:
            return mapped
    if raw.upper() in members:
        return raw.upper()
    if not is_known_error_code(raw):
        if getattr(settings, "ERROR_CODES_STRICT", False):
            raise UnknownErrorCode(
                f"error code {raw!r} is in no app's error-code enum "
                "(marketplace.errors, shops.errors, orders.errors)"
            )
        logger.error("unknown error code %r answered as INVALID", raw)
    return "INVALID" if "INVALID" in members else sorted(members)[0]
