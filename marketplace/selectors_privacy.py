"""Reads of a person's data under Decree 13/2023/NĐ-CP: the privacy notice's version,
their consents, everything the site holds of them for the download (each app adds its
part through the ``personal_data_export`` hook) and what stops them deleting their
account (``account_deletion_blockers``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from . import hooks
from .models import ConsentRecord, User

#: The version of the privacy notice (``marketplace/templates/privacy/notice.html``);
#: change it with the notice's text: every consent records the version it was given to.
PRIVACY_NOTICE_VERSION = "2026-12-07"


def privacy_notice_context() -> dict[str, Any]:
    """What the notice shows besides its text: the controller, the contact address, the
    notice's version and the order retention period."""
    days = int(settings.ORDER_PERSONAL_DATA_RETENTION_DAYS)
    return {
        "controller_name": settings.PRIVACY_CONTROLLER_NAME,
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "notice_version": PRIVACY_NOTICE_VERSION,
        "retention_days": days,
        "retention_years": round(days / 365, 1),
    }


def consent_current(*, user: User, purpose: str) -> bool:
    """Whether the person's latest record for ``purpose`` grants it (no record: no)."""
    latest = (
        ConsentRecord.objects.filter(user=user, purpose=purpose)
        .order_by("-created_at", "-id")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(latest)


def consents_of(*, user: User) -> list[ConsentRecord]:
    return list(ConsentRecord.objects.filter(user=user).order_by("created_at", "id"))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything the site keeps of ``user``, as JSON-ready data: the profile, the
    consents and each app's sections (address book, orders with lines and payments,
    follows). Only this person's rows: every section is filtered by ``user``."""
    data: dict[str, Any] = {
        "generated_at": _iso(timezone.now()),
        "notice_version": PRIVACY_NOTICE_VERSION,
        "controller": settings.PRIVACY_CONTROLLER_NAME,
        "profile": {
            "username": user.username,
            "email": user.email,
            "full_name": user.full_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "language_code": user.language_code,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "granted": c.granted,
                "notice_version": c.notice_version,
                "source": c.source,
                "order_number": c.order_number,
                "ip": c.ip,
                "user_agent": c.user_agent,
                "at": _iso(c.created_at),
            }
            for c in consents_of(user=user)
        ],
    }
    for section in hooks.personal_data_export.gather(user):
        data.update(section)
    return data


def account_deletion_problems(*, user: User) -> list[str]:
    """Why ``user`` may not delete their own account now (empty: they may). Staff,
    office, superuser and sale-point accounts are closed by the OCOP office; the apps add
    theirs (a shop owned, orders in progress)."""
    problems: list[str] = []
    if (
        user.is_staff
        or user.is_superuser
        or user.is_ocop_office
        or User.objects.filter(pk=user.pk, sale_point_membership__isnull=False).exists()
    ):
        problems.append(
            _(
                "Tài khoản nhân viên, cán bộ văn phòng OCOP hoặc điểm bán do Văn phòng OCOP "
                "đóng; vui lòng liên hệ văn phòng."
            )
        )
    for answer in hooks.account_deletion_blockers.gather(user):
        problems.extend(answer)
    return problems
