"""The error codes the shops app's services raise (besides the core's,
``marketplace.errors.CoreErrorCode``)."""

from __future__ import annotations

from enum import StrEnum


class ShopsErrorCode(StrEnum):
    # catalogue
    NEGATIVE = "negative"
    INVALID_PRICE = "invalid_price"
    NOT_PRICED = "not_priced"
    LAST_VARIANT = "last_variant"
    NOT_PRODUCTS_VARIANT = "not_products_variant"
    TOO_MANY = "too_many"
    # media
    INVALID_IMAGE = "invalid_image"
    INVALID_IMAGE_TYPE = "invalid_image_type"
    TOO_MANY_PIXELS = "too_many_pixels"
    # stock
    INSUFFICIENT_STOCK = "insufficient_stock"
    IN_OPEN_ORDERS = "in_open_orders"
    HAS_HISTORY = "has_history"
    # staff and their powers (shops/permissions.py, shops/services/staff.py)
    POWER_REQUIRED = "power_required"
    LAST_OWNER = "last_owner"
    NO_ACCOUNT = "no_account"
    ALREADY_MEMBER = "already_member"
    OWNER_ONLY = "owner_only"
