"""Forms of the office payout pages: they parse input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from marketplace.money import parse_vnd
from shops.models import Shop


class VndField(forms.CharField):
    """Whole đồng typed as '150000', '150.000' or '-50.000 ₫'."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_vnd(value)


class PayoutBatchCreateForm(forms.Form):
    min_amount = VndField(
        label="Chỉ chi khi số dư từ (đ) / Minimum payable (VND)",
        required=False,
        help_text="Để trống: mọi số dư dương. / Empty: any positive balance.",
    )

    def clean_min_amount(self) -> int:
        value = self.cleaned_data.get("min_amount")
        if value is not None and value < 0:
            raise ValidationError("Không được âm. / Must not be negative.", code="negative_amount")
        return value or 0


class LedgerAdjustForm(forms.Form):
    shop = forms.ModelChoiceField(queryset=Shop.objects.order_by("name"), label="Gian hàng / Shop")
    amount = VndField(label="Số tiền (đ, âm để trừ) / Amount (VND, negative to deduct)")
    description = forms.CharField(label="Lý do / Description", max_length=255)
