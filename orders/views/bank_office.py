"""OCOP office page of bank-feed transfers: the ones that need a person (short, excess,
late, already paid, unknown code) with filters, and marking one handled with a note.
Login required, then office only (403 for anyone else)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from marketplace.http import AuthenticatedHttpRequest
from marketplace.views_office import office_view

from ..models import BankTransaction
from ..selectors import bank as bank_selectors
from ..services import bank

PER_PAGE = 50


class BankTransactionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="Trạng thái / State",
        required=False,
        choices=[
            ("review", "Cần xử lý / Needs review"),
            ("reviewed", "Đã xử lý / Reviewed"),
            ("all", "Tất cả / All"),
        ],
    )
    match = forms.ChoiceField(
        label="Kết quả khớp / Match",
        required=False,
        choices=[("", "Tất cả / All"), *BankTransaction.Match.choices],
    )
    q = forms.CharField(label="Tìm / Search", required=False, max_length=100)
    date_from = forms.DateField(
        label="Từ ngày / From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Đến ngày / To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class BankTransactionReviewForm(forms.Form):
    note = forms.CharField(label="Ghi chú xử lý / How it was handled", max_length=500)


@office_view
def bank_transactions(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BankTransactionFilterForm(request.GET or None)
    filters: dict[str, Any] = {"state": "review"}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        filters.setdefault("state", "review")
    rows = bank_selectors.bank_transactions_for_office(actor=request.user, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orders/office/bank_transactions.html",
        {
            "form": form,
            "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            "state": filters["state"],
            "query": query.urlencode(),
            "review_form": BankTransactionReviewForm(),
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@office_view
@require_POST
def bank_transaction_review(request: AuthenticatedHttpRequest, transaction_id: int) -> HttpResponse:
    record = bank_selectors.access_bank_transaction(
        actor=request.user, transaction_id=transaction_id
    )
    form = BankTransactionReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        bank.bank_transaction_review(
            actor=request.user, transaction=record, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            messages.error(
                request, f"{record.provider} #{record.transaction_id}: " + " ".join(errors)
            )
    else:
        messages.success(
            request,
            f"Đã đánh dấu xử lý giao dịch #{record.transaction_id}. / "
            f"Transfer #{record.transaction_id} marked reviewed.",
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("orders_office:bank_transactions")
