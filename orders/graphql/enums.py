"""Saleor's enums used by checkouts, payments and orders, with Saleor's exact names and
values (the API contract). Generated once from ``saleor-schema.graphql``; values are not
read from the reference at run time. ``CountryCode`` and ``AddressTypeEnum`` are shared:
``marketplace.graphql.common`` / ``marketplace.graphql.enums``."""

from __future__ import annotations

from typing import Any

import graphene


def _enum(name: str, values: list[str]) -> Any:
    return graphene.Enum(name, [(value, value) for value in values])


OrderStatus = _enum(
    "OrderStatus",
    [
        "DRAFT",
        "UNCONFIRMED",
        "UNFULFILLED",
        "PARTIALLY_FULFILLED",
        "PARTIALLY_RETURNED",
        "RETURNED",
        "FULFILLED",
        "CANCELED",
        "EXPIRED",
    ],
)
PaymentChargeStatusEnum = _enum(
    "PaymentChargeStatusEnum",
    [
        "NOT_CHARGED",
        "PENDING",
        "PARTIALLY_CHARGED",
        "FULLY_CHARGED",
        "PARTIALLY_REFUNDED",
        "FULLY_REFUNDED",
        "REFUSED",
        "CANCELLED",
    ],
)
OrderAuthorizeStatusEnum = _enum("OrderAuthorizeStatusEnum", ["NONE", "PARTIAL", "FULL"])
OrderChargeStatusEnum = _enum("OrderChargeStatusEnum", ["NONE", "PARTIAL", "FULL", "OVERCHARGED"])
CheckoutAuthorizeStatusEnum = _enum("CheckoutAuthorizeStatusEnum", ["NONE", "PARTIAL", "FULL"])
CheckoutChargeStatusEnum = _enum(
    "CheckoutChargeStatusEnum", ["NONE", "PARTIAL", "FULL", "OVERCHARGED"]
)
ShippingMethodTypeEnum = _enum("ShippingMethodTypeEnum", ["PRICE", "WEIGHT"])
WarehouseClickAndCollectOptionEnum = _enum(
    "WarehouseClickAndCollectOptionEnum", ["DISABLED", "LOCAL", "ALL"]
)
TransactionActionEnum = _enum("TransactionActionEnum", ["CHARGE", "REFUND", "CANCEL"])
TransactionEventTypeEnum = _enum(
    "TransactionEventTypeEnum",
    [
        "AUTHORIZATION_SUCCESS",
        "AUTHORIZATION_FAILURE",
        "AUTHORIZATION_ADJUSTMENT",
        "AUTHORIZATION_REQUEST",
        "AUTHORIZATION_ACTION_REQUIRED",
        "CHARGE_ACTION_REQUIRED",
        "CHARGE_SUCCESS",
        "CHARGE_FAILURE",
        "CHARGE_BACK",
        "CHARGE_REQUEST",
        "REFUND_SUCCESS",
        "REFUND_FAILURE",
        "REFUND_REVERSE",
        "REFUND_REQUEST",
        "CANCEL_SUCCESS",
        "CANCEL_FAILURE",
        "CANCEL_REQUEST",
        "INFO",
    ],
)
TransactionFlowStrategyEnum = _enum("TransactionFlowStrategyEnum", ["AUTHORIZATION", "CHARGE"])
FulfillmentStatus = _enum(
    "FulfillmentStatus",
    [
        "FULFILLED",
        "REFUNDED",
        "RETURNED",
        "REPLACED",
        "REFUNDED_AND_RETURNED",
        "CANCELED",
        "WAITING_FOR_APPROVAL",
    ],
)
OrderOriginEnum = _enum("OrderOriginEnum", ["CHECKOUT", "DRAFT", "REISSUE", "BULK_CREATE"])
OrderDiscountType = _enum(
    "OrderDiscountType", ["SALE", "VOUCHER", "MANUAL", "PROMOTION", "ORDER_PROMOTION"]
)
DiscountValueTypeEnum = _enum("DiscountValueTypeEnum", ["FIXED", "PERCENTAGE"])
CheckoutErrorCode = _enum(
    "CheckoutErrorCode",
    [
        "BILLING_ADDRESS_NOT_SET",
        "CHECKOUT_NOT_FULLY_PAID",
        "GRAPHQL_ERROR",
        "PRODUCT_NOT_PUBLISHED",
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "INSUFFICIENT_STOCK",
        "INVALID",
        "INVALID_SHIPPING_METHOD",
        "NOT_FOUND",
        "PAYMENT_ERROR",
        "PRICE_OVERRIDE_REASON_WITHOUT_OVERRIDE",
        "QUANTITY_GREATER_THAN_LIMIT",
        "REQUIRED",
        "SHIPPING_ADDRESS_NOT_SET",
        "SHIPPING_METHOD_NOT_APPLICABLE",
        "DELIVERY_METHOD_NOT_APPLICABLE",
        "SHIPPING_METHOD_NOT_SET",
        "SHIPPING_NOT_REQUIRED",
        "TAX_ERROR",
        "UNIQUE",
        "VOUCHER_NOT_APPLICABLE",
        "GIFT_CARD_NOT_APPLICABLE",
        "ZERO_QUANTITY",
        "MISSING_CHANNEL_SLUG",
        "CHANNEL_INACTIVE",
        "UNAVAILABLE_VARIANT_IN_CHANNEL",
        "EMAIL_NOT_SET",
        "NO_LINES",
        "INACTIVE_PAYMENT",
        "NON_EDITABLE_GIFT_LINE",
        "NON_REMOVABLE_GIFT_LINE",
        "SHIPPING_CHANGE_FORBIDDEN",
        "MISSING_ADDRESS_DATA",
    ],
)
OrderErrorCode = _enum(
    "OrderErrorCode",
    [
        "BILLING_ADDRESS_NOT_SET",
        "CANNOT_CANCEL_FULFILLMENT",
        "CANNOT_CANCEL_ORDER",
        "CANNOT_DELETE",
        "CANNOT_DISCOUNT",
        "CANNOT_REFUND",
        "CANNOT_FULFILL_UNPAID_ORDER",
        "CAPTURE_INACTIVE_PAYMENT",
        "GIFT_CARD_LINE",
        "NOT_EDITABLE",
        "FULFILL_ORDER_LINE",
        "GRAPHQL_ERROR",
        "INVALID",
        "PRODUCT_NOT_PUBLISHED",
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "NOT_FOUND",
        "ORDER_NO_SHIPPING_ADDRESS",
        "PAYMENT_ERROR",
        "PAYMENT_MISSING",
        "TRANSACTION_ERROR",
        "REQUIRED",
        "SHIPPING_METHOD_NOT_APPLICABLE",
        "SHIPPING_METHOD_REQUIRED",
        "TAX_ERROR",
        "UNIQUE",
        "VOID_INACTIVE_PAYMENT",
        "ZERO_QUANTITY",
        "INVALID_QUANTITY",
        "INSUFFICIENT_STOCK",
        "DUPLICATED_INPUT_ITEM",
        "NOT_AVAILABLE_IN_CHANNEL",
        "CHANNEL_INACTIVE",
        "INVALID_VOUCHER",
        "INVALID_VOUCHER_CODE",
        "NON_EDITABLE_GIFT_LINE",
        "NON_REMOVABLE_GIFT_LINE",
        "MISSING_ADDRESS_DATA",
    ],
)
PaymentGatewayInitializeErrorCode = _enum(
    "PaymentGatewayInitializeErrorCode", ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND"]
)
TransactionInitializeErrorCode = _enum(
    "TransactionInitializeErrorCode",
    ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "UNIQUE", "CHECKOUT_COMPLETION_IN_PROGRESS"],
)
TransactionProcessErrorCode = _enum(
    "TransactionProcessErrorCode",
    [
        "GRAPHQL_ERROR",
        "INVALID",
        "NOT_FOUND",
        "TRANSACTION_ALREADY_PROCESSED",
        "MISSING_PAYMENT_APP_RELATION",
        "MISSING_PAYMENT_APP",
        "CHECKOUT_COMPLETION_IN_PROGRESS",
    ],
)
DeliveryOptionsCalculateErrorCode = _enum(
    "DeliveryOptionsCalculateErrorCode", ["GRAPHQL_ERROR", "NOT_FOUND", "INVALID"]
)
PaymentGatewayConfigErrorCode = _enum(
    "PaymentGatewayConfigErrorCode", ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND"]
)
OrderAction = _enum("OrderAction", ["CAPTURE", "MARK_AS_PAID", "REFUND", "VOID"])
MetadataErrorCode = _enum(
    "MetadataErrorCode", ["GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "REQUIRED", "NOT_UPDATED"]
)
