"""Personal data pages (Decree 13/2023/NĐ-CP): the public privacy notice, and the
account's privacy page where the signed-in person sees their consents, gives or
withdraws marketing consent, downloads their data (JSON) and deletes their account.
Writes go through ``services_privacy``."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from . import ratelimit
from .forms_privacy import AccountDeleteForm, MarketingConsentForm
from .http import AuthenticatedHttpRequest
from .models import ConsentRecord
from .selectors_privacy import (
    account_deletion_problems,
    consent_current,
    consents_of,
    privacy_notice_context,
)
from .services_privacy import (
    account_delete_with_password,
    marketing_consent_set,
    personal_data_download,
)


def _client(request: HttpRequest) -> dict[str, str]:
    return {
        "ip": ratelimit.client_ip(request.META),
        "user_agent": request.headers.get("user-agent", ""),
    }


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/notice.html", privacy_notice_context())


def _render_account_privacy(
    request: AuthenticatedHttpRequest,
    *,
    delete_form: AccountDeleteForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    marketing = consent_current(user=user, purpose=ConsentRecord.Purpose.MARKETING)
    return render(
        request,
        "privacy/account.html",
        {
            **privacy_notice_context(),
            "account_tab": "privacy",
            "consents": consents_of(user=user),
            "marketing": marketing,
            "marketing_form": MarketingConsentForm(initial={"granted": marketing}),
            "delete_form": delete_form or AccountDeleteForm(),
            "delete_problems": account_deletion_problems(user=user),
            "errors": errors or [],
        },
        status=status,
    )


@login_required
@never_cache
@require_GET
def account_privacy(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_account_privacy(request)


@login_required
@require_POST
def marketing_consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MarketingConsentForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    granted = bool(form.cleaned_data.get("granted"))
    marketing_consent_set(actor=request.user, granted=granted, **_client(request))
    messages.success(
        request,
        _("Bạn đã đồng ý nhận tin khuyến mãi.")
        if granted
        else _("Bạn đã rút lại sự đồng ý nhận tin khuyến mãi."),
    )
    return redirect("account_privacy")


@login_required
@never_cache
@require_POST
def data_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's data as a JSON attachment (rate-limited: 429 beyond)."""
    try:
        data = personal_data_download(actor=request.user)
    except ValidationError as exc:
        return _render_account_privacy(request, errors=exc.messages, status=429)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="ocop-my-data-{stamp}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@sensitive_post_parameters("password")
@login_required
@never_cache
@require_POST
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Deletes the account after the password is entered again; signs out."""
    form = AccountDeleteForm(request.POST)
    if not form.is_valid():
        return _render_account_privacy(request, delete_form=form, status=400)
    try:
        account_delete_with_password(actor=request.user, password=form.cleaned_data["password"])
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return _render_account_privacy(request, delete_form=form, status=400)
        return _render_account_privacy(request, delete_form=form, errors=exc.messages, status=400)
    logout(request)
    messages.success(
        request,
        _(
            "Tài khoản của bạn đã được xoá. Các đơn hàng được giữ lại theo quy định kế toán, "
            "không kèm thông tin cá nhân sau thời hạn lưu trữ."
        ),
    )
    return redirect("storefront:home")
