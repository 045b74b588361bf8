"""The audit log itself: what ``record`` keeps (only changed fields, secrets dropped,
account numbers masked, the request's address), that it writes only with its action
(rolled back together), that entries cannot be changed or deleted (ORM, and SQL on
PostgreSQL), and the hash chain that shows tampering (``manage.py audit_verify``)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from marketplace import services_audit as audit
from marketplace.audit_context import AuditSource, audit_source
from marketplace.models import AUDIT_FAMILIES, AuditAction, AuditAppendOnly, AuditEntry
from tests.factories.marketplace import UserFactory


def _record(**kwargs) -> AuditEntry:
    with transaction.atomic():
        return audit.record(**{"action": AuditAction.USER_ROLES, **kwargs})


def test_every_action_belongs_to_one_family():
    families = [action for actions in AUDIT_FAMILIES.values() for action in actions]
    assert sorted(families) == sorted(AuditAction.values)


def test_record_keeps_only_changed_fields_and_masks_secrets(ocop_office):
    target = UserFactory(username="nv1")

    entry = _record(
        actor=ocop_office,
        target=target,
        before={
            "is_staff": False,
            "full_name": "An",
            "bank_account_number": "0071001234567",
            "password": "pbkdf2$old",
        },
        after={
            "is_staff": True,
            "full_name": "An",
            "bank_account_number": "0071009999888",
            "password": "pbkdf2$new",
        },
    )

    assert entry.before == {"is_staff": False, "bank_account_number": "*********4567"}
    assert entry.after == {"is_staff": True, "bank_account_number": "*********9888"}
    assert entry.actor == ocop_office
    assert entry.actor_label == ocop_office.email
    assert entry.actor_role == "office"
    assert (entry.target_type, entry.target_id) == ("marketplace.user", str(target.pk))
    assert entry.ip is None  # no request: the system's own context
    assert entry.path == ""


def test_record_takes_where_from_the_request_context(ocop_office):
    source = AuditSource(
        ip="203.0.113.7", user_agent="Firefox", path="/office/x/", request_id="req-1"
    )
    with audit_source(source):
        entry = _record(actor=ocop_office, after={"is_staff": True})

    assert (entry.ip, entry.user_agent, entry.path, entry.request_id) == (
        "203.0.113.7",
        "Firefox",
        "/office/x/",
        "req-1",
    )


def test_system_actor_without_user(db):
    entry = _record(actor=None, after={"x": 1})
    assert (entry.actor, entry.actor_label, entry.actor_role) == (None, "system", "system")


def test_an_unknown_action_is_refused(ocop_office):
    with pytest.raises(ValueError, match="unregistered"), transaction.atomic():
        audit.record("order.teleport", actor=ocop_office)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit.record(AuditAction.USER_ROLES, actor=None)
    assert not AuditEntry.objects.exists()


def _recorded_then_failed(actor) -> None:
    with transaction.atomic():
        audit.record(AuditAction.USER_ROLES, actor=actor, after={"is_staff": True})
        raise ZeroDivisionError  # the action fails after recording


def test_a_rolled_back_action_leaves_no_entry(ocop_office):
    with pytest.raises(ZeroDivisionError):
        _recorded_then_failed(ocop_office)

    assert not AuditEntry.objects.exists()


def test_the_orm_cannot_change_or_delete_an_entry(ocop_office):
    entry = _record(actor=ocop_office, after={"is_staff": True})

    entry.action = AuditAction.ORDER_REFUND
    with pytest.raises(AuditAppendOnly):
        entry.save()
    with pytest.raises(AuditAppendOnly):
        entry.delete()
    with pytest.raises(AuditAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="order.refund")
    with pytest.raises(AuditAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(actor=UserFactory())
    with pytest.raises(AuditAppendOnly):
        AuditEntry.objects.all().delete()
    copy = AuditEntry(**{f.attname: getattr(entry, f.attname) for f in AuditEntry._meta.fields})
    with pytest.raises(DatabaseError), transaction.atomic():
        copy.save()  # an existing pk is an insert that fails, never an overwrite

    assert AuditEntry.objects.get().action == AuditAction.USER_ROLES


def test_deleting_the_user_keeps_the_entry_with_its_label(db):
    clerk = UserFactory(username="clerk", email="clerk@example.vn")
    entry = _record(actor=clerk, after={"is_staff": True})

    clerk.delete()

    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_id is None
    assert kept.actor_label == "clerk@example.vn"
    assert list(audit.audit_chain_verify()) == []


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or None)


def test_the_hash_chain_finds_a_changed_or_removed_entry(ocop_office, settings):
    first, second, third = (_record(actor=ocop_office, after={"n": n}) for n in range(3))
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert list(audit.audit_chain_verify()) == []
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "3" in out.getvalue()

    if connection.vendor == "postgresql":  # the table's owner can switch the trigger off
        _raw("SET CONSTRAINTS ALL IMMEDIATE", [])  # no pending foreign-key checks
        _raw("ALTER TABLE marketplace_auditentry DISABLE TRIGGER USER", [])
    _raw("UPDATE marketplace_auditentry SET after = %s WHERE id = %s", ['{"n": 9}', second.pk])
    _raw("DELETE FROM marketplace_auditentry WHERE id = %s", [first.pk])

    # the second no longer follows a known entry, nor gives its hash; the third is intact
    assert [(b.entry_id, b.reason) for b in audit.audit_chain_verify()] == [
        (second.pk, "prev_hash"),
        (second.pk, "hash"),
    ]
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=io.StringIO())


@pytest.mark.service("postgresql")
def test_postgresql_refuses_sql_update_and_delete(ocop_office):
    assert connection.vendor == "postgresql"
    entry = _record(actor=ocop_office, after={"is_staff": True})

    for sql in (
        "UPDATE marketplace_auditentry SET action = 'order.refund' WHERE id = %s",
        "UPDATE marketplace_auditentry SET actor_id = NULL, action = 'x' WHERE id = %s",
        "DELETE FROM marketplace_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _raw(sql, [entry.pk])

    with transaction.atomic():  # what a user's deletion does is let through
        _raw("UPDATE marketplace_auditentry SET actor_id = NULL WHERE id = %s", [entry.pk])
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert (kept.actor_id, kept.action) == (None, AuditAction.USER_ROLES)
    assert list(audit.audit_chain_verify()) == []
