"""Renewal reminders: one e-mail 90 days and one 30 days before a certificate expires,
each sent once, in Vietnamese first and English second."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.models import OcopCertificate
from marketplace.tasks import certificate_renewal_reminders_send, send_certificate_renewal_reminders
from tests.factories.marketplace import ProducerFactory, make_certificate

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def producer(admin_units):
    return ProducerFactory(name="HTX Nước mắm Cảnh Dương", email="htx@example.vn")


def _cert(producer, valid_until, **kwargs):
    return make_certificate(
        producer=producer,
        valid_until=valid_until,
        decision_date=valid_until - 1000 * DAY,
        product_name="Nước mắm cá cơm",
        decision_number="1234/QĐ-UBND",
        stars=4,
        score=78,
        **kwargs,
    )


def test_a_certificate_expiring_in_80_days_gets_the_90_day_reminder_once(producer, today, settings):
    cert = _cert(producer, today + 80 * DAY)

    assert certificate_renewal_reminders_send(today=today) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["htx@example.vn"]
    assert message.cc == [settings.OCOP_OFFICE_EMAIL]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == (
        "[OCOP] Chứng nhận 1234/QĐ-UBND hết hạn sau 80 ngày / OCOP certificate expires in 80 days"
    )
    cert.refresh_from_db()
    assert cert.reminder_90_sent_at is not None
    assert cert.reminder_30_sent_at is None

    assert certificate_renewal_reminders_send(today=today) == 0
    assert certificate_renewal_reminders_send(today=today + 10 * DAY) == 0
    assert len(mail.outbox) == 1


def test_the_reminder_is_vietnamese_first_then_english(producer, today):
    valid_until = today + 80 * DAY
    _cert(producer, valid_until)

    certificate_renewal_reminders_send(today=today)

    body = mail.outbox[0].body
    vi = body.index("Kính gửi HTX Nước mắm Cảnh Dương,")
    en = body.index("Dear HTX Nước mắm Cảnh Dương,")
    assert vi < en
    assert f"hết hiệu lực ngày {valid_until:%d/%m/%Y}" in body
    assert f"expires on {valid_until:%Y-%m-%d}" in body
    assert 'Chứng nhận OCOP 4 sao cho sản phẩm "Nước mắm cá cơm"' in body
    subject = mail.outbox[0].subject
    assert subject.index("Chứng nhận") < subject.index("OCOP certificate")


def test_the_30_day_reminder_follows_the_90_day_one(producer, today):
    cert = _cert(producer, today + 80 * DAY)
    assert certificate_renewal_reminders_send(today=today) == 1

    later = today + 55 * DAY  # 25 days before expiry
    assert certificate_renewal_reminders_send(today=later) == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == (
        "[OCOP] Chứng nhận 1234/QĐ-UBND hết hạn sau 25 ngày / OCOP certificate expires in 25 days"
    )
    cert.refresh_from_db()
    assert cert.reminder_30_sent_at is not None

    assert certificate_renewal_reminders_send(today=later) == 0
    assert certificate_renewal_reminders_send(today=later + 20 * DAY) == 0
    assert len(mail.outbox) == 2


def test_a_certificate_first_seen_within_30_days_gets_one_reminder(producer, today):
    cert = _cert(producer, today + 25 * DAY)

    assert certificate_renewal_reminders_send(today=today) == 1

    assert len(mail.outbox) == 1
    assert "hết hạn sau 25 ngày" in mail.outbox[0].subject
    cert.refresh_from_db()
    assert cert.reminder_30_sent_at is not None
    assert cert.reminder_90_sent_at is not None
    assert certificate_renewal_reminders_send(today=today) == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("days_left", "sent"), [(91, 0), (90, 1), (31, 1), (30, 1), (0, 1), (-1, 0)]
)
def test_reminder_window_boundaries(producer, today, days_left, sent):
    _cert(producer, today + days_left * DAY)

    assert certificate_renewal_reminders_send(today=today) == sent
    assert len(mail.outbox) == sent


def test_nothing_for_expired_far_future_or_revoked_certificates(producer, today):
    _cert(producer, today - DAY)
    _cert(producer, today - 40 * DAY)
    _cert(producer, today + 400 * DAY)
    _cert(producer, today + 80 * DAY, revoked_at=timezone.now())

    assert certificate_renewal_reminders_send(today=today) == 0
    assert mail.outbox == []
    assert OcopCertificate.objects.filter(reminder_90_sent_at__isnull=False).count() == 0
    assert OcopCertificate.objects.filter(reminder_30_sent_at__isnull=False).count() == 0


def test_each_due_certificate_gets_its_own_e_mail(producer, today, admin_units):
    other = ProducerFactory(email="other@example.vn")
    _cert(producer, today + 80 * DAY)
    _cert(other, today + 20 * DAY)
    _cert(other, today + 200 * DAY)

    assert certificate_renewal_reminders_send(today=today) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["htx@example.vn", "other@example.vn"]


def test_the_periodic_task_uses_today(producer):
    _cert(producer, timezone.localdate() + 60 * DAY)

    assert send_certificate_renewal_reminders() == 1
    assert len(mail.outbox) == 1
    assert "hết hạn sau 60 ngày" in mail.outbox[0].subject
