"""Periodic tasks of the shared domain."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import OcopCertificate

REMINDER_DAYS = (90, 30)


def certificate_renewal_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mails the producer (and the OCOP office in copy) about certificates expiring within
    90 and within 30 days. Idempotent: each reminder is sent once per certificate
    (``reminder_<n>_sent_at``). Star ratings never depend on this job — expiry is
    computed from dates at query time."""
    today = today or timezone.localdate()
    sent = 0
    for days in REMINDER_DAYS:
        field = f"reminder_{days}_sent_at"
        due = OcopCertificate.objects.valid_on(today).filter(
            valid_until__lte=today + datetime.timedelta(days=days), **{f"{field}__isnull": True}
        ).select_related("producer")
        for cert in due:
            with transaction.atomic():
                claimed = OcopCertificate.objects.filter(pk=cert.pk, **{f"{field}__isnull": True}).update(
                    **{field: timezone.now()}
                )
                if not claimed:
                    continue
                remaining = (cert.valid_until - today).days
                send_mail(
                    subject=(f"[OCOP] Chứng nhận {cert.decision_number} hết hạn sau {remaining} ngày / "
                             f"OCOP certificate expires in {remaining} days"),
                    message=(
                        f"Kính gửi {cert.producer.name},\n\n"
                        f"Chứng nhận OCOP {cert.stars} sao cho sản phẩm \"{cert.product_name}\" "
                        f"(quyết định {cert.decision_number}) hết hiệu lực ngày "
                        f"{cert.valid_until:%d/%m/%Y}. Vui lòng nộp hồ sơ đánh giá lại để giữ hạng sao.\n\n"
                        f"Dear {cert.producer.name}, the {cert.stars}-star OCOP certificate of "
                        f"\"{cert.product_name}\" (decision {cert.decision_number}) expires on "
                        f"{cert.valid_until:%Y-%m-%d}. Please apply for re-assessment to keep the rating.\n"
                    ),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[cert.producer.email],
                    fail_silently=False,
                )
                sent += 1
    return sent


@shared_task
def send_certificate_renewal_reminders() -> int:
    return certificate_renewal_reminders_send()
