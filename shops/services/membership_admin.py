"""Shop membership changes made in the Django admin (the shop's inline list of members):
adding a member, changing a member's role, removing one. Platform admins and the OCOP
office only; each change is one audit entry, in the admin's transaction."""

from __future__ import annotations

from django.db import transaction

from marketplace import services_audit as audit
from marketplace.models import AuditAction, User
from marketplace.permissions import require_ocop_office

from ..models import ShopMembership


@transaction.atomic
def shop_membership_save(*, actor: User, membership: ShopMembership) -> ShopMembership:
    """Saves a new or changed membership: ``membership.grant`` or ``membership.role``."""
    require_ocop_office(actor)
    stored = (
        ShopMembership.objects.filter(pk=membership.pk).values_list("role", flat=True).first()
        if membership.pk
        else None
    )
    membership.save()
    if stored is None:
        audit.record(
            AuditAction.MEMBERSHIP_GRANT,
            actor=actor,
            target=membership,
            target_label=str(membership.user),
            after={"user": membership.user_id, "role": membership.role},
        )
    elif stored != membership.role:
        audit.record(
            AuditAction.MEMBERSHIP_ROLE,
            actor=actor,
            target=membership,
            target_label=str(membership.user),
            before={"role": stored},
            after={"role": membership.role},
        )
    return membership


@transaction.atomic
def shop_membership_remove(*, actor: User, membership: ShopMembership) -> None:
    require_ocop_office(actor)
    audit.record(
        AuditAction.MEMBERSHIP_REVOKE,
        actor=actor,
        target=membership,
        target_label=str(membership.user),
        before={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()
