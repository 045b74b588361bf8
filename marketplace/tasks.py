"""Periodic tasks of the shared domain."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import OcopCertificate
from .services_tokens import refresh_tokens_purge

REMINDER_DAYS = (90, 30)


def certificate_renewal_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mails the producer (and the OCOP office in copy) about certificates expiring within
    90 and within 30 days. Idempotent: each reminder is sent once per certificate
    (``reminder_<n>_sent_at``). Star ratings never depend on this job — expiry is
    computed from dates at query time."""
    today = today or timezone.localdate()
    sent = 0
    for days in sorted(REMINDER_DAYS):  # most urgent first: it supersedes the earlier reminders
        field = f"reminder_{days}_sent_at"
        superseded = [f"reminder_{d}_sent_at" for d in REMINDER_DAYS if d > days]
        due = (
            OcopCertificate.objects.valid_on(today)
            .filter(
                valid_until__lte=today + datetime.timedelta(days=days), **{f"{field}__isnull": True}
            )
            .select_related("producer")
        )
        for cert in due:
            with transaction.atomic():
                claimed = OcopCertificate.objects.filter(
                    pk=cert.pk, **{f"{field}__isnull": True}
                ).update(**{field: timezone.now()})
                if not claimed:
                    continue
                for earlier in superseded:
                    OcopCertificate.objects.filter(
                        pk=cert.pk, **{f"{earlier}__isnull": True}
                    ).update(**{earlier: timezone.now()})
                remaining = (cert.valid_until - today).days
                EmailMessage(
                    subject=(
                        f"[OCOP] Chứng nhận {cert.decision_number} hết hạn sau {remaining} ngày / "
                        f"OCOP certificate expires in {remaining} days"
                    ),
                    body=(
                        f"Kính gửi {cert.producer.name},\n\n"
                        f'Chứng nhận OCOP {cert.stars} sao cho sản phẩm "{cert.product_name}" '
                        f"(quyết định {cert.decision_number}) hết hiệu lực ngày "
                        f"{cert.valid_until:%d/%m/%Y}. Vui lòng nộp hồ sơ đánh giá lại để giữ hạng sao.\n\n"
                        f"Dear {cert.producer.name}, the {cert.stars}-star OCOP certificate of "
                        f'"{cert.product_name}" (decision {cert.decision_number}) expires on '
                        f"{cert.valid_until:%Y-%m-%d}. Please apply for re-assessment to keep the rating.\n"
                    ),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[cert.producer.email],
                    cc=[settings.OCOP_OFFICE_EMAIL] if settings.OCOP_OFFICE_EMAIL else [],
                ).send(fail_silently=False)
                sent += 1
    return sent


@shared_task
def send_certificate_renewal_reminders() -> int:
    return certificate_renewal_reminders_send()


@shared_task
def purge_expired_refresh_tokens() -> int:
    """Deletes the records of refresh tokens that expired more than a day ago."""
    return refresh_tokens_purge(before=timezone.now() - datetime.timedelta(days=1))
