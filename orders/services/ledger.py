"""Commission rates and the shop ledger (what the platform owes each shop, in signed
whole đồng), payable balances, payout batches and monthly statements.

Called by checkout/payments/fulfilment inside their transactions: ``commission_rates``,
``commission_amount``, ``ledger_post_paid``, ``ledger_post_refund``,
``ledger_on_delivered``. OCOP office actions: ``ledger_adjust``, ``commission_rule_set``,
``payout_batch_create`` / ``_export_csv`` / ``_mark_paid`` / ``_cancel``. Reads
(balances, statements, payable shops) are in ``orders.selectors.ledger``."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace import services_audit as audit
from marketplace.csv_safe import SafeWriter
from marketplace.models import AuditAction, Producer, ProductGroup, User
from marketplace.permissions import require_ocop_office
from shops.models import Shop

from ..models import (
    CommissionRule,
    LedgerEntry,
    PaymentMethod,
    Payout,
    PayoutBatch,
    Refund,
    ShopOrder,
)
from ..selectors.ledger import payable_shops


def commission_rates(shop_ids: Iterable[int]) -> Callable[[int, int | None], int]:
    """Loads the commission rules that can apply to ``shop_ids`` in one query and returns
    ``rate_bp(shop_id, product_group_id)``: shop + group, shop, group, then the platform
    default ``settings.OCOP_COMMISSION_BP`` (basis points)."""
    ids = list(shop_ids)
    rules = {
        (rule.shop_id, rule.product_group_id): rule.rate_bp
        for rule in CommissionRule.objects.filter(Q(shop_id__in=ids) | Q(shop__isnull=True))
    }
    default = int(settings.OCOP_COMMISSION_BP)

    def rate_bp(shop_id: int, product_group_id: int | None) -> int:
        for key in ((shop_id, product_group_id), (shop_id, None), (None, product_group_id)):
            if key in rules and (key[1] is not None or key[0] is not None):
                return rules[key]
        return default

    return rate_bp


def commission_amount(total: int, rate_bp: int) -> int:
    """Commission on ``total`` đồng, rounded half up to whole đồng."""
    return (total * rate_bp + 5000) // 10000


# --- Posting (called by checkout, payments and fulfilment inside their transactions) ------


def _return_window() -> datetime.timedelta:
    return datetime.timedelta(days=int(settings.ORDER_RETURN_WINDOW_DAYS))


def _lock_shop_order(shop_order: ShopOrder) -> None:
    """Serializes posting for one shop order (the caller usually holds this lock already)."""
    list(
        ShopOrder.objects.select_for_update().filter(pk=shop_order.pk).values_list("pk", flat=True)
    )


def _lock_shops(shop_ids: Iterable[int]) -> None:
    """``FOR NO KEY UPDATE`` on shop rows in pk order: serializes the decisions that pay a
    shop's balance out (batch creation, adjustments) without blocking inserts of rows that
    reference the shop (orders, stock, ledger entries take ``FOR KEY SHARE``)."""
    list(
        Shop.objects.select_for_update(no_key=True)
        .filter(pk__in=list(shop_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _shop_order_available_at(shop_order: ShopOrder) -> datetime.datetime | None:
    if shop_order.delivered_at is None:
        return None
    return shop_order.delivered_at + _return_window()


def shop_holds_cod_cash(shop_order: ShopOrder) -> bool:
    """Cash on delivery of a shop whose carrier remits the cash to the shop (the default,
    ``Shop.CodRemittance.SHOP``): the platform never had that money, so it owes the shop
    nothing for the sale and the shop owes it the commission."""
    return (
        shop_order.order.payment_method == PaymentMethod.COD
        and shop_order.shop.cod_remittance == Shop.CodRemittance.SHOP
    )


@transaction.atomic
def ledger_post_paid(shop_order: ShopOrder) -> None:
    """Posts the money of a shop order that became paid: SALE (+ sum of its lines),
    SHIPPING (+ fee, when charged) and COMMISSION (− ``shop_order.commission``), whole
    đồng; for cash on delivery the shop collected itself (``shop_holds_cod_cash``) also
    COD_CASH (− ``shop_order.total``, the cash in the shop's hands), so the order nets to
    the commission the shop owes. They become available ``ORDER_RETURN_WINDOW_DAYS`` after
    delivery (now, if the order is already delivered; else at ``ledger_on_delivered``).
    Uses the amounts and ``delivered_at`` of the instance passed. Idempotent: posts nothing
    if the shop order already has its SALE entry (also enforced by a unique constraint)."""
    _lock_shop_order(shop_order)
    if LedgerEntry.objects.filter(
        shop_order=shop_order, kind=LedgerEntry.Kind.SALE, refund__isnull=True
    ).exists():
        return
    subtotal = shop_order.lines.aggregate(total=Coalesce(Sum("total"), 0))["total"]
    available_at = _shop_order_available_at(shop_order)
    number = shop_order.number
    common = {"shop_id": shop_order.shop_id, "shop_order": shop_order, "available_at": available_at}
    entries = [
        LedgerEntry(
            kind=LedgerEntry.Kind.SALE,
            amount=subtotal,
            description=f"Doanh thu đơn {number} / Sale {number}",
            **common,
        )
    ]
    if shop_order.shipping_fee > 0:
        entries.append(
            LedgerEntry(
                kind=LedgerEntry.Kind.SHIPPING,
                amount=shop_order.shipping_fee,
                description=f"Phí vận chuyển đơn {number} / Shipping {number}",
                **common,
            )
        )
    if shop_order.commission > 0:
        entries.append(
            LedgerEntry(
                kind=LedgerEntry.Kind.COMMISSION,
                amount=-shop_order.commission,
                description=f"Hoa hồng sàn đơn {number} / Commission {number}",
                **common,
            )
        )
    if shop_holds_cod_cash(shop_order) and shop_order.total > 0:
        entries.append(
            LedgerEntry(
                kind=LedgerEntry.Kind.COD_CASH,
                amount=-shop_order.total,
                description=f"Tiền thu hộ gian hàng đã giữ, đơn {number}",
                **common,
            )
        )
    LedgerEntry.objects.bulk_create(entries)


@transaction.atomic
def ledger_post_refund(refund: Refund, *, now: datetime.datetime | None = None) -> None:
    """Posts a succeeded refund of a shop order: REFUND (− amount) and COMMISSION (+ the
    commission on the refunded share, ``floor(commission × amount / total)``, capped so the
    give-backs never exceed the commission charged). When the shop held the order's cash on
    delivery (``shop_holds_cod_cash``) it pays the buyer back from that cash, so COD_CASH
    (+ amount) nets the refund out of what the platform owes. Nothing if the shop order's
    sale was never posted (an unpaid order). Available when the shop order's entries are:
    not before delivery, then at ``max(now, delivered_at + window)``. Idempotent per
    refund."""
    if refund.shop_order_id is None:
        return
    if refund.status != Refund.Status.SUCCEEDED:
        raise ValidationError(
            {
                "refund": ValidationError(
                    "Chỉ ghi sổ khoản hoàn tiền đã thành công. / Only a succeeded refund is posted.",
                    code="refund_not_succeeded",
                )
            }
        )
    shop_order = refund.shop_order
    assert shop_order is not None
    _lock_shop_order(shop_order)
    entries = LedgerEntry.objects.filter(shop_order=shop_order)
    if not entries.filter(kind=LedgerEntry.Kind.SALE, refund__isnull=True).exists():
        return
    if entries.filter(refund=refund).exists():
        return
    now = now or timezone.now()
    available_at = _shop_order_available_at(shop_order)
    if available_at is not None:
        available_at = max(now, available_at)
    commission = entries.filter(kind=LedgerEntry.Kind.COMMISSION).aggregate(
        charged=Coalesce(Sum("amount", filter=Q(refund__isnull=True)), 0),
        given_back=Coalesce(Sum("amount", filter=Q(refund__isnull=False)), 0),
    )
    charged = -commission["charged"]
    give_back = 0
    if shop_order.total > 0:
        give_back = shop_order.commission * refund.amount // shop_order.total
    give_back = max(0, min(give_back, charged - commission["given_back"]))
    number = shop_order.number
    common = {
        "shop_id": shop_order.shop_id,
        "shop_order": shop_order,
        "refund": refund,
        "available_at": available_at,
    }
    posted = [
        LedgerEntry(
            kind=LedgerEntry.Kind.REFUND,
            amount=-refund.amount,
            description=f"Hoàn tiền đơn {number} / Refund {number}",
            **common,
        )
    ]
    if give_back > 0:
        posted.append(
            LedgerEntry(
                kind=LedgerEntry.Kind.COMMISSION,
                amount=give_back,
                description=f"Hoàn hoa hồng đơn {number} / Commission returned {number}",
                **common,
            )
        )
    if shop_holds_cod_cash(shop_order):
        posted.append(
            LedgerEntry(
                kind=LedgerEntry.Kind.COD_CASH,
                amount=refund.amount,
                description=f"Gian hàng hoàn tiền thu hộ cho người mua, đơn {number}",
                **common,
            )
        )
    LedgerEntry.objects.bulk_create(posted)


@transaction.atomic
def ledger_on_delivered(shop_order: ShopOrder) -> None:
    """The shop order was delivered: its entries without a date become available at
    ``delivered_at + ORDER_RETURN_WINDOW_DAYS`` (``delivered_at`` of the instance passed;
    now if unset)."""
    delivered_at = shop_order.delivered_at or timezone.now()
    LedgerEntry.objects.filter(shop_order=shop_order, available_at__isnull=True).update(
        available_at=delivered_at + _return_window()
    )


@transaction.atomic
def ledger_adjust(*, actor: User, shop: Shop, amount: int, description: str) -> LedgerEntry:
    """An office correction (positive: the platform owes the shop more), available now."""
    require_ocop_office(actor)
    errors = {}
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        errors["amount"] = ValidationError(
            "Số tiền điều chỉnh phải là số nguyên khác 0 (đồng). / Amount must be a non-zero whole number of đồng.",
            code="invalid_amount",
        )
    description = (description or "").strip()
    if not description:
        errors["description"] = ValidationError(
            "Cần ghi lý do điều chỉnh. / A description is required.", code="required"
        )
    elif len(description) > 255:
        errors["description"] = ValidationError(
            "Lý do tối đa 255 ký tự. / At most 255 characters.", code="max_length"
        )
    if errors:
        raise ValidationError(errors)
    _lock_shops([shop.pk])
    entry = LedgerEntry.objects.create(
        shop=shop,
        kind=LedgerEntry.Kind.ADJUSTMENT,
        amount=amount,
        description=description,
        available_at=timezone.now(),
        actor=actor,
    )
    audit.record(
        AuditAction.LEDGER_ADJUST,
        actor=actor,
        target=entry,
        shop=shop,
        target_label=description,
        after={"amount": amount, "description": description},
    )
    return entry


@transaction.atomic
def commission_rule_set(
    *,
    actor: User,
    shop: Shop | None = None,
    product_group: ProductGroup | None = None,
    rate_bp: int,
) -> CommissionRule:
    """Creates or updates the rule for (shop, product group); at least one of them (the
    platform default is ``settings.OCOP_COMMISSION_BP``). ``rate_bp`` 0..10000."""
    require_ocop_office(actor)
    errors = {}
    if isinstance(rate_bp, bool) or not isinstance(rate_bp, int) or not 0 <= rate_bp <= 10000:
        errors["rate_bp"] = ValidationError(
            "Hoa hồng từ 0 đến 10000 phần vạn (0–100 %). / Rate must be 0..10000 basis points.",
            code="invalid_rate",
        )
    if shop is None and product_group is None:
        errors["shop"] = ValidationError(
            "Chọn gian hàng và/hoặc nhóm sản phẩm; mức mặc định nằm trong cấu hình. / "
            "Choose a shop and/or a product group; the default rate is a setting.",
            code="required",
        )
    if errors:
        raise ValidationError(errors)
    previous = (
        CommissionRule.objects.filter(shop=shop, product_group=product_group)
        .values_list("rate_bp", flat=True)
        .first()
    )
    rule, _created = CommissionRule.objects.update_or_create(
        shop=shop, product_group=product_group, defaults={"rate_bp": rate_bp}
    )
    audit.record(
        AuditAction.COMMISSION_SET,
        actor=actor,
        target=rule,
        shop=shop,
        before={"rate_bp": previous, "product_group": product_group}
        if previous is not None
        else {},
        after={"rate_bp": rate_bp, "product_group": product_group},
    )
    return rule


@transaction.atomic
def commission_rule_delete(*, actor: User, rule: CommissionRule) -> None:
    require_ocop_office(actor)
    stored = CommissionRule.objects.filter(pk=rule.pk).values("rate_bp", "product_group").first()
    audit.record(AuditAction.COMMISSION_DELETE, actor=actor, target=rule, before=stored)
    CommissionRule.objects.filter(pk=rule.pk).delete()


# --- Payout batches (OCOP office) ----------------------------------------------------------

REFERENCE_PREFIX = "PO"
CSV_HEADER = [
    "STT",
    "BIN",
    "Ngan hang / Bank",
    "So tai khoan / Account number",
    "Ten tai khoan / Account name",
    "So tien / Amount",
    "Noi dung / Content",
]
MAX_TRANSFER_CONTENT = 140


class SkipReason:
    NO_BANK_DETAILS = "no_bank_details"
    BELOW_MINIMUM = "below_minimum"


def ascii_upper(text: str) -> str:
    """'Nguyễn Văn Đức' -> 'NGUYEN VAN DUC': what Vietnamese bank files accept (A–Z, 0–9,
    spaces)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 ]", " ", text)).strip().upper()


def _ascii_content(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^A-Za-z0-9 \-]", "", text.replace("đ", "d").replace("Đ", "D"))[
        :MAX_TRANSFER_CONTENT
    ].strip()


def transfer_content(batch: PayoutBatch, shop_slug: str) -> str:
    return _ascii_content(f"OCOP {batch.reference} {shop_slug}")


def bank_details_missing(producer: Producer) -> list[str]:
    """The producer's bank fields a transfer cannot go without (BIN of 6 digits, account
    number, account holder); an empty list when complete. The bank name is optional."""
    missing = []
    if not re.fullmatch(r"\d{6}", (producer.bank_bin or "").strip()):
        missing.append("bank_bin")
    if not re.fullmatch(
        r"[0-9A-Za-z]{1,30}", re.sub(r"[\s.\-]", "", producer.bank_account_number or "")
    ):
        missing.append("bank_account_number")
    if not ascii_upper(producer.bank_account_name):
        missing.append("bank_account_name")
    return missing


def _next_reference(now: datetime.datetime) -> str:
    local = timezone.localtime(now)
    prefix = f"{REFERENCE_PREFIX}-{local.year}-{local.month:02d}-"
    last = (
        PayoutBatch.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def _create_batch(now: datetime.datetime, **fields: Any) -> PayoutBatch:
    """Inserts the batch with the month's next reference; a reference taken by a
    concurrent creation is retried with the following number."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return PayoutBatch.objects.create(reference=_next_reference(now), **fields)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def payout_batch_create(
    *, actor: User, now: datetime.datetime | None = None, min_amount: int = 0
) -> PayoutBatch:
    """A draft batch with one payout per shop whose payable balance at ``now`` is > 0 and
    ≥ ``min_amount``, with the producer's bank details snapshotted. Shops left out (no
    complete bank details, below the minimum) are listed in ``batch.skipped`` with the
    reason. Holds ``FOR NO KEY UPDATE`` locks on the shops' rows and recomputes the
    balances after taking them, so two concurrent creations never put the same money in
    two batches (the later one sees the earlier one's open payouts)."""
    require_ocop_office(actor)
    if isinstance(min_amount, bool) or not isinstance(min_amount, int) or min_amount < 0:
        raise ValidationError(
            {
                "min_amount": ValidationError(
                    "Mức tối thiểu là số đồng không âm. / Minimum must be a non-negative whole amount.",
                    code="invalid_amount",
                )
            }
        )
    now = now or timezone.now()
    candidates = list(payable_shops(now).values_list("pk", flat=True))
    _lock_shops(candidates)
    payouts: list[Payout] = []
    skipped: list[dict[str, Any]] = []
    for shop in payable_shops(now).filter(pk__in=candidates):
        amount = shop.balance_payable
        skip = {
            "shop_id": shop.pk,
            "shop_name": shop.name,
            "shop_slug": shop.slug,
            "amount": amount,
        }
        if amount < min_amount:
            skipped.append({**skip, "reason": SkipReason.BELOW_MINIMUM})
            continue
        producer = shop.producer
        missing = bank_details_missing(producer)
        if missing:
            skipped.append({**skip, "reason": SkipReason.NO_BANK_DETAILS, "missing": missing})
            continue
        payouts.append(
            Payout(
                shop=shop,
                amount=amount,
                bank_bin=producer.bank_bin.strip(),
                bank_name=producer.bank_name.strip(),
                account_number=re.sub(r"[\s.\-]", "", producer.bank_account_number),
                account_name=producer.bank_account_name.strip(),
            )
        )
    if not payouts:
        raise ValidationError(
            {
                "batch": ValidationError(
                    f"Không có gian hàng nào đủ điều kiện chi trả ({len(skipped)} gian hàng bị bỏ qua). / "
                    f"No shop to pay ({len(skipped)} skipped).",
                    code="nothing_to_pay",
                )
            }
        )
    batch = _create_batch(
        now, created_by=actor, total=sum(p.amount for p in payouts), skipped=skipped
    )
    for payout in payouts:
        payout.batch = batch
    Payout.objects.bulk_create(payouts)
    audit.record(
        AuditAction.PAYOUT_CREATE,
        actor=actor,
        target=batch,
        target_label=batch.reference,
        after={"total": batch.total, "payouts": len(payouts), "skipped": len(skipped)},
    )
    return batch


def _lock_batch(batch: PayoutBatch) -> PayoutBatch:
    return PayoutBatch.objects.select_for_update().get(pk=batch.pk)


def _status_error(batch: PayoutBatch, action: str) -> ValidationError:
    messages = {
        PayoutBatch.Status.CANCELLED: "Đợt chi đã huỷ. / The batch is cancelled.",
        PayoutBatch.Status.PAID: "Đợt chi đã được chi trả. / The batch is already paid.",
        PayoutBatch.Status.DRAFT: "Hãy xuất file chuyển khoản trước khi xác nhận đã chi. / "
        "Export the transfer file before marking the batch paid.",
        PayoutBatch.Status.EXPORTED: "Đợt chi đã xuất file. / The batch is already exported.",
    }
    return ValidationError(
        {
            "status": ValidationError(
                f"Không thể {action}: {messages[PayoutBatch.Status(batch.status)]}",
                code=f"batch_{batch.status}",
            )
        }
    )


def _copy_status(target: PayoutBatch, source: PayoutBatch) -> None:
    for name in ("status", "exported_at", "paid_at", "cancelled_at"):
        setattr(target, name, getattr(source, name))


def payout_batch_csv(batch: PayoutBatch) -> str:
    """The bank transfer file: one row per payout, ASCII only (account holder in capitals,
    transfer content ``OCOP <reference> <shop slug>``), amounts in whole đồng."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer, lineterminator="\r\n")  # formulas escaped (csv_safe)
    writer.writerow(CSV_HEADER)
    for number, payout in enumerate(batch.payouts.select_related("shop").order_by("pk"), start=1):
        writer.writerow(
            [
                number,
                payout.bank_bin,
                ascii_upper(payout.bank_name),
                payout.account_number,
                ascii_upper(payout.account_name),
                payout.amount,
                transfer_content(batch, payout.shop.slug),
            ]
        )
    return buffer.getvalue()


@transaction.atomic
def payout_batch_export_csv(
    *, actor: User, batch: PayoutBatch, now: datetime.datetime | None = None
) -> str:
    """The transfer file of ``batch``; a draft becomes exported. An exported or paid batch
    can be downloaded again (its status does not change); a cancelled one cannot."""
    require_ocop_office(actor)
    locked = _lock_batch(batch)
    if locked.status == PayoutBatch.Status.CANCELLED:
        raise _status_error(locked, "xuất file / export")
    content = payout_batch_csv(locked)
    status_before = locked.status
    if locked.status == PayoutBatch.Status.DRAFT:
        locked.status = PayoutBatch.Status.EXPORTED
        locked.exported_at = now or timezone.now()
        locked.save(update_fields=["status", "exported_at"])
    _copy_status(batch, locked)
    # every download is recorded: the file holds the shops' account numbers
    audit.record(
        AuditAction.PAYOUT_EXPORT,
        actor=actor,
        target=locked,
        target_label=locked.reference,
        before={"status": status_before},
        after={"status": locked.status, "total": locked.total},
    )
    return content


@transaction.atomic
def payout_batch_mark_paid(
    *, actor: User, batch: PayoutBatch, now: datetime.datetime | None = None
) -> PayoutBatch:
    """The office made the transfers of an exported batch: posts one PAYOUT entry
    (− amount, available now) per payout and marks the batch paid. Holds the batch row
    lock; a second call fails with ``batch_paid`` and posts nothing."""
    require_ocop_office(actor)
    locked = _lock_batch(batch)
    if locked.status != PayoutBatch.Status.EXPORTED:
        raise _status_error(locked, "xác nhận đã chi / mark paid")
    now = now or timezone.now()
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                shop_id=payout.shop_id,
                payout=payout,
                kind=LedgerEntry.Kind.PAYOUT,
                amount=-payout.amount,
                available_at=now,
                actor=actor,
                description=f"Chi trả đợt {locked.reference} / Payout {locked.reference}",
            )
            for payout in locked.payouts.order_by("pk")
        ]
    )
    locked.status = PayoutBatch.Status.PAID
    locked.paid_at = now
    locked.save(update_fields=["status", "paid_at"])
    _copy_status(batch, locked)
    audit.record(
        AuditAction.PAYOUT_PAID,
        actor=actor,
        target=locked,
        target_label=locked.reference,
        before={"status": PayoutBatch.Status.EXPORTED},
        after={"status": locked.status, "total": locked.total},
    )
    return locked


@transaction.atomic
def payout_batch_cancel(
    *, actor: User, batch: PayoutBatch, now: datetime.datetime | None = None
) -> PayoutBatch:
    """Cancels a draft or exported batch: its amounts are payable again."""
    require_ocop_office(actor)
    locked = _lock_batch(batch)
    if locked.status not in (PayoutBatch.Status.DRAFT, PayoutBatch.Status.EXPORTED):
        raise _status_error(locked, "huỷ / cancel")
    status_before = locked.status
    locked.status = PayoutBatch.Status.CANCELLED
    locked.cancelled_at = now or timezone.now()
    locked.save(update_fields=["status", "cancelled_at"])
    _copy_status(batch, locked)
    audit.record(
        AuditAction.PAYOUT_CANCEL,
        actor=actor,
        target=locked,
        target_label=locked.reference,
        before={"status": status_before},
        after={"status": locked.status, "total": locked.total},
    )
    return locked
