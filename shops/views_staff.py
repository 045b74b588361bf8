"""Producer dashboard: the shop's people and money settings — members with their roles
and powers, the refund threshold, and the bank account payouts go to. The services
check every power; these views show what the user may do and surface a refusal as a
403 page with the reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.errors import Forbidden, NotFound
from marketplace.http import AuthenticatedHttpRequest

from . import selectors
from .forms_staff import BankDetailsForm, RefundThresholdForm, StaffAddForm, StaffPowersForm
from .models import STAFF_DEFAULT_POWERS, Shop, ShopMembership, ShopPower
from .permissions import member_powers, refund_threshold, require_shop_power
from .services import staff as staff_services
from .views import shop_view


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _forbidden(request: AuthenticatedHttpRequest, shop: Shop, exc: Forbidden) -> HttpResponse:
    return render(request, "shops/forbidden.html", {"shop": shop, "reason": str(exc)}, status=403)


def _staff_page(
    request: AuthenticatedHttpRequest,
    shop: Shop,
    *,
    status: int = 200,
    add_form: StaffAddForm | None = None,
    threshold_form: RefundThresholdForm | None = None,
    failed: dict[int, StaffPowersForm] | None = None,
) -> HttpResponse:
    powers = member_powers(actor=request.user, shop=shop)
    members = list(selectors.shop_member_list(shop=shop))
    rows: list[dict[str, Any]] = []
    for member in members:
        form = (failed or {}).get(member.pk) or StaffPowersForm(
            initial={"role": member.role, "powers": list(member.powers or [])},
            prefix=f"m{member.pk}",
        )
        rows.append({"member": member, "form": form, "is_self": member.user_id == request.user.pk})
    is_owner = any(
        m.user_id == request.user.pk and m.role == ShopMembership.Role.OWNER for m in members
    )
    return render(
        request,
        "shops/staff.html",
        {
            "shop": shop,
            "rows": rows,
            "powers": powers,
            "is_owner": is_owner,
            "all_powers": ShopPower.choices,
            "default_powers": STAFF_DEFAULT_POWERS,
            "threshold": refund_threshold(shop),
            "add_form": add_form or StaffAddForm(),
            "threshold_form": threshold_form
            or RefundThresholdForm(initial={"refund_threshold": shop.refund_threshold or ""}),
        },
        status=status,
    )


@shop_view
def staff_list(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    try:
        require_shop_power(actor=request.user, shop=shop, power=ShopPower.MANAGE_STAFF)
    except Forbidden as exc:
        return _forbidden(request, shop, exc)
    return _staff_page(request, shop)


@shop_view
@require_POST
def staff_add(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    form = StaffAddForm(request.POST)
    if form.is_valid():
        try:
            staff_services.staff_add(
                actor=request.user,
                shop=shop,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                powers=form.cleaned_data["powers"],
            )
            messages.success(request, _("Đã thêm thành viên."))
            return redirect("shops:staff", shop_slug=shop.slug)
        except Forbidden as exc:
            return _forbidden(request, shop, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return _staff_page(request, shop, status=400, add_form=form)


def _member(shop: Shop, membership_id: int) -> ShopMembership:
    try:
        return selectors.access_shop_member(shop=shop, membership_id=membership_id)
    except NotFound as exc:
        raise Http404 from exc


@shop_view
@require_POST
def staff_update(request: AuthenticatedHttpRequest, shop: Shop, membership_id: int) -> HttpResponse:
    member = _member(shop, membership_id)
    form = StaffPowersForm(request.POST, prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            staff_services.staff_update(
                actor=request.user,
                membership=member,
                role=form.cleaned_data["role"],
                powers=form.cleaned_data["powers"],
            )
            messages.success(request, _("Đã lưu quyền của %(name)s.") % {"name": _name(member)})
            return redirect("shops:staff", shop_slug=shop.slug)
        except Forbidden as exc:
            return _forbidden(request, shop, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return _staff_page(request, shop, status=400, failed={member.pk: form})


@shop_view
@require_POST
def staff_remove(request: AuthenticatedHttpRequest, shop: Shop, membership_id: int) -> HttpResponse:
    member = _member(shop, membership_id)
    try:
        staff_services.staff_remove(actor=request.user, membership=member)
    except Forbidden as exc:
        return _forbidden(request, shop, exc)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _staff_page(request, shop, status=400)
    messages.success(request, _("Đã xoá %(name)s khỏi gian hàng.") % {"name": _name(member)})
    if member.user_id == request.user.pk:
        return redirect("shops:dashboard")
    return redirect("shops:staff", shop_slug=shop.slug)


@shop_view
@require_POST
def refund_threshold_update(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    form = RefundThresholdForm(request.POST)
    if form.is_valid():
        try:
            staff_services.shop_refund_threshold_update(
                actor=request.user, shop=shop, threshold=form.cleaned_data["refund_threshold"]
            )
            messages.success(request, _("Đã lưu ngưỡng hoàn tiền."))
            return redirect("shops:staff", shop_slug=shop.slug)
        except Forbidden as exc:
            return _forbidden(request, shop, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return _staff_page(request, shop, status=400, threshold_form=form)


@shop_view
def bank_details(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    try:
        require_shop_power(actor=request.user, shop=shop, power=ShopPower.MANAGE_BANK_DETAILS)
    except Forbidden as exc:
        return _forbidden(request, shop, exc)
    producer = shop.producer
    form = BankDetailsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "bank_bin": producer.bank_bin,
            "bank_name": producer.bank_name,
            "bank_account_number": producer.bank_account_number,
            "bank_account_name": producer.bank_account_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.shop_bank_details_update(
                actor=request.user, shop=shop, data=form.cleaned_data
            )
            messages.success(request, _("Đã lưu tài khoản ngân hàng nhận tiền."))
            return redirect("shops:bank_details", shop_slug=shop.slug)
        except Forbidden as exc:
            return _forbidden(request, shop, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(
        request,
        "shops/bank_details.html",
        {"shop": shop, "form": form},
        status=400 if form.errors else 200,
    )


def _name(member: ShopMembership) -> str:
    user = member.user
    return str(user.full_name or user.email or user.get_username())
