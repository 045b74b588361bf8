"""Reads of the audit log: the office's list, filtered (shop, actor, family or action,
dates in Asia/Ho_Chi_Minh), newest first. Only the office and platform admins read it."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from .errors import Forbidden
from .hooks import shop_role
from .models import AUDIT_FAMILIES, AuditEntry, User
from .permissions import require_ocop_office

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class AuditFilters:
    """``shop`` and ``actor``: an id (digits) or part of the kept label; ``date_to``
    includes that whole day."""

    shop: str = ""
    actor: str = ""
    family: str = ""
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=LOCAL_TZ)


def audit_entry_list(*, actor: User, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """The entries matching ``filters``, newest first (``Forbidden`` for anyone but the
    office). No joins: the labels kept on each entry are what the list shows."""
    require_ocop_office(actor)
    return _filtered(AuditEntry.objects.all(), filters)


def shop_audit_entry_list(
    *, actor: User, shop_id: int, filters: AuditFilters
) -> QuerySet[AuditEntry]:
    """A shop's entries for its dashboard: all of them for the owner, a staff member's
    own for staff (``Forbidden`` for anyone else). ``filters.shop`` is ignored."""
    roles = [role for role in shop_role.gather(user=actor, shop=shop_id) if role]
    if not roles:
        raise Forbidden("Không có quyền với gian hàng này.")
    entries = AuditEntry.objects.filter(shop_id=shop_id)
    if "owner" not in roles:
        entries = entries.filter(actor_id=actor.pk)
    return _filtered(entries, dataclasses.replace(filters, shop=""))


def _filtered(entries: QuerySet[AuditEntry], filters: AuditFilters) -> QuerySet[AuditEntry]:
    for value, id_field, label_field in (
        (filters.shop.strip(), "shop_id", "shop_label__icontains"),
        (filters.actor.strip(), "actor_id", "actor_label__icontains"),
    ):
        if value.isdigit():
            entries = entries.filter(**{id_field: int(value)})
        elif value:
            entries = entries.filter(**{label_field: value})
    if filters.family in AUDIT_FAMILIES:
        entries = entries.filter(action__in=[str(a) for a in AUDIT_FAMILIES[filters.family]])
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.date_from:
        entries = entries.filter(created_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + datetime.timedelta(days=1)
        entries = entries.filter(created_at__lt=_local_midnight(next_day))
    return entries.order_by("-pk")
