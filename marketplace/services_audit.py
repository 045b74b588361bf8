"""The audit log's one writer: :func:`record`, called by the services that perform staff
actions on money, stock, certificates and permissions, inside their own transaction (a
rolled-back action leaves no entry; an entry never exists without its action).

What is kept: who (user and a label that outlives them), their role, the shop, the action
(``AuditAction``), the target, the fields that changed (before/after, secrets left out or
masked), when (``timezone.now()``) and from where (``marketplace.audit_context``: the
request's address, user agent, path or GraphQL operation and request id; jobs and
commands are "system").

Each entry carries the SHA-256 of its content and of the entry before it
(``prev_hash``); :func:`audit_chain_verify` recomputes the chain. Entries are chained in
id order under a transaction-scoped lock (PostgreSQL advisory lock), so ``record``
should be the last write of a service: it holds that lock until the service commits."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .audit_context import current_source
from .hooks import shop_role
from .models import AuditAction, AuditEntry

#: never written, whatever the caller passes
SECRET_KEYS = frozenset(
    {"password", "new_password", "old_password", "token", "jwt_token_key", "secret", "otp"}
)
#: written masked: the office recognises the account by its last digits
MASKED_KEYS = frozenset({"bank_account_number", "account_number"})
#: the advisory lock that orders the hash chain (any constant; "AUDIT" in ASCII)
CHAIN_LOCK_KEY = 0x4155444954
HASHED_FIELDS = (
    "created_at",
    "actor_label",
    "actor_role",
    "shop_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "before",
    "after",
    "ip",
    "user_agent",
    "path",
    "request_id",
)


def mask_account(value: Any) -> str:
    """``'0123456789'`` → ``'******6789'``: only the last four characters stay."""
    text = str(value or "")
    return "*" * max(len(text) - 4, 0) + text[-4:]


class _Encoder(DjangoJSONEncoder):
    """Django's (dates, decimals, UUIDs, lazy text), and ``str()`` for anything else."""

    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(item) for item in value), key=str)
    if isinstance(value, (list, tuple, models.QuerySet)):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


def clean_values(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """``values`` as the JSON the log stores: secrets dropped, account numbers masked,
    model instances as their pk, dates as ISO text."""
    cleaned: dict[str, Any] = {}
    for key, value in (values or {}).items():
        if key in SECRET_KEYS:
            continue
        cleaned[key] = mask_account(value) if key in MASKED_KEYS and value else _jsonable(value)
    return json.loads(json.dumps(cleaned, cls=_Encoder))


def snapshot(instance: models.Model, fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """The values of ``fields`` of ``instance`` (foreign keys as their id, no query)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = getattr(instance, getattr(field, "attname", name))
    return values


def changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value differs (a field only on one side counts)."""
    old, new = clean_values(before), clean_values(after)
    keys = [
        key for key in {**old, **new} if key not in old or key not in new or old[key] != new[key]
    ]
    return (
        {key: old[key] for key in keys if key in old},
        {key: new[key] for key in keys if key in new},
    )


def _actor_role(actor: Any, shop_id: int | None) -> str:
    if actor is None:
        return "system"
    if actor.is_superuser:
        return "platform_admin"
    if actor.is_ocop_office:
        return "office"
    if shop_id is not None:
        roles = [role for role in shop_role.gather(user=actor, shop=shop_id) if role]
        if roles:
            return str(roles[0])
    return "user"


def _shop_of(target: Any, shop: Any) -> Any:
    if shop is not None or target is None:
        return shop
    if getattr(target, "shop_id", None) is not None:
        return target.shop
    return None


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the previous hash and this entry's content (not over the user and
    shop links, which a deletion may clear)."""
    content = {}
    for name in HASHED_FIELDS:
        value = getattr(entry, name)
        if isinstance(value, datetime.datetime):
            value = value.astimezone(datetime.UTC).isoformat()
        content[name] = value
    payload = json.dumps(
        [entry.prev_hash, content], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _last_hash() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    return AuditEntry.objects.order_by("-pk").values_list("hash", flat=True).first() or ""


def record(
    action: str,
    *,
    actor: Any,
    target: models.Model | None = None,
    shop: Any = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    target_label: str = "",
) -> AuditEntry:
    """Writes one audit entry for ``action`` (an ``AuditAction`` value) done by ``actor``
    (a user; ``None`` or an anonymous user for the system) on ``target``. ``before`` and
    ``after`` are reduced to the fields that changed. Must run inside the action's
    transaction (``RuntimeError`` otherwise); ``ValueError`` for an unknown action."""
    if action not in AuditAction.values:
        raise ValueError(f"unregistered audit action {action!r}")
    if not connection.in_atomic_block:
        raise RuntimeError("record() runs inside the audited action's transaction")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    shop = _shop_of(target, shop)
    shop_id = getattr(shop, "pk", shop)
    old, new = changes(before, after)
    source = current_source()
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor,
        actor_label=(actor.email or actor.get_username()) if actor is not None else "system",
        actor_role=_actor_role(actor, shop_id),
        shop_id=shop_id,
        shop_label=str(shop)[:200] if isinstance(shop, models.Model) else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:200],
        before=old,
        after=new,
        ip=source.ip if source else None,
        user_agent=source.user_agent if source else "",
        path=source.where() if source else "",
        request_id=source.request_id if source else "",
    )
    entry.prev_hash = _last_hash()
    entry.hash = entry_hash(entry)
    entry.save()
    return entry


@dataclass(frozen=True)
class ChainBreak:
    """Where the hash chain does not hold: the entry's id and why."""

    entry_id: int
    reason: str


def audit_chain_verify(*, batch_size: int = 2000) -> Iterator[ChainBreak]:
    """Every place where the chain is broken, in id order: an entry whose content no
    longer gives its hash (changed), or whose ``prev_hash`` is not the hash of the entry
    before it (an entry removed or inserted). Nothing when the log is intact."""
    previous = ""
    entries = AuditEntry.objects.order_by("pk").iterator(chunk_size=batch_size)
    for entry in entries:
        if entry.prev_hash != previous:
            yield ChainBreak(entry.pk, "prev_hash")
        if entry_hash(entry) != entry.hash:
            yield ChainBreak(entry.pk, "hash")
        previous = entry.hash
