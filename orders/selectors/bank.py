"""Reads of bank-feed transfers for the OCOP office. The buyer's payment page finds its
order through ``orders.selectors.orders.access_order``."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from marketplace.errors import NotFound
from marketplace.permissions import require_ocop_office

from ..models import BankTransaction, Order, Payment

#: Review states the office list filters by.
REVIEW_STATES = ("review", "reviewed", "all")


def bank_transactions_for_office(
    *,
    actor: Any,
    state: str = "review",
    match: str = "",
    q: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[BankTransaction]:
    """Transfers for the office, newest first, each with ``applied`` (đồng put on the
    order) and ``to_resolve`` (received minus applied: excess or unapplied money the
    office has to refund or place; all of it when the order expired). ``state``:
    ``review`` (flagged, not yet handled), ``reviewed`` or ``all``. Constant number of
    queries whatever the page size."""
    require_ocop_office(actor)
    applied = Payment.objects.filter(
        idempotency_key=Concat(
            Value("bank:"), OuterRef("provider"), Value(":"), OuterRef("transaction_id")
        )
    ).values("captured_amount")[:1]
    rows = (
        BankTransaction.objects.select_related("order")
        .annotate(
            applied=Coalesce(Subquery(applied, output_field=BigIntegerField()), Value(0)),
        )
        .annotate(
            to_resolve=Case(
                # an expired order kept no money: a partial payment on it is all to refund
                When(order__status=Order.Status.EXPIRED, then=F("amount")),
                default=F("amount") - F("applied"),
                output_field=BigIntegerField(),
            )
        )
    )
    if state == "review":
        rows = rows.filter(needs_review=True)
    elif state == "reviewed":
        rows = rows.filter(reviewed_at__isnull=False)
    if match:
        rows = rows.filter(match=match)
    q = (q or "").strip()
    if q:
        rows = rows.filter(
            Q(content__icontains=q)
            | Q(transaction_id__icontains=q)
            | Q(order__number__iexact=q)
            | Q(account_number__icontains=q)
        )
    if date_from:
        rows = rows.filter(created_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(created_at__date__lte=date_to)
    return rows.order_by("-created_at", "-id")


def access_bank_transaction(*, actor: Any, transaction_id: int) -> BankTransaction:
    require_ocop_office(actor)
    record = BankTransaction.objects.filter(pk=transaction_id).first()
    if record is None:
        raise NotFound("Không tìm thấy giao dịch. / Transfer not found.")
    return record
