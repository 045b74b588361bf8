"""The error codes the orders app's services raise (besides the core's,
``marketplace.errors.CoreErrorCode``)."""

from __future__ import annotations

from enum import StrEnum


class OrdersErrorCode(StrEnum):
    # cart and checkout
    INVALID_QUANTITY = "invalid_quantity"
    ZERO_QUANTITY = "zero_quantity"
    QUANTITY_GREATER_THAN_LIMIT = "quantity_greater_than_limit"
    INSUFFICIENT_STOCK = "insufficient_stock"
    PRODUCT_NOT_AVAILABLE = "product_not_available"
    CHECKOUT_COMPLETED = "checkout_completed"
    CHECKOUT_EXPIRED = "checkout_expired"
    CHECKOUT_NOT_FULLY_PAID = "checkout_not_fully_paid"
    NO_LINES = "no_lines"
    EMAIL_NOT_SET = "email_not_set"
    PHONE_NOT_SET = "phone_not_set"
    SHIPPING_ADDRESS_NOT_SET = "shipping_address_not_set"
    BILLING_ADDRESS_NOT_SET = "billing_address_not_set"
    SHIPPING_METHOD_NOT_SET = "shipping_method_not_set"
    SHIPPING_METHOD_NOT_APPLICABLE = "shipping_method_not_applicable"
    DELIVERY_METHOD_NOT_APPLICABLE = "delivery_method_not_applicable"
    PAYMENT_METHOD_NOT_SET = "payment_method_not_set"
    COD_NOT_ALLOWED = "cod_not_allowed"
    INCOMPLETE = "incomplete"
    TOTAL_CHANGED = "total_changed"
    # stock held by unpaid orders (orders/services/holds.py)
    HOLD_LIMIT_EXCEEDED = "hold_limit_exceeded"
    TOO_MANY_UNPAID_ORDERS = "too_many_unpaid_orders"
    # addresses
    INVALID_PROVINCE = "invalid_province"
    INVALID_DISTRICT = "invalid_district"
    # payments
    ALREADY_PAID = "already_paid"
    NOTHING_TO_PAY = "nothing_to_pay"
    NOT_AWAITING_PAYMENT = "not_awaiting_payment"
    NOT_COD = "not_cod"
    NOT_FLAGGED = "not_flagged"
    REFUND_NOT_SUCCEEDED = "refund_not_succeeded"
    # fulfilment and returns
    INVALID_TRANSITION = "invalid_transition"
    FULFILL_ORDER_LINE = "fulfill_order_line"
    NOT_PAID = "not_paid"
    ORDER_CLOSED = "order_closed"
    RETURN_WINDOW_OPEN = "return_window_open"
    RETURN_WINDOW_PASSED = "return_window_passed"
    # shipping settings
    BANDS_REQUIRED = "bands_required"
    BANDS_NOT_ALLOWED = "bands_not_allowed"
    INVALID_WEIGHT = "invalid_weight"
    INVALID_RATE = "invalid_rate"
    INVALID_DAYS = "invalid_days"
    DAYS_ORDER = "days_order"
    OVERLAP = "overlap"
    DUPLICATE = "duplicate"
    NOT_POSITIVE = "not_positive"
    # payouts (a batch's status: what it can no longer do)
    BATCH_DRAFT = "batch_draft"
    BATCH_EXPORTED = "batch_exported"
    BATCH_PAID = "batch_paid"
    BATCH_CANCELLED = "batch_cancelled"
    # webhooks
    INVALID_EVENT = "invalid_event"
