"""Reads of the shared domain that need the actor's scope."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, QuerySet

from .errors import NotFound
from .models import OcopCertificate, Producer, ProducerDocument, User
from .permissions import is_ocop_office, require_ocop_office

#: how far ahead the office sees certificates expiring (the producers' reminders start at 90)
CERTIFICATES_EXPIRING_DAYS = 90


def access_user(*, actor: Any, user_id: Any) -> User | None:
    """A user the actor may see: themself, or anyone for the OCOP office (and
    superusers). ``None`` both for a missing user and for someone else's account."""
    if actor is None or not actor.is_authenticated:
        return None
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    if pk == actor.pk:
        return actor
    if not is_ocop_office(actor):
        return None
    return User.objects.filter(pk=pk).first()


def user_by_email_for(*, actor: Any, email: str) -> User | None:
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    return access_user(actor=actor, user_id=user.pk) if user is not None else None


def access_producer_document(*, actor: Any, document_id: int) -> ProducerDocument:
    """A producer's document for the OCOP office (and superusers) or the person who
    applied; ``NotFound`` for anyone else and for a missing document (never say which)."""
    if actor is None or not actor.is_authenticated:
        raise NotFound
    documents = ProducerDocument.objects.select_related("producer")
    if not is_ocop_office(actor):
        documents = documents.filter(producer__applicant=actor)
    document = documents.filter(pk=document_id).first()
    if document is None:
        raise NotFound
    return document


def producer_applications_pending(*, actor: Any) -> QuerySet[Producer]:
    """Applications waiting for the office's decision, oldest first (the queue), with their
    district, commune and number of documents. Office only."""
    require_ocop_office(actor)
    return (
        Producer.objects.filter(status=Producer.Status.APPLIED)
        .select_related("district", "commune")
        .annotate(document_count=Count("documents"))
        .order_by("created_at", "pk")
    )


def access_producer_application(*, actor: Any, producer_id: int) -> Producer:
    """One producer's application, whatever its status, for the office; ``NotFound`` for a
    missing one."""
    require_ocop_office(actor)
    producer = (
        Producer.objects.select_related("district", "commune", "applicant", "decided_by")
        .prefetch_related("documents")
        .filter(pk=producer_id)
        .first()
    )
    if producer is None:
        raise NotFound
    return producer


def certificates_expiring(
    *, actor: Any, today: datetime.date, within_days: int = CERTIFICATES_EXPIRING_DAYS
) -> QuerySet[OcopCertificate]:
    """Certificates in force ``today`` that end within ``within_days`` days, soonest first.
    Office only."""
    require_ocop_office(actor)
    return (
        OcopCertificate.objects.valid_on(today)
        .filter(valid_until__lte=today + datetime.timedelta(days=within_days))
        .select_related("producer")
        .order_by("valid_until", "pk")
    )
