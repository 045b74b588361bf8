"""A person's account pages: sign up, sign in (Django's LoginView with sign-in by e-mail)
and password reset (Django's PasswordResetView family with Vietnamese templates and
e-mail). Writes go through ``services_signup``; signing in merges the anonymous cart
(``orders.signals.checkout_merge_at_login``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import ratelimit, views_two_factor
from . import services_two_factor as two_factor
from .forms_account import EmailOrUsernameAuthenticationForm, ResetSetPasswordForm, SignUpForm
from .services_accounts import signup_confirm_user
from .services_signup import customer_sign_up

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _home() -> str:
    try:
        return reverse("storefront:home")
    except Exception:  # noqa: BLE001 - the storefront is optional in this module
        return "/"


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Creates a customer account; the answer never says whether the e-mail already had
    one: either way the page says to check the mailbox, where a new account finds its
    sign-in link (``signup_confirm``) and an existing one a notice. The anonymous cart
    stays in the session and is kept at that sign-in."""
    if request.user.is_authenticated:
        return redirect(_next_url(request) or _home())
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            customer_sign_up(
                email=data["email"],
                full_name=data["full_name"],
                phone=data["phone"],
                password=data["password1"],
                language_code=(get_language() or "vi"),
                site_url=request.build_absolute_uri(reverse("password_reset")),
                privacy_consent=data["privacy_consent"],
                marketing_consent=data["marketing_consent"],
                ip=ratelimit.client_ip(request.META),
                user_agent=request.headers.get("user-agent", ""),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                field = "password1" if field == "password" else field
                form.add_error(field if field in form.fields else None, errors)
        else:
            request.session[SIGNUP_NEXT_KEY] = _next_url(request)
            return render(request, "registration/signup_check_email.html", {"email": data["email"]})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


def _too_many_requests(response: HttpResponse, minutes: int) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(minutes * 60)
    return response


class SignInView(auth_views.LoginView):
    """Sign-in; too many failures (``marketplace.ratelimit``, shared with ``tokenCreate``)
    answer 429 with the form saying how long to wait. A person with an authenticator is
    asked for a code before being signed in; the office and platform admins without one are
    signed in and sent to set it up (``marketplace.views_two_factor``)."""

    authentication_form = EmailOrUsernameAuthenticationForm

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if two_factor.has_two_factor(user):
            return views_two_factor.second_step_start(self.request, user, self.get_success_url())
        response = super().form_valid(form)
        # payout owners are asked on the money pages only (marketplace.two_factor_middleware)
        if two_factor.two_factor_required(user, payouts=False):
            return views_two_factor.second_factor_redirect(
                self.request, user, self.get_success_url()
            )
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = _next_url(self.request)
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "delay_minutes", 0):
            return _too_many_requests(response, form.delay_minutes)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Reset e-mails: ``ratelimit.PASSWORD_RESET_REQUESTS_PER_IP`` requests per client
    address per window, then 429 (the page must not be a way to flood mailboxes)."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        ip = ratelimit.client_ip(self.request.META)
        minutes = ratelimit.password_reset_delay_minutes(ip=ip)
        if minutes:
            form.add_error(
                None,
                ValidationError(
                    ngettext(
                        "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần; vui lòng thử lại sau %(minutes)d phút.",
                        "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần; vui lòng thử lại sau %(minutes)d phút.",
                        minutes,
                    )
                    % {"minutes": minutes},
                    code="password_reset_delayed",
                ),
            )
            return _too_many_requests(self.form_invalid(form), minutes)
        ratelimit.password_reset_request_record(ip=ip)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


SIGNUP_NEXT_KEY = "signup_next"


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link of the sign-up e-mail. GET shows a button (mail scanners that open links
    must not spend the one-time token); POST signs the account in, keeping the session's
    cart, and goes where the visitor was going."""
    user = signup_confirm_user(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "registration/signup_confirm.html", {"valid": False}, status=400)
    if request.method == "POST":
        login(request, user, backend=MODEL_BACKEND)
        messages.success(
            request,
            _("Chào mừng %(name)s! Tài khoản của bạn đã được tạo.") % {"name": user.full_name},
        )
        return redirect(request.session.pop(SIGNUP_NEXT_KEY, "") or _home())
    return render(request, "registration/signup_confirm.html", {"valid": True, "account": user})
