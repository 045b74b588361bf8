"""Validators for Vietnamese identifiers: tax codes (MST, or the personal identification
number of a household business), EAN-13 barcodes, phone numbers."""

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


#: The province codes that open a 12-digit personal identification number (CCCD), by the
#: 63 provinces that issued them (Circular 07/2016/TT-BCA, appendix).
_CCCD_PROVINCES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 "
    "034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 "
    "067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)


def is_valid_personal_id(value: str) -> bool:
    """A 12-digit personal identification number: a province code of ``_CCCD_PROVINCES``,
    then the century-and-sex digit, the year of birth and six digits. Since 1 July 2025 it is
    the tax code of individuals and household businesses (Law on Tax Administration
    38/2019/QH14 as amended; Circular 86/2024/TT-BTC)."""
    return bool(re.fullmatch(r"\d{12}", value or "")) and value[:3] in _CCCD_PROVINCES


def is_valid_tax_code(value: str) -> bool:
    """A company or cooperative's tax code (``is_valid_mst``) or a household business's
    12-digit personal identification number (``is_valid_personal_id``)."""
    return is_valid_mst(value) or is_valid_personal_id(value)


def validate_mst(value: str) -> None:
    """The producer's tax code: 10 digits (13 with a branch), or 12 digits for a household
    business (``is_valid_tax_code``)."""
    if not is_valid_tax_code(value):
        raise ValidationError(
            _(
                "Mã số thuế không hợp lệ: doanh nghiệp và hợp tác xã dùng 10 số (hoặc 10 số, "
                "gạch ngang và 3 số chi nhánh); hộ kinh doanh dùng 12 số định danh cá nhân."
            ),
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
