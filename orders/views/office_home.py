"""The OCOP office's home (``/office/``): what needs doing today — applications waiting
(oldest first), certificates expiring, payouts due, bank transfers to review, unpaid orders holding stock — each with a
link to its queue. Sign-in, then the office role."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from marketplace import selectors as core_selectors
from marketplace.http import AuthenticatedHttpRequest
from marketplace.views_office import office_view

from ..models import PayoutBatch
from ..selectors import bank as bank_selectors
from ..selectors import holds as holds_selectors
from ..selectors import ledger as ledger_selectors

#: rows shown per queue on the home page (the queue's own page has them all)
PREVIEW = 5


@office_view
def office_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    actor = request.user
    now = timezone.now()
    applications = core_selectors.producer_applications_pending(actor=actor)
    expiring = core_selectors.certificates_expiring(actor=actor, today=timezone.localdate(now))
    payable = ledger_selectors.payable_shops(now).aggregate(
        count=Count("pk"), total=Sum("balance_payable")
    )
    open_batches = ledger_selectors.payout_batch_list(actor=actor).filter(
        status__in=[PayoutBatch.Status.DRAFT, PayoutBatch.Status.EXPORTED]
    )
    transfers = bank_selectors.bank_transactions_for_office(actor=actor, state="review")
    holds = holds_selectors.unpaid_holds(now).aggregate(
        orders=Count("reference", distinct=True), units=Sum("quantity")
    )
    context = {
        "applications": list(applications[:PREVIEW]),
        "applications_count": applications.count(),
        "expiring": list(expiring[:PREVIEW]),
        "expiring_count": expiring.count(),
        "within_days": core_selectors.CERTIFICATES_EXPIRING_DAYS,
        "payable_count": payable["count"],
        "payable_total": payable["total"] or 0,
        "open_batches": open_batches.count(),
        "transfers_count": transfers.count(),
        "holding_orders": holds["orders"],
        "held_units": holds["units"] or 0,
    }
    return render(request, "orders/office/home.html", context)
