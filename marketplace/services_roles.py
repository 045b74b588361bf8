"""A user's roles as the Django admin changes them (office flag, staff and superuser
flags, marketing role, active): one audit entry per save that changes any of them."""

from __future__ import annotations

from django.db import transaction

from . import services_audit as audit
from .models import AuditAction, User
from .permissions import require_ocop_office

ROLE_FIELDS = ("is_active", "is_staff", "is_superuser", "is_ocop_office", "marketing_role")


@transaction.atomic
def user_admin_save(*, actor: User, user: User) -> User:
    """Saves ``user`` as edited in the admin (office or platform admin); a change of a
    role flag, or a new user given a role, is recorded."""
    require_ocop_office(actor)
    stored = User.objects.filter(pk=user.pk).first() if user.pk else None
    before = audit.snapshot(stored, ROLE_FIELDS) if stored is not None else {}
    user.save()
    after = audit.snapshot(user, ROLE_FIELDS)
    if stored is None:
        changed = any(after[name] for name in ROLE_FIELDS if name != "is_active")
    else:
        changed = before != after
    if changed:
        audit.record(AuditAction.USER_ROLES, actor=actor, target=user, before=before, after=after)
    return user
