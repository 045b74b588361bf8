"""Personal data in orders (Decree 13/2023/NĐ-CP): the order-processing consent of each
placed order, what an erased account leaves behind (address book, carts), and the
retention job.

Orders are accounting records: the Law on Accounting (88/2015/QH13, art. 41) keeps them
10 years, so an order is never deleted. What identifies the buyer — e-mail, phone,
names, street lines, the note — is only needed to deliver, settle disputes and handle
returns; on guest orders and the orders of deleted accounts it is removed once
``ORDER_PERSONAL_DATA_RETENTION_DAYS`` have passed since the order (default 3 years,
the limitation period for contract claims, Civil Code 2015 art. 429). Amounts,
products, dates, numbers, payments and the ledger stay. Orders of live accounts keep
their data: the account holder sees their history and can delete the account."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.models import ConsentRecord, User
from marketplace.services_privacy import ERASED_EMAIL_DOMAIN, consent_record

from ..models import Address, Checkout, Order

logger = logging.getLogger(__name__)

#: What an erased order's e-mail becomes (never delivered: RFC 2606).
ERASED_ORDER_EMAIL = f"erased@{ERASED_EMAIL_DOMAIN}"
BATCH_SIZE = 500


def order_consent_record(
    *, order: Order, source: str, ip: str = "", user_agent: str = ""
) -> ConsentRecord:
    """The buyer's consent to the privacy notice for processing and delivering
    ``order`` (once per order: placing it twice records it once). ``source`` says how
    it was given: the ticked box of the web checkout, or the act of ordering through
    the API (``checkoutComplete``), whose clients cannot show our box."""
    return consent_record(
        purpose=ConsentRecord.Purpose.ORDER,
        granted=True,
        source=source,
        user=order.user if order.user_id else None,
        email=order.email,
        order_number=order.number,
        ip=ip,
        user_agent=user_agent,
    )


def _addresses_blank(ids: list[int]) -> None:
    """Keeps the province, commune and former district (figures by area), removes the
    person: name, phone and street line."""
    if ids:
        Address.objects.filter(pk__in=ids).update(full_name="", phone="", street="")


def _checkouts_erase(checkouts: QuerySet[Checkout]) -> int:
    rows = list(checkouts.values_list("pk", "shipping_address_id", "billing_address_id"))
    if not rows:
        return 0
    Checkout.objects.filter(pk__in=[r[0] for r in rows]).update(
        email="", phone="", note="", metadata={}, shipping_address=None, billing_address=None
    )
    Address.objects.filter(pk__in=[a for r in rows for a in r[1:] if a]).delete()
    return len(rows)


def account_orders_data_erase(user: User) -> None:
    """Receiver of ``hooks.account_erased``: the person's address book goes, their carts
    lose their contact and addresses. Their orders stay as they are until the retention
    job (``order_personal_data_erase_expired``)."""
    Address.objects.filter(user=user).delete()
    _checkouts_erase(Checkout.objects.filter(user=user))


def _expired_orders(cutoff: datetime) -> QuerySet[Order]:
    return (
        Order.objects.filter(created_at__lt=cutoff)
        .filter(Q(user__isnull=True) | Q(user__erased_at__isnull=False))
        .exclude(email=ERASED_ORDER_EMAIL)
    )


@transaction.atomic
def _erase_batch(cutoff: datetime, batch_size: int) -> int:
    orders = list(
        _expired_orders(cutoff)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
        .values_list("pk", "shipping_address_id", "billing_address_id")[:batch_size]
    )
    if not orders:
        return 0
    ids = [row[0] for row in orders]
    Order.objects.filter(pk__in=ids).update(
        email=ERASED_ORDER_EMAIL, phone="", note="", client_ip=None, address_key=""
    )
    _addresses_blank([a for row in orders for a in row[1:] if a])
    _checkouts_erase(Checkout.objects.filter(completed_order_id__in=ids))
    return len(ids)


def order_personal_data_erase_expired(
    *, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> dict[str, int]:
    """The retention job: removes the buyer's personal data from guest orders and the
    orders of deleted accounts placed more than ``ORDER_PERSONAL_DATA_RETENTION_DAYS``
    ago (e-mail → ``erased@erased.invalid``; phone, note, names, phones and street
    lines of their addresses blanked; the carts they came from too), and from guest
    carts untouched that long. Batched (one transaction per batch, rows others hold are
    skipped until the next run), idempotent (an erased order is not selected again);
    logs counts only."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=int(settings.ORDER_PERSONAL_DATA_RETENTION_DAYS))
    orders = 0
    while True:
        done = _erase_batch(cutoff, batch_size)
        orders += done
        if done < batch_size:
            break
    with transaction.atomic():
        carts = _checkouts_erase(
            Checkout.objects.filter(updated_at__lt=cutoff, completed_order__isnull=True)
            .filter(Q(user__isnull=True) | Q(user__erased_at__isnull=False))
            .exclude(email="", phone="", shipping_address=None, billing_address=None)
        )
    logger.info(
        "retention: personal data erased from %d orders and %d carts older than %d days",
        orders,
        carts,
        settings.ORDER_PERSONAL_DATA_RETENTION_DAYS,
    )
    return {"orders": orders, "carts": carts}
