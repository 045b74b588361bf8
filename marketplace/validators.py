"""Validators for Vietnamese identifiers: tax codes (MST), EAN-13 barcodes, phone numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_PHONE_RE = re.compile(r"^\+84[35789]\d{8}$")


def mst_check_digit(first_nine: str) -> int:
    """Check digit (10th digit) of a Vietnamese tax code from its first nine digits."""
    total = sum(int(d) * w for d, w in zip(first_nine, _MST_WEIGHTS, strict=True))
    return 10 - (total % 11)


def is_valid_mst(value: str) -> bool:
    """A tax code is 10 digits, or 10 digits + '-' + a 3-digit branch number; the 10th
    digit is the check digit of the first nine (a remainder giving 10 is never issued)."""
    match = re.fullmatch(r"(\d{10})(?:-(\d{3}))?", value or "")
    if not match:
        return False
    digits = match.group(1)
    check = mst_check_digit(digits[:9])
    return check < 10 and check == int(digits[9])


def validate_mst(value: str) -> None:
    if not is_valid_mst(value):
        raise ValidationError(
            _("Mã số thuế không hợp lệ (10 số, chữ số cuối là số kiểm tra). / Invalid tax code."),
            code="invalid_tax_code",
        )


def ean13_check_digit(first_twelve: str) -> int:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first_twelve))
    return (10 - total % 10) % 10


def is_valid_ean13(value: str) -> bool:
    if not re.fullmatch(r"\d{13}", value or ""):
        return False
    return ean13_check_digit(value[:12]) == int(value[12])


def validate_ean13(value: str) -> None:
    if not is_valid_ean13(value):
        raise ValidationError(
            _("Mã vạch EAN-13 không hợp lệ (13 số, sai số kiểm tra). / Invalid EAN-13 barcode."),
            code="invalid_barcode",
        )


def normalize_phone(value: str) -> str:
    """Normalise a Vietnamese mobile number to +84XXXXXXXXX (accepts 0XXXXXXXXX)."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("0"):
        digits = "+84" + digits[1:]
    elif digits.startswith("84"):
        digits = "+" + digits
    return digits


def validate_phone(value: str) -> None:
    if not _PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Số điện thoại không hợp lệ (ví dụ +84912345678). / Invalid phone number."),
            code="invalid_phone",
        )
