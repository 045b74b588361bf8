"""Granting, changing and removing a shop's members, its refund threshold and its bank
account are recorded in the audit log (who, before/after; the account number masked)."""

from __future__ import annotations

import pytest

from marketplace.errors import Forbidden
from marketplace.models import AuditAction, AuditEntry
from shops.models import ShopMembership
from shops.services import staff as staff_services
from tests.factories.marketplace import UserFactory


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_membership_changes_are_recorded(shop, owner):
    user = UserFactory(email="nv@example.vn")

    membership = staff_services.staff_add(
        actor=owner, shop=shop, email="nv@example.vn", powers=["refund"]
    )
    staff_services.staff_update(
        actor=owner, membership=membership, role="staff", powers=["refund", "mark_cash_paid"]
    )
    staff_services.staff_remove(actor=owner, membership=membership)

    (grant,) = entries(AuditAction.MEMBERSHIP_GRANT)
    assert (grant.actor, grant.shop, grant.after["user"]) == (owner, shop, user.pk)
    assert grant.after["powers"] == ["refund"]
    (role,) = entries(AuditAction.MEMBERSHIP_ROLE)
    assert role.before == {"powers": ["refund"]}
    assert sorted(role.after["powers"]) == ["mark_cash_paid", "refund"]
    (revoke,) = entries(AuditAction.MEMBERSHIP_REVOKE)
    assert (revoke.shop, revoke.before["user"]) == (shop, user.pk)
    assert not ShopMembership.objects.filter(user=user).exists()


def test_threshold_and_bank_account_are_recorded_masked(shop, owner):
    staff_services.shop_refund_threshold_update(actor=owner, shop=shop, threshold=500_000)
    staff_services.shop_bank_details_update(
        actor=owner,
        shop=shop,
        data={
            "bank_bin": "970418",
            "bank_account_number": "1234567890",
            "bank_account_name": "Nguyễn Văn An",
        },
    )

    (threshold,) = entries(AuditAction.SHOP_REFUND_THRESHOLD)
    assert (threshold.before, threshold.after) == (
        {"refund_threshold": None},
        {"refund_threshold": 500_000},
    )
    (bank,) = entries(AuditAction.SHOP_BANK_DETAILS)
    assert bank.after["bank_account_number"] == "******7890"
    assert bank.after["bank_name"] == "BIDV"
    assert "1234567890" not in str(bank.after)


def test_a_refused_grant_records_nothing(shop, shop_staff):
    UserFactory(email="nv2@example.vn")
    with pytest.raises(Forbidden):
        staff_services.staff_add(actor=shop_staff, shop=shop, email="nv2@example.vn")
    assert entries(AuditAction.MEMBERSHIP_GRANT) == []
