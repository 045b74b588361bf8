"""OCOP office pages: shop balances, ledger adjustments and payout batches (create,
export the bank transfer file, mark paid, cancel). Login required, then office only
(403 for anyone else)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from marketplace.http import AuthenticatedHttpRequest
from marketplace.money import format_vnd
from marketplace.views_office import office_view

from ..forms_ledger import LedgerAdjustForm, PayoutBatchCreateForm
from ..models import PayoutBatch
from ..selectors import ledger as ledger_selectors
from ..services import ledger as ledger_services

PER_PAGE = 50


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _error_messages(request: AuthenticatedHttpRequest, exc: ValidationError) -> None:
    for errors in exc.message_dict.values():
        messages.error(request, " ".join(errors))


def _payout_list_page(
    request: AuthenticatedHttpRequest, form: PayoutBatchCreateForm, status: int = 200
) -> HttpResponse:
    batches = ledger_selectors.payout_batch_list(actor=request.user)
    payable = ledger_selectors.payable_shops().aggregate(
        count=Count("pk"), total=Sum("balance_payable")
    )
    return render(
        request,
        "orders/office/payout_list.html",
        {
            "page": Paginator(batches, PER_PAGE).get_page(request.GET.get("page")),
            "form": form,
            "payable_count": payable["count"],
            "payable_total": payable["total"] or 0,
        },
        status=status,
    )


@office_view
def payout_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _payout_list_page(request, PayoutBatchCreateForm())


@office_view
@require_POST
def payout_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PayoutBatchCreateForm(request.POST)
    if form.is_valid():
        try:
            batch = ledger_services.payout_batch_create(
                actor=request.user, min_amount=form.cleaned_data["min_amount"]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                f"Đã tạo đợt chi {batch.reference}: {format_vnd(batch.total)}. / "
                f"Batch {batch.reference} created.",
            )
            return redirect("orders_office:payout_detail", batch_id=batch.pk)
    return _payout_list_page(request, form, status=400)


@office_view
def payout_detail(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = ledger_selectors.access_payout_batch(actor=request.user, batch_id=batch_id)
    return render(
        request,
        "orders/office/payout_detail.html",
        {
            "batch": batch,
            "payouts": ledger_selectors.batch_payouts(batch),
            "can_export": batch.status != PayoutBatch.Status.CANCELLED,
            "can_mark_paid": batch.status == PayoutBatch.Status.EXPORTED,
            "can_cancel": batch.status in ledger_selectors.OPEN_BATCH_STATUSES,
        },
    )


@office_view
@require_POST
def payout_csv(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = ledger_selectors.access_payout_batch(actor=request.user, batch_id=batch_id)
    try:
        content = ledger_services.payout_batch_export_csv(actor=request.user, batch=batch)
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect("orders_office:payout_detail", batch_id=batch.pk)
    response = HttpResponse(content, content_type="text/csv; charset=us-ascii")
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.csv"'
    return response


@office_view
@require_POST
def payout_mark_paid(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = ledger_selectors.access_payout_batch(actor=request.user, batch_id=batch_id)
    try:
        ledger_services.payout_batch_mark_paid(actor=request.user, batch=batch)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request,
            f"Đã ghi nhận chi trả đợt {batch.reference}. / Batch {batch.reference} marked paid.",
        )
    return redirect("orders_office:payout_detail", batch_id=batch.pk)


@office_view
@require_POST
def payout_cancel(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = ledger_selectors.access_payout_batch(actor=request.user, batch_id=batch_id)
    try:
        ledger_services.payout_batch_cancel(actor=request.user, batch=batch)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request, f"Đã huỷ đợt chi {batch.reference}. / Batch {batch.reference} cancelled."
        )
    return redirect("orders_office:payout_detail", batch_id=batch.pk)


def _balances_page(
    request: AuthenticatedHttpRequest, form: LedgerAdjustForm, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    shops = ledger_selectors.shop_balance_list(actor=request.user, now=now)
    totals = shops.aggregate(
        pending=Sum("balance_pending"),
        available=Sum("balance_available"),
        in_payout=Sum("balance_in_payout"),
        payable=Sum("balance_payable"),
    )
    page = Paginator(shops, PER_PAGE).get_page(request.GET.get("page"))
    for shop in page:
        shop.bank_missing = ledger_services.bank_details_missing(shop.producer)  # type: ignore[attr-defined]
    return render(
        request,
        "orders/office/balances.html",
        {
            "page": page,
            "form": form,
            "totals": totals,
        },
        status=status,
    )


@office_view
def balances(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _balances_page(request, LedgerAdjustForm())


@office_view
@require_POST
def ledger_adjust(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LedgerAdjustForm(request.POST)
    if form.is_valid():
        try:
            entry = ledger_services.ledger_adjust(
                actor=request.user,
                shop=form.cleaned_data["shop"],
                amount=form.cleaned_data["amount"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                f"Đã ghi điều chỉnh {format_vnd(entry.amount)} cho {entry.shop}. / "
                "Adjustment posted.",
            )
            return redirect("orders_office:balances")
    return _balances_page(request, form, status=400)
