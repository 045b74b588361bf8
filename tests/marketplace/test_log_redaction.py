"""Personal data stays out of the logs: e-mails, phone numbers and the secret parts of
links are masked by the filter on every handler (marketplace/log_redaction.py)."""

from __future__ import annotations

import logging

import pytest

from marketplace.log_redaction import RedactPersonalData, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sign-in failed for lan.nguyen@example.vn", "sign-in failed for [email]"),
        ("call 0912 345 678 or +84912345678", "call [phone] or [phone]"),
        ("GET /orders/2f1c9a7e-1b2c-4d5e-8f90-123456789abc/pay/", "GET /orders/[secret]/pay/"),
        ("GET /orders/track/MTIz:1t2u3v:abcdefgh/", "GET /orders/[secret]/[secret]/"),
        (
            "GET /accounts/password-reset/confirm/MQ/c2o-abcdef0123456789/",
            "GET /accounts/password-reset/confirm/[secret]/[secret]/",
        ),
        ("order DH-00123 paid 420000", "order DH-00123 paid 420000"),  # amounts and codes stay
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_the_filter_masks_messages_and_arguments():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s (%s)",
        ("/orders/track/abc123:xyz/", "buyer@example.vn"),
        None,
    )
    assert RedactPersonalData().filter(record) is True
    assert record.getMessage() == "Not Found: /orders/[secret]/[secret]/ ([email])"


def test_every_configured_handler_has_the_filter(settings):
    handlers = settings.LOGGING["handlers"]
    assert handlers
    assert all("personal_data" in handler.get("filters", []) for handler in handlers.values())
