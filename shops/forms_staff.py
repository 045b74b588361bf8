"""Forms of the producer dashboard's staff page (members, their roles and powers, the
refund threshold) and of the shop's bank account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.data.banks import NAPAS_BANKS
from marketplace.money import parse_vnd

from .models import STAFF_DEFAULT_POWERS, ShopMembership, ShopPower


class StaffPowersForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=ShopMembership.Role.choices)
    powers = forms.MultipleChoiceField(
        label=_("Quyền"),
        choices=ShopPower.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class StaffAddForm(StaffPowersForm):
    email = forms.EmailField(label=_("E-mail tài khoản của nhân viên"), max_length=254)

    field_order = ["email", "role", "powers"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "initial", {"role": ShopMembership.Role.STAFF, "powers": list(STAFF_DEFAULT_POWERS)}
        )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class RefundThresholdForm(forms.Form):
    refund_threshold = forms.CharField(
        label=_("Ngưỡng hoàn tiền của nhân viên (đ)"),
        max_length=20,
        required=False,
        help_text=_("Để trống để dùng mức mặc định của sàn."),
    )

    def clean_refund_threshold(self) -> int | None:
        value = self.cleaned_data["refund_threshold"]
        return None if value in ("", None) else parse_vnd(value)


class BankDetailsForm(forms.Form):
    bank_bin = forms.ChoiceField(
        label=_("Ngân hàng nhận tiền"),
        choices=[("", _("— Chọn ngân hàng —"))]
        + [(bin_, f"{short} — {name}") for bin_, short, name in NAPAS_BANKS],
    )
    bank_account_number = forms.CharField(label=_("Số tài khoản"), max_length=30)
    bank_account_name = forms.CharField(label=_("Tên chủ tài khoản"), max_length=150)
