"""The two-factor pages: the second step of a sign-in, setting up an authenticator (QR
code rendered here as an inline SVG image — no external service, no script), the recovery
codes (shown once), and turning it off where it is not required.

The web session carries two marks: ``PENDING_KEY`` between the password and the code (the
person is not signed in yet), and ``VERIFIED_KEY`` once a code was accepted in this
session. ``marketplace.two_factor_middleware`` sends people who must use a second factor
and whose session is not verified here before the office, the admin and the money pages.
The rules live in ``marketplace.services_two_factor``."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import services_two_factor as two_factor
from .forms_two_factor import OtpCodeForm
from .http import AuthenticatedHttpRequest
from .models import User

PENDING_KEY = "two_factor_pending"
VERIFIED_KEY = "two_factor_verified"
#: How long the second step may wait after the password (seconds).
PENDING_SECONDS = 5 * 60


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _requested_next(request: HttpRequest) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


def session_verified(request: HttpRequest) -> bool:
    """Whether a second factor was accepted in this session, for its signed-in user."""
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and request.session.get(VERIFIED_KEY) == str(user.pk)
    )


def _mark_verified(request: HttpRequest, user: User) -> None:
    request.session[VERIFIED_KEY] = str(user.pk)


def second_step_start(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """After the right password of a person with an authenticator: remembers them (not
    signed in yet) and asks for a code."""
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "next": _safe_next(request, next_url),
        "started": timezone.now().timestamp(),
    }
    return redirect("two_factor_verify")


def second_factor_redirect(
    request: HttpRequest, user: User, next_url: str | None = None
) -> HttpResponse:
    """Where a signed-in person without a verified session goes before a guarded page (or
    ``next_url``): the code page, or setting up an authenticator if they have none."""
    target = "two_factor_verify" if two_factor.has_two_factor(user) else "two_factor_setup"
    next_url = next_url or request.get_full_path()
    return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING_KEY) or {}
    started = float(pending.get("started") or 0)
    if not pending or timezone.now().timestamp() - started > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, {}
    user = User.objects.filter(pk=int(pending.get("user_id") or 0), is_active=True).first()
    return user, pending


def _code_errors(form: OtpCodeForm, exc: ValidationError) -> int:
    """Puts the service's message on the form; the HTTP status to answer."""
    status = 400
    for error in exc.error_dict.get("code", []):
        if error.code == "otp_attempt_delayed":
            status = 429
        form.add_error("code", error)
    return status


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator (or a recovery code). Either after
    the password on the sign-in page, or for a signed-in person whose session is not
    verified yet (e.g. after the admin's own sign-in page)."""
    user, pending = _pending_user(request)
    if user is None and request.user.is_authenticated and two_factor.has_two_factor(request.user):
        user, pending = request.user, {"next": _requested_next(request)}
    if user is None:
        return redirect("login")
    form = OtpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            status = _code_errors(form, exc)
        else:
            if not request.user.is_authenticated or request.user.pk != user.pk:
                login(request, user, backend=pending.get("backend"))
            request.session.pop(PENDING_KEY, None)
            _mark_verified(request, user)
            return redirect(pending.get("next") or reverse("after_login"))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": pending.get("next", "")},
        status=status,
    )


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@sensitive_post_parameters("code")
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code (or type the key), confirm one code; the
    answer shows the ten recovery codes, once."""
    user = request.user
    next_url = _requested_next(request)
    if two_factor.has_two_factor(user):
        return redirect(next_url or reverse("two_factor_manage"))
    form = OtpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.enrolment_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            status = _code_errors(form, exc)
        else:
            _mark_verified(request, user)
            return render(
                request,
                "registration/two_factor_recovery_codes.html",
                {"codes": codes, "next": next_url or reverse("after_login")},
            )
    elif request.method == "POST":
        status = 400
    device = two_factor.pending_authenticator(user) or two_factor.enrolment_start(user=user)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr": _qr_data_uri(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode(),
            "required": two_factor.two_factor_required(user),
        },
        status=status,
    )


@sensitive_post_parameters("code")
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Two-factor status; new recovery codes or turning it off, each after a current code."""
    user = request.user
    enabled = two_factor.has_two_factor(user)
    required = two_factor.two_factor_required(user)
    form = OtpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and enabled and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "disable":
                two_factor.two_factor_disable(user=user, code=form.cleaned_data["code"])
                request.session.pop(VERIFIED_KEY, None)
                return redirect("two_factor_manage")
            codes = two_factor.recovery_codes_regenerate(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            status = _code_errors(form, exc)
        else:
            return render(
                request,
                "registration/two_factor_recovery_codes.html",
                {"codes": codes, "next": reverse("two_factor_manage")},
            )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "registration/two_factor_manage.html",
        {
            "form": form,
            "enabled": enabled,
            "required": required,
            "codes_left": two_factor.recovery_codes_left(user) if enabled else 0,
        },
        status=status,
    )
