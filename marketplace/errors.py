"""Domain exceptions shared by every app's services, and the error-code vocabulary."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied


class NotFound(Exception):
    """The object does not exist *or* is outside the actor's scope (never say which)."""


class Forbidden(PermissionDenied):
    """The actor may not take this action at all."""


class CoreErrorCode(StrEnum):
    """Error codes of the core (accounts, producers, reference data), and Django's own
    validation codes, which forms and ``full_clean`` raise in every app. Every code a
    service puts on a ``ValidationError`` is a member of its app's enum (this one,
    ``shops.errors.ShopsErrorCode``, ``orders.errors.OrdersErrorCode``); GraphQL maps
    them onto Saleor's enums in one place, ``marketplace/graphql/error_codes.py``."""

    # Django's validation codes
    INVALID = "invalid"
    REQUIRED = "required"
    BLANK = "blank"
    NULL = "null"
    UNIQUE = "unique"
    UNIQUE_TOGETHER = "unique_together"
    MAX_LENGTH = "max_length"
    MIN_LENGTH = "min_length"
    MAX_VALUE = "max_value"
    MIN_VALUE = "min_value"
    MAX_DIGITS = "max_digits"
    MAX_DECIMAL_PLACES = "max_decimal_places"
    MAX_WHOLE_DIGITS = "max_whole_digits"
    INVALID_CHOICE = "invalid_choice"
    PASSWORD_TOO_SHORT = "password_too_short"
    PASSWORD_TOO_COMMON = "password_too_common"
    PASSWORD_ENTIRELY_NUMERIC = "password_entirely_numeric"
    PASSWORD_TOO_SIMILAR = "password_too_similar"
    # shared by every app
    NOT_FOUND = "not_found"
    GRAPHQL_ERROR = "graphql_error"
    DUPLICATED_INPUT_ITEM = "duplicated_input_item"
    # values (marketplace/validators.py, money)
    INVALID_AMOUNT = "invalid_amount"
    NEGATIVE_AMOUNT = "negative_amount"
    INVALID_BARCODE = "invalid_barcode"
    INVALID_PHONE = "invalid_phone"
    INVALID_TAX_CODE = "invalid_tax_code"
    INVALID_TYPE = "invalid_type"
    FILE_TOO_LARGE = "file_too_large"
    AMOUNT_TOO_LARGE = "amount_too_large"
    # bounded request bodies (marketplace/bounded.py: webhooks)
    BODY_TOO_LARGE = "body_too_large"
    INVALID_JSON = "invalid_json"
    JSON_TOO_DEEP = "json_too_deep"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    STRING_TOO_LONG = "string_too_long"
    INVALID_TEXT = "invalid_text"
    UNAUTHORIZED = "unauthorized"
    # accounts
    INACTIVE = "inactive"
    INVALID_CREDENTIALS = "invalid_credentials"
    INVALID_PASSWORD = "invalid_password"
    PASSWORD_MISMATCH = "password_mismatch"
    PASSWORD_RESET_DELAYED = "password_reset_delayed"
    LOGIN_ATTEMPT_DELAYED = "login_attempt_delayed"
    DELETE_STAFF_ACCOUNT = "delete_staff_account"
    DELETE_SUPERUSER_ACCOUNT = "delete_superuser_account"
    # producers' applications
    ALREADY_DECIDED = "already_decided"
    # personal data (marketplace/services_privacy.py)
    ACCOUNT_NOT_DELETABLE = "account_not_deletable"
    EXPORT_RATE_LIMITED = "export_rate_limited"
    JWT_MISSING_TOKEN = "jwt_missing_token"
    JWT_INVALID_TOKEN = "jwt_invalid_token"
    JWT_SIGNATURE_EXPIRED = "jwt_signature_expired"
    JWT_DECODE_ERROR = "jwt_decode_error"
    JWT_INVALID_CSRF_TOKEN = "jwt_invalid_csrf_token"
    REFRESH_TOKEN_REUSED = "refresh_token_reused"
    # two-factor sign-in (marketplace/two_factor.py)
    OTP_REQUIRED = "otp_required"
    OTP_INVALID = "otp_invalid"
    OTP_ATTEMPT_DELAYED = "otp_attempt_delayed"
    TWO_FACTOR_ENROLMENT_REQUIRED = "two_factor_enrolment_required"
    TWO_FACTOR_REQUIRED = "two_factor_required"


_ERROR_CODES: list[type[StrEnum]] = [CoreErrorCode]


def register_error_codes(enum: type[StrEnum]) -> None:
    """Add an app's error-code enum to the vocabulary (called from ``AppConfig.ready``)."""
    if enum not in _ERROR_CODES:
        _ERROR_CODES.append(enum)


def error_code_enums() -> tuple[type[StrEnum], ...]:
    return tuple(_ERROR_CODES)


def is_known_error_code(code: str) -> bool:
    """Whether ``code`` is in some app's error-code enum."""
    return any(code in enum._value2member_map_ for enum in _ERROR_CODES)
