"""Producer dashboard: the shop's balance and ledger, monthly statements (page and CSV).
The shop comes from ``shops.views.shop_view`` (404 for a shop the user is not in) and
every read is scoped to it."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from marketplace.http import AuthenticatedHttpRequest
from shops.models import Shop
from shops.views import shop_view

from ..models import LedgerEntry
from ..selectors import ledger as ledger_selectors

ENTRIES_PER_PAGE = 50


def _statement_or_404(shop: Shop, year: int, month: int) -> ledger_selectors.Statement:
    try:
        return ledger_selectors.statement(shop, year, month)
    except ValueError as exc:
        raise Http404 from exc


@shop_view
def ledger(request: AuthenticatedHttpRequest, shop: Shop) -> HttpResponse:
    kind = request.GET.get("kind", "")
    entries = ledger_selectors.ledger_entries_for_shop(shop)
    if kind in LedgerEntry.Kind.values:
        entries = entries.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/dashboard/ledger.html",
        {
            "shop": shop,
            "balance": ledger_selectors.shop_balance(shop),
            "page": page,
            "kind": kind,
            "kinds": LedgerEntry.Kind.choices,
            "months": ledger_selectors.statement_months(shop),
            "return_window_days": ledger_selectors.return_window_days(),
        },
    )


@shop_view
def statement(request: AuthenticatedHttpRequest, shop: Shop, year: int, month: int) -> HttpResponse:
    current = _statement_or_404(shop, year, month)
    previous = (current.start - datetime.timedelta(days=1)).date()
    following = timezone.localtime(current.end).date()
    this_month = timezone.localdate().replace(day=1)
    return render(
        request,
        "orders/dashboard/statement.html",
        {
            "shop": shop,
            "statement": current,
            "previous": previous,
            "following": following if following <= this_month else None,
        },
    )


@shop_view
def statement_csv(
    request: AuthenticatedHttpRequest, shop: Shop, year: int, month: int
) -> HttpResponse:
    current = _statement_or_404(shop, year, month)
    response = HttpResponse(
        ledger_selectors.statement_csv(current), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{shop.slug}-sao-ke-{year}-{month:02d}.csv"'
    )
    return response
