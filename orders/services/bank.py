"""Bank transfers by VietQR: the QR a buyer scans to pay an order, and the bank feed
(SePay / payOS-style webhook) that reports incoming transfers. Each reported transfer
is stored once by (provider, transaction id), matched to an order by the order code in
its content and, when the order is open and still owes money, applied as a ``vietqr``
payment; whatever needs a person (short, excess, late, already paid, unknown) is flagged
for the OCOP office. Amounts are whole đồng."""

from __future__ import annotations

import base64
import datetime
import logging
import re
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from marketplace import services_audit as audit
from marketplace.data.banks import BANK_NAMES
from marketplace.models import AuditAction
from marketplace.permissions import require_ocop_office

from ..models import BankTransaction, Order, OrderEvent, Payment, PaymentMethod
from ..vietqr import VietQR
from . import payments
from .checkout import NUMBER_ALPHABET

log = logging.getLogger(__name__)

#: Orders that no longer take money: a transfer for them is recorded as ``late``.
CLOSED_STATUSES = (Order.Status.EXPIRED, Order.Status.CANCELLED, Order.Status.RETURNED)
PAYMENT_KEY_MAX = Payment._meta.get_field("idempotency_key").max_length or 80
# "DH" + 8 characters of the order-number alphabet, found anywhere in the folded content;
# the lookahead finds overlapping candidates ("DHDH7K…"), the database decides which is real.
_CODE_RE = re.compile(rf"(?=(DH[{NUMBER_ALPHABET}]{{8}}))")


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- The QR for an order ------------------------------------------------------------------


def order_amount_due(order: Order) -> int:
    """What the buyer still has to transfer, in đồng (never negative; cancelled parts
    are not due)."""
    return payments.order_amount_due(order)


def order_vietqr(order: Order) -> VietQR:
    """The VietQR for what is still due on ``order``: the platform's account
    (``VIETQR_BANK_BIN`` / ``VIETQR_ACCOUNT_NUMBER``), the amount due and the order
    number as the transfer purpose, which the bank feed is matched by. Raises a
    ``ValidationError`` when the order is closed or nothing is due."""
    if order.status in CLOSED_STATUSES:
        raise _error(
            "order",
            "Đơn hàng đã đóng, không nhận thanh toán. / The order is closed and takes no payment.",
            "order_closed",
        )
    amount = order_amount_due(order)
    if amount <= 0:
        raise _error(
            "order", "Đơn hàng đã được thanh toán. / The order is already paid.", "already_paid"
        )
    return VietQR(
        bank_bin=settings.VIETQR_BANK_BIN,
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=amount,
        purpose=order.number,
    )


def vietqr_png(qr: VietQR, *, box_size: int = 8) -> bytes:
    """The QR image of ``qr`` as PNG bytes."""
    return qr.png(box_size=box_size)


def vietqr_data_uri(qr: VietQR, *, box_size: int = 8) -> str:
    """The QR image as a ``data:image/png;base64,…`` URI for an ``<img src>``."""
    return "data:image/png;base64," + base64.b64encode(vietqr_png(qr, box_size=box_size)).decode(
        "ascii"
    )


def bank_name(bank_bin: str | None = None) -> str:
    """The receiving bank's display name: ``VIETQR_BANK_NAME`` if set, else the NAPAS
    member of that BIN, else the BIN itself."""
    bank_bin = bank_bin or settings.VIETQR_BANK_BIN
    configured = getattr(settings, "VIETQR_BANK_NAME", "")
    if configured and bank_bin == settings.VIETQR_BANK_BIN:
        return str(configured)
    return BANK_NAMES.get(bank_bin, f"BIN {bank_bin}")


# --- Matching transfers ------------------------------------------------------------------


def _fold(text: str) -> str:
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.upper()


def order_codes_in(content: str) -> list[str]:
    """Candidate order codes in a transfer's content, in order of appearance. Banks
    upper- or lower-case the text, cut it into groups and add their own prefixes
    ("CT DEN:123 DH7K3M9Q2A thanh toan", "dh7k 3m9q2a", "MBVCB.123.DH7K-3M9Q2A.CT tu"):
    everything but letters and digits is dropped before looking for ``DH`` + 8
    characters of the order-number alphabet."""
    compact = re.sub(r"[^A-Z0-9]", "", _fold(content))
    return list(dict.fromkeys(m.group(1) for m in _CODE_RE.finditer(compact)))


def _paid_so_far(order: Order) -> int:
    """Collected on the order, from its payments (the caller holds the order lock), so a
    payment committed since ``amount_paid`` was last refreshed still counts."""
    return (
        Payment.objects.filter(
            order=order,
            status__in=[Payment.Status.SUCCEEDED, Payment.Status.REFUNDED],
        ).aggregate(t=Sum("captured_amount"))["t"]
        or 0
    )


def _clean_transfer(
    provider: str, transaction_id: str, amount: Any, content: str, account_number: str
) -> tuple[str, str, int, str, str]:
    provider = (provider or "").strip()
    transaction_id = str(transaction_id if transaction_id is not None else "").strip()
    account_number = (account_number or "").strip()
    errors: dict[str, ValidationError] = {}
    provider_max = BankTransaction._meta.get_field("provider").max_length or 20
    if not provider or len(provider) > provider_max:
        errors["provider"] = ValidationError(
            f"Nhà cung cấp phải có 1–{provider_max} ký tự. / Provider must be 1–{provider_max} characters.",
            code="invalid",
        )
    id_max = min(
        BankTransaction._meta.get_field("transaction_id").max_length or 100,
        PAYMENT_KEY_MAX - len(f"bank:{provider}:"),
    )
    if not transaction_id or len(transaction_id) > id_max:
        errors["transaction_id"] = ValidationError(
            f"Mã giao dịch phải có 1–{id_max} ký tự. / Transaction id must be 1–{id_max} characters.",
            code="invalid",
        )
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = ValidationError(
            "Số tiền phải là số nguyên đồng. / Amount must be whole đồng.", code="invalid"
        )
    elif amount <= 0:
        errors["amount"] = ValidationError(
            "Chỉ nhận giao dịch tiền vào với số tiền dương. / Only incoming transfers with a positive amount "
            "are accepted.",
            code="not_positive",
        )
    account_max = BankTransaction._meta.get_field("account_number").max_length or 30
    if len(account_number) > account_max:
        errors["account_number"] = ValidationError(
            f"Số tài khoản quá {account_max} ký tự. / Account number longer than {account_max} characters.",
            code="invalid",
        )
    if errors:
        raise ValidationError(errors)
    content_max = BankTransaction._meta.get_field("content").max_length or 500
    return provider, transaction_id, amount, (content or "").strip()[:content_max], account_number


def bank_transaction_apply(
    *,
    provider: str,
    transaction_id: str,
    amount: int,
    content: str,
    account_number: str = "",
    transaction_at: datetime.datetime | None = None,
    payload: dict[str, Any],
) -> BankTransaction:
    """Records an incoming transfer reported by the bank feed and applies it to the order
    whose code is in ``content``. ``amount`` is whole đồng and must be positive (only
    credits count). Idempotent by (``provider``, ``transaction_id``): a redelivery —
    also one racing the first on another connection, which waits on the unique index —
    returns the stored row and changes nothing.

    Outcome (``BankTransaction.match``), decided under a lock on the order row so two
    transfers cannot both settle the same amount due:
    ``matched`` — exactly what was due; ``partial`` — less (applied, order still awaits
    the rest); ``overpaid`` — more (the amount due is applied, the excess is for the
    office to refund); ``late`` — order expired, cancelled or returned (nothing
    applied); ``duplicate`` — nothing was due any more (nothing applied); ``unmatched``
    — no known order code, or codes of several orders (nothing applied). Everything but
    ``matched`` on a VietQR order within its deadline is flagged ``needs_review``. An
    applied amount becomes a succeeded ``vietqr`` Payment (key
    ``bank:<provider>:<transaction id>``) and ``payments.order_refresh_payment`` makes
    the order paid when fully covered."""
    provider, transaction_id, amount, content, account_number = _clean_transfer(
        provider, transaction_id, amount, content, account_number
    )
    existing = BankTransaction.objects.filter(
        provider=provider, transaction_id=transaction_id
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = BankTransaction.objects.create(
                    provider=provider,
                    transaction_id=transaction_id,
                    amount=amount,
                    content=content,
                    account_number=account_number,
                    transaction_at=transaction_at,
                    payload=payload,
                    match=BankTransaction.Match.UNMATCHED,
                    needs_review=True,
                )
        except IntegrityError:
            log.info(
                "bank transfer %s:%s delivered concurrently; already recorded",
                provider,
                transaction_id,
            )
            return BankTransaction.objects.get(provider=provider, transaction_id=transaction_id)
        _match_and_apply(record)
    return record


def _match_and_apply(record: BankTransaction) -> None:
    codes = order_codes_in(record.content)
    order_ids = (
        list(Order.objects.filter(number__in=codes).values_list("pk", flat=True)) if codes else []
    )
    if len(order_ids) != 1:
        log.warning(
            "bank transfer %s:%s unmatched (codes %s, orders %s)",
            record.provider,
            record.transaction_id,
            codes,
            len(order_ids),
        )
        return  # stored as unmatched, needs review
    order = Order.objects.select_for_update().get(pk=order_ids[0])
    paid = _paid_so_far(order)
    due = max(order.total - paid, 0)
    Match = BankTransaction.Match
    if order.status in CLOSED_STATUSES:
        match, applied = Match.LATE, 0
    elif due <= 0:
        match, applied = Match.DUPLICATE, 0
    elif record.amount < due:
        match, applied = Match.PARTIAL, record.amount
    elif record.amount == due:
        match, applied = Match.MATCHED, record.amount
    else:
        match, applied = Match.OVERPAID, due
    # Applied but shown to the office: a transfer to an order placed for another method
    # (the courier must not collect cash again, an open card intent may still be paid),
    # and one arriving after the deadline, before the expiry job closed the order (its
    # stock hold has lapsed, so the stock may have been sold meanwhile).
    other_method = order.payment_method != PaymentMethod.VIETQR
    after_deadline = bool(
        applied
        and order.status == Order.Status.UNCONFIRMED
        and order.payment_due_at
        and order.payment_due_at < timezone.now()
    )
    record.order = order
    record.match = match
    record.needs_review = match != Match.MATCHED or other_method or after_deadline
    record.save(update_fields=["order", "match", "needs_review"])
    if applied:
        Payment.objects.create(
            order=order,
            method=PaymentMethod.VIETQR,
            status=Payment.Status.SUCCEEDED,
            amount=applied,
            captured_amount=applied,
            idempotency_key=f"bank:{record.provider}:{record.transaction_id}",
        )
    OrderEvent.objects.create(
        order=order,
        kind="bank_transfer",
        data={
            "bank_transaction": record.pk,
            "provider": record.provider,
            "transaction_id": record.transaction_id,
            "amount": record.amount,
            "applied": applied,
            "amount_due": due,
            "match": match,
            "needs_review": record.needs_review,
            **({"payment_method": order.payment_method} if other_method else {}),
            **({"after_deadline": True} if after_deadline else {}),
        },
    )
    if applied:
        payments.order_refresh_payment(order=order)


def bank_transaction_review(
    *, actor: Any, transaction: BankTransaction, note: str
) -> BankTransaction:
    """The OCOP office marks a flagged transfer as handled (refunded, matched by hand …),
    saying what was done. Office only; the note (1–500 characters) is kept with the
    transfer (``payload["ocop_review"]``) and on the order's history when there is one."""
    require_ocop_office(actor)
    note = (note or "").strip()
    if not note or len(note) > 500:
        raise _error(
            "note",
            "Vui lòng ghi chú cách xử lý (tối đa 500 ký tự). / Say how it was handled "
            "(up to 500 characters).",
            "invalid",
        )
    return _review(actor=actor, transaction_id=transaction.pk, note=note)


@transaction.atomic
def _review(*, actor: Any, transaction_id: int, note: str) -> BankTransaction:
    record = BankTransaction.objects.select_for_update().get(pk=transaction_id)
    if not record.needs_review:
        raise _error(
            "transaction",
            "Giao dịch này không cần hoặc đã được xử lý. / This transfer is not flagged "
            "or was already reviewed.",
            "not_flagged",
        )
    now = timezone.now()
    record.needs_review = False
    record.reviewed_at = now
    record.payload = {
        **(record.payload or {}),
        "ocop_review": {
            "note": note,
            "actor_id": actor.pk,
            "actor": actor.get_username(),
            "at": now.isoformat(),
        },
    }
    record.save(update_fields=["needs_review", "reviewed_at", "payload"])
    if record.order_id:
        OrderEvent.objects.create(
            order_id=record.order_id,
            kind="bank_transfer_reviewed",
            actor=actor,
            data={"bank_transaction": record.pk, "match": record.match, "note": note},
        )
    audit.record(
        AuditAction.BANK_TRANSFER_REVIEW,
        actor=actor,
        target=record,
        before={"needs_review": True},
        after={
            "needs_review": False,
            "match": record.match,
            "order": record.order_id,
            "note": note,
        },
    )
    return record
