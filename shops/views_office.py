"""OCOP office pages for producers' applications (``/office/applications/``): the queue
oldest first, one application with its documents, approve, and reject with a reason the
applicant is e-mailed. Sign-in, then the office role (``marketplace.views_office``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace import selectors as core_selectors
from marketplace import services as core_services
from marketplace.http import AuthenticatedHttpRequest
from marketplace.views_office import office_view

from .services import onboarding

PER_PAGE = 50


class ApproveForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, max_length=1000)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do từ chối (gửi cho người nộp hồ sơ)"),
        max_length=core_services.REJECT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@office_view
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    queue = core_selectors.producer_applications_pending(actor=request.user)
    page = Paginator(queue, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "shops/office/applications.html", {"page": page})


def _detail(
    request: AuthenticatedHttpRequest,
    producer_id: int,
    *,
    approve: ApproveForm | None = None,
    reject: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    producer = core_selectors.access_producer_application(
        actor=request.user, producer_id=producer_id
    )
    context = {
        "producer": producer,
        "approve_form": approve or ApproveForm(),
        "reject_form": reject or RejectForm(),
    }
    return render(request, "shops/office/application_detail.html", context, status=status)


@office_view
def application_detail(request: AuthenticatedHttpRequest, producer_id: int) -> HttpResponse:
    return _detail(request, producer_id)


@office_view
@require_POST
def application_approve(request: AuthenticatedHttpRequest, producer_id: int) -> HttpResponse:
    producer = core_selectors.access_producer_application(
        actor=request.user, producer_id=producer_id
    )
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _detail(request, producer_id, approve=form, status=400)
    try:
        onboarding.producer_approve(
            actor=request.user, producer=producer, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            messages.error(request, " ".join(errors))
        return redirect("shops_office:application_detail", producer_id)
    messages.success(request, _("Đã duyệt hồ sơ %(name)s; gian hàng đã mở.") % {"name": producer})
    return redirect("shops_office:application_list")


@office_view
@require_POST
def application_reject(request: AuthenticatedHttpRequest, producer_id: int) -> HttpResponse:
    producer = core_selectors.access_producer_application(
        actor=request.user, producer_id=producer_id
    )
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, producer_id, reject=form, status=400)
    try:
        core_services.producer_reject(
            actor=request.user, producer=producer, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        if "reason" in exc.message_dict:
            form.add_error("reason", exc.message_dict["reason"])
            return _detail(request, producer_id, reject=form, status=400)
        for errors in exc.message_dict.values():
            messages.error(request, " ".join(errors))
        return redirect("shops_office:application_detail", producer_id)
    messages.success(
        request, _("Đã từ chối hồ sơ %(name)s; người nộp đã được báo lý do.") % {"name": producer}
    )
    return redirect("shops_office:application_list")
