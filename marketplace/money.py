"""Money is integer VND (đồng) everywhere; these helpers only format and validate."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .bounded import money_max

CURRENCY = "VND"
# Whole đồng: plain ASCII digits, or groups of three separated consistently by "." or ",".
_AMOUNT_RE = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+)")


def format_vnd(amount: int | None) -> str:
    """150000 -> '150.000 ₫' (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,} ₫".replace(",", ".")


def parse_vnd(value: str | int) -> int:
    """Parse '150.000', '150000', '150,000 ₫' into whole đồng; rejects fractions and
    amounts beyond ±``MONEY_MAX_VND`` (code ``amount_too_large``)."""
    if isinstance(value, int):
        amount = value
    else:
        cleaned = re.sub(r"\s", "", str(value).replace("₫", "").replace("đ", ""))
        if len(cleaned) > 40 or not _AMOUNT_RE.fullmatch(cleaned):
            raise ValidationError(
                _("Số tiền không hợp lệ. / Invalid amount."), code="invalid_amount"
            )
        amount = int(cleaned.replace(".", "").replace(",", ""))
    if abs(amount) > money_max():
        raise ValidationError(
            _("Số tiền vượt quá %(max)s.") % {"max": format_vnd(money_max())},
            code="amount_too_large",
        )
    return amount


def validate_non_negative_amount(value: int) -> None:
    if value is None or value < 0:
        raise ValidationError(
            _("Số tiền không được âm. / Amount must not be negative."), code="negative_amount"
        )
