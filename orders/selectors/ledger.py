"""Reads of the shop ledger: balances, entries, monthly statements, payable shops and
payout batches. Shop reads take a shop already resolved for the user
(``shops.selectors.access_shop`` / ``shops.views.shop_view``); office reads check the
role. Balances are summed in SQL (one query however many shops or entries)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.csv_safe import SafeWriter
from marketplace.errors import NotFound
from marketplace.permissions import require_ocop_office
from shops.models import Shop

from ..models import LedgerEntry, Payout, PayoutBatch

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

OPEN_BATCH_STATUSES = (PayoutBatch.Status.DRAFT, PayoutBatch.Status.EXPORTED)


@dataclass(frozen=True)
class Balance:
    """A shop's money with the platform, in whole đồng. ``pending``: entries not yet
    available (order not delivered, or inside the return window); ``available``: entries
    available at ``now`` (payouts already paid are negative entries here); ``in_payout``:
    amounts in open (draft/exported) payout batches; ``payable`` = available − in_payout."""

    pending: int
    available: int
    in_payout: int

    @property
    def payable(self) -> int:
        return self.available - self.in_payout

    @property
    def total(self) -> int:
        return self.pending + self.available


@dataclass(frozen=True)
class StatementLine:
    kind: str
    label: str
    count: int
    total: int


@dataclass(frozen=True)
class Statement:
    """One shop's ledger for a calendar month (local time, by posting date):
    ``opening_balance`` + sum of ``lines`` totals = ``closing_balance``."""

    shop: Shop
    year: int
    month: int
    start: datetime.datetime
    end: datetime.datetime
    opening_balance: int
    closing_balance: int
    lines: list[StatementLine]
    entries: list[LedgerEntry] = field(default_factory=list)

    @property
    def net(self) -> int:
        return self.closing_balance - self.opening_balance

    @property
    def period(self) -> str:
        return f"{self.month:02d}/{self.year}"


def return_window_days() -> int:
    return int(settings.ORDER_RETURN_WINDOW_DAYS)


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """Start (inclusive) and end (exclusive) of a calendar month in the current time zone.
    ``ValueError`` for an impossible month."""
    if not (1 <= month <= 12) or not (2000 <= year <= 9998):
        raise ValueError(f"invalid month {year}-{month}")
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, datetime.datetime(*following, 1, tzinfo=tz)


class ShopBalanceAnnotations(TypedDict):
    """What ``shops_with_balances`` adds to each shop (whole đồng)."""

    balance_available: int
    balance_pending: int
    balance_in_payout: int
    balance_payable: int


def _sum(queryset: QuerySet[Any], expression: Any = "amount") -> Coalesce:
    """A correlated ``SUM`` subquery (0 when there are no rows)."""
    total = queryset.order_by().values("shop").annotate(total=Sum(expression)).values("total")
    return Coalesce(Subquery(total, output_field=BigIntegerField()), Value(0))


def _balance_annotations(now: datetime.datetime) -> dict[str, Any]:
    entries = LedgerEntry.objects.filter(shop=OuterRef("pk"))
    return {
        "balance_available": _sum(entries.filter(available_at__lte=now)),
        "balance_pending": _sum(
            entries.filter(Q(available_at__isnull=True) | Q(available_at__gt=now))
        ),
        "balance_in_payout": _sum(
            Payout.objects.filter(shop=OuterRef("pk"), batch__status__in=OPEN_BATCH_STATUSES)
        ),
    }


def shops_with_balances(
    now: datetime.datetime | None = None,
) -> QuerySet[WithAnnotations[Shop, ShopBalanceAnnotations]]:
    """Every shop annotated with ``balance_available``, ``balance_pending``,
    ``balance_in_payout`` and ``balance_payable`` (one query; the annotations are
    computed in one statement, so they are consistent with each other)."""
    now = now or timezone.now()
    shops: Any = Shop.objects.select_related("producer").annotate(**_balance_annotations(now))
    return shops.annotate(balance_payable=F("balance_available") - F("balance_in_payout")).order_by(
        "name", "pk"
    )


def shop_balance(shop: Shop, now: datetime.datetime | None = None) -> Balance:
    row = (
        shops_with_balances(now)
        .filter(pk=shop.pk)
        .values("balance_pending", "balance_available", "balance_in_payout")
        .get()
    )
    return Balance(
        pending=row["balance_pending"],
        available=row["balance_available"],
        in_payout=row["balance_in_payout"],
    )


def payable_shops(
    now: datetime.datetime | None = None,
) -> QuerySet[WithAnnotations[Shop, ShopBalanceAnnotations]]:
    """Shops the platform owes money now (``balance_payable`` > 0), with the producer
    (bank details) joined."""
    return shops_with_balances(now).filter(balance_payable__gt=0)


def ledger_entries_for_shop(
    shop: Shop, month: datetime.date | None = None
) -> QuerySet[LedgerEntry]:
    """The shop's entries, newest first; only those posted in ``month`` (any date in it)
    when given."""
    entries = (
        LedgerEntry.objects.filter(shop=shop)
        .select_related("shop_order", "payout__batch", "refund")
        .order_by("-created_at", "-id")
    )
    if month is not None:
        start, end = month_bounds(month.year, month.month)
        entries = entries.filter(created_at__gte=start, created_at__lt=end)
    return entries


def statement(shop: Shop, year: int, month: int) -> Statement:
    """The monthly statement of ``shop``: opening balance (everything posted before the
    month), the month's entries grouped by kind, closing balance. ``ValueError`` for an
    impossible month."""
    start, end = month_bounds(year, month)
    entries = LedgerEntry.objects.filter(shop=shop)
    opening = entries.filter(created_at__lt=start).aggregate(total=Coalesce(Sum("amount"), 0))[
        "total"
    ]
    month_entries = list(
        entries.filter(created_at__gte=start, created_at__lt=end)
        .select_related("shop_order", "payout__batch")
        .order_by("created_at", "id")
    )
    totals: dict[str, list[int]] = {}
    for entry in month_entries:
        count_total = totals.setdefault(entry.kind, [0, 0])
        count_total[0] += 1
        count_total[1] += entry.amount
    lines = [
        StatementLine(kind=kind, label=str(label), count=totals[kind][0], total=totals[kind][1])
        for kind, label in LedgerEntry.Kind.choices
        if kind in totals
    ]
    closing = opening + sum(line.total for line in lines)
    return Statement(
        shop=shop,
        year=year,
        month=month,
        start=start,
        end=end,
        opening_balance=opening,
        closing_balance=closing,
        lines=lines,
        entries=month_entries,
    )


def statement_months(shop: Shop, *, limit: int = 12) -> list[datetime.date]:
    """The months (first day, local time) with entries, newest first, at most ``limit``
    plus the current month."""
    current = timezone.localdate().replace(day=1)
    first = (
        LedgerEntry.objects.filter(shop=shop)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    months = [current]
    if first is None:
        return months
    oldest = timezone.localtime(first).date().replace(day=1)
    cursor = current
    while cursor > oldest and len(months) < limit:
        cursor = (cursor - datetime.timedelta(days=1)).replace(day=1)
        months.append(cursor)
    return months


# --- Office ------------------------------------------------------------------------------


def shop_balance_list(
    *,
    actor: Any,
    now: datetime.datetime | None = None,
) -> QuerySet[WithAnnotations[Shop, ShopBalanceAnnotations]]:
    """Office overview: shops that have ledger entries, with their balances."""
    require_ocop_office(actor)
    return shops_with_balances(now).filter(Exists(LedgerEntry.objects.filter(shop=OuterRef("pk"))))


def payout_batch_list(*, actor: Any) -> QuerySet[PayoutBatch]:
    require_ocop_office(actor)
    return (
        PayoutBatch.objects.select_related("created_by")
        .annotate(payout_count=Count("payouts"))
        .order_by("-created_at", "-id")
    )


def access_payout_batch(*, actor: Any, batch_id: int) -> PayoutBatch:
    require_ocop_office(actor)
    batch = PayoutBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(batch_id)
    return batch


def batch_payouts(batch: PayoutBatch) -> QuerySet[Payout]:
    return batch.payouts.select_related("shop").order_by("pk")


STATEMENT_CSV_HEADER = [
    "Ngày / Date",
    "Loại / Kind",
    "Đơn hàng / Shop order",
    "Diễn giải / Description",
    "Số tiền (đ) / Amount (VND)",
    "Số dư (đ) / Balance (VND)",
]


def statement_csv(statement: Statement) -> str:
    """The statement as CSV (UTF-8 with a byte-order mark so spreadsheet programs read the
    Vietnamese): opening balance, one row per entry with the running balance, closing
    balance, then the totals by kind."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = SafeWriter(buffer, lineterminator="\r\n")  # formulas escaped (csv_safe)
    writer.writerow(STATEMENT_CSV_HEADER)
    start = timezone.localtime(statement.start).strftime("%d/%m/%Y")
    writer.writerow(
        [start, "", "", "Số dư đầu kỳ / Opening balance", "", statement.opening_balance]
    )
    running = statement.opening_balance
    for entry in statement.entries:
        running += entry.amount
        writer.writerow(
            [
                timezone.localtime(entry.created_at).strftime("%d/%m/%Y %H:%M"),
                entry.get_kind_display(),
                entry.shop_order.number if entry.shop_order else "",
                entry.description,
                entry.amount,
                running,
            ]
        )
    last_day = timezone.localtime(statement.end - datetime.timedelta(seconds=1)).strftime(
        "%d/%m/%Y"
    )
    writer.writerow(
        [last_day, "", "", "Số dư cuối kỳ / Closing balance", "", statement.closing_balance]
    )
    for line in statement.lines:
        writer.writerow(
            ["", line.label, "", f"Tổng ({line.count}) / Total ({line.count})", line.total, ""]
        )
    return buffer.getvalue()
