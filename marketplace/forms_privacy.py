"""Forms of the account's privacy page: marketing consent and account deletion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MarketingConsentForm(forms.Form):
    granted = forms.BooleanField(
        label=_("Nhận tin khuyến mãi và sản phẩm mới qua email"), required=False
    )


class AccountDeleteForm(forms.Form):
    """Deleting the account asks for the password again (whoever finds a signed-in
    browser cannot delete it) and an explicit confirmation."""

    password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
    )
    confirm = forms.BooleanField(
        label=_("Tôi hiểu rằng tài khoản bị xoá vĩnh viễn và không thể khôi phục"),
        required=True,
        error_messages={"required": _("Vui lòng đánh dấu ô xác nhận.")},
    )
