"""Web forms of a person's account: sign-up, sign-in by e-mail or username (rate-limited
like the API's ``tokenCreate``: ``marketplace.ratelimit``), and setting a new password
from a reset link (which also signs out every API token)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import ratelimit
from .models import User
from .services_accounts import user_by_email
from .services_signup import PRIVACY_CONSENT_REQUIRED
from .services_tokens import user_tokens_revoke


class SignUpForm(forms.Form):
    """Parses the sign-up page; the rules (valid e-mail, Django's password validators,
    phone format) are checked by ``services_signup.customer_sign_up``."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Vui lòng nhập họ tên.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Vui lòng nhập email."), "invalid": _("Email không hợp lệ.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại (không bắt buộc)"),
        max_length=32,
        required=False,
        help_text=_("Để người bán gọi khi giao hàng, ví dụ 0912 345 678."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=_("Ít nhất 8 ký tự, không quá phổ biến, không chỉ gồm chữ số."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Vui lòng nhập lại mật khẩu.")},
    )

    # Decree 13/2023/NĐ-CP: consent is a clear act — an unticked box the person ticks
    # (the label links the notice); marketing is a separate, optional box
    privacy_consent = forms.BooleanField(
        label=_("Tôi đã đọc và đồng ý với Thông báo bảo vệ dữ liệu cá nhân"),
        required=True,
        error_messages={"required": PRIVACY_CONSENT_REQUIRED},
    )
    marketing_consent = forms.BooleanField(
        label=_("Gửi cho tôi tin khuyến mãi và sản phẩm mới qua email (không bắt buộc)"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error(
                "password2",
                forms.ValidationError(_("Hai mật khẩu không khớp."), code="password_mismatch"),
            )
        return data


LOGIN_ATTEMPT_DELAYED = "login_attempt_delayed"


def login_delayed_message(minutes: int) -> str:
    return ngettext(
        "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %(minutes)d phút.",
        "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %(minutes)d phút.",
        minutes,
    ) % {"minutes": minutes}


class EmailOrUsernameAuthenticationForm(AuthenticationForm):
    """Django's sign-in form; an e-mail (any letter case) stands for its account's
    username, so customers sign in with the e-mail they registered.

    Failed sign-ins count in the same limiter as ``tokenCreate`` (per account e-mail and
    client address, and per address): once it holds, the form says how long to wait
    (``delay_minutes``, code ``login_attempt_delayed``) without checking the password."""

    delay_minutes = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email hoặc tên đăng nhập")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = _("Mật khẩu")

    def clean_username(self) -> str:
        value = (self.cleaned_data.get("username") or "").strip()
        if "@" in value and not User.objects.filter(username=value).exists():
            user = user_by_email(value)
            if user is not None:
                return user.username
        return value

    def _rate_limit_identifier(self, username: str) -> str:
        # the account's e-mail, as tokenCreate counts it, whether its e-mail or its
        # username was typed; otherwise what was typed
        email = User.objects.filter(username=username).values_list("email", flat=True).first()
        return email or username

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if self.request is None or username is None or not password:
            return super().clean()
        identifier = self._rate_limit_identifier(username)
        ip = ratelimit.client_ip(self.request.META)
        self.delay_minutes = ratelimit.login_delay_minutes(identifier=identifier, ip=ip)
        if self.delay_minutes:
            raise forms.ValidationError(
                login_delayed_message(self.delay_minutes), code=LOGIN_ATTEMPT_DELAYED
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError as exc:
            if exc.code == "invalid_login":
                ratelimit.login_failure_record(identifier=identifier, ip=ip)
            raise
        ratelimit.login_attempts_clear(identifier=identifier, ip=ip)
        return cleaned


class ResetSetPasswordForm(SetPasswordForm):
    """The new password from a reset link; every API token issued before stops working."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        if commit:
            user_tokens_revoke(user=user)
        return user
