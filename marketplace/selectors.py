"""Reads of the shared domain that need the actor's scope."""

from __future__ import annotations

from typing import Any

from .errors import NotFound
from .models import ProducerDocument, User
from .permissions import is_ocop_office


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
