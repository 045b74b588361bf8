"""Writes of a person's data under Decree 13/2023/NĐ-CP: consents (given at sign-up and
checkout, marketing consent given or withdrawn from the account page), the download of
one's own data (rate-limited) and the deletion of one's account.

Deleting an account erases the person at once and keeps what the law asks to keep: the
user row becomes a tombstone (no name, e-mail, phone or usable password; every session
and token stops working), the apps remove what they hold of them (``hooks.account_erased``:
address book, carts, follows), the consent records stay as proof (their e-mail blanked,
the keyed digest kept), and the orders stay for accounting until the retention job
(``orders.services.privacy``) removes their contact and delivery data."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from . import hooks
from .errors import Forbidden
from .models import ConsentRecord, User, new_jwt_token_key
from .selectors_privacy import (
    PRIVACY_NOTICE_VERSION,
    account_deletion_problems,
    personal_data_export,
)

logger = logging.getLogger(__name__)

#: The domain of the e-mail addresses that replace erased ones (RFC 2606: never delivered).
ERASED_EMAIL_DOMAIN = "erased.invalid"
EXPORT_WINDOW_SECONDS = 24 * 60 * 60


def subject_digest(email: str) -> str:
    """A keyed hash of an e-mail address: ties consent records to a person without
    keeping the address once the account is erased."""
    return salted_hmac("marketplace.consent", (email or "").strip().lower()).hexdigest()


def _clip(value: str | None, length: int) -> str:
    return (value or "")[:length]


def consent_record(
    *,
    purpose: str,
    granted: bool,
    source: str,
    user: User | None = None,
    email: str = "",
    order_number: str = "",
    ip: str = "",
    user_agent: str = "",
) -> ConsentRecord:
    """Appends one consent (or withdrawal) given to the current privacy notice. A
    consent tied to an order is recorded once (a checkout completed twice returns the
    first record)."""
    email = email or (user.email if user is not None else "")
    fields: dict[str, Any] = {
        "user": user,
        "email": email,
        "subject_digest": subject_digest(email),
        "granted": granted,
        "notice_version": PRIVACY_NOTICE_VERSION,
        "source": source,
        "ip": ip or None,
        "user_agent": _clip(user_agent, 255),
    }
    if order_number:
        record, _created = ConsentRecord.objects.get_or_create(
            order_number=order_number, purpose=purpose, defaults=fields
        )
        return record
    return ConsentRecord.objects.create(purpose=purpose, **fields)


@transaction.atomic
def signup_consents_record(
    *, user: User, marketing: bool, source: str, ip: str = "", user_agent: str = ""
) -> None:
    """The consents of a new account: to the notice for the account's purposes, and to
    marketing only when the person ticked that separate box."""
    consent_record(
        purpose=ConsentRecord.Purpose.ACCOUNT,
        granted=True,
        source=source,
        user=user,
        ip=ip,
        user_agent=user_agent,
    )
    if marketing:
        consent_record(
            purpose=ConsentRecord.Purpose.MARKETING,
            granted=True,
            source=source,
            user=user,
            ip=ip,
            user_agent=user_agent,
        )


@transaction.atomic
def marketing_consent_set(
    *, actor: User, granted: bool, ip: str = "", user_agent: str = ""
) -> ConsentRecord:
    """The signed-in person gives or withdraws their marketing consent (a new record;
    the history stays)."""
    if not actor.is_authenticated:
        raise Forbidden(_("Vui lòng đăng nhập."))
    return consent_record(
        purpose=ConsentRecord.Purpose.MARKETING,
        granted=granted,
        source=ConsentRecord.Source.ACCOUNT_PAGE,
        user=actor,
        ip=ip,
        user_agent=user_agent,
    )


def personal_data_download(*, actor: User) -> dict[str, Any]:
    """The signed-in person's own data (``selectors_privacy.personal_data_export``),
    at most ``PERSONAL_DATA_EXPORTS_PER_DAY`` times a day per account; beyond that a
    ``ValidationError`` with code ``export_rate_limited``."""
    if not actor.is_authenticated:
        raise Forbidden(_("Vui lòng đăng nhập."))
    counters = caches["ratelimit"]
    key = f"privacy:export:{actor.pk}"
    if counters.add(key, 1, timeout=EXPORT_WINDOW_SECONDS):
        count = 1
    else:
        try:
            count = counters.incr(key)
        except ValueError:  # expired between add and incr
            counters.set(key, 1, timeout=EXPORT_WINDOW_SECONDS)
            count = 1
    if count > int(settings.PERSONAL_DATA_EXPORTS_PER_DAY):
        raise ValidationError(
            _("Bạn đã tải dữ liệu quá nhiều lần hôm nay; vui lòng thử lại sau."),
            code="export_rate_limited",
        )
    return personal_data_export(user=actor)


def account_erase_check(*, user: User) -> None:
    """Raises ``ValidationError`` (code ``account_not_deletable``) with every reason the
    account cannot be deleted now."""
    problems = account_deletion_problems(user=user)
    if problems:
        raise ValidationError([ValidationError(p, code="account_not_deletable") for p in problems])


@transaction.atomic
def account_erase(*, user: User) -> User:
    """Erases the person behind ``user`` (the caller has re-authenticated them: password
    on the web, the e-mailed token in the API). Refused while ``account_erase_check``
    finds a reason. Idempotent for an erased account."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        return user
    account_erase_check(user=user)
    hooks.account_erased(user)
    ConsentRecord.objects.filter(user=user).update(email="")
    tombstone = f"deleted-{user.pk}"
    user.username = tombstone
    user.email = f"{tombstone}@{ERASED_EMAIL_DOMAIN}"
    user.first_name = user.last_name = user.full_name = user.phone = ""
    user.password = make_password(None)  # unusable: no sign-in; every session ends
    user.jwt_token_key = new_jwt_token_key()  # every API token ends
    user.is_active = False
    user.erased_at = timezone.now()
    user.save()
    logger.info("account %s erased at its owner's request", user.pk)
    return user


def account_delete_with_password(*, actor: User, password: str) -> User:
    """The web's "delete my account": the signed-in person re-enters their password
    (``invalid_password`` otherwise), then ``account_erase``."""
    if not actor.is_authenticated:
        raise Forbidden(_("Vui lòng đăng nhập."))
    if not password or not actor.check_password(password):
        raise ValidationError(
            {"password": ValidationError(_("Mật khẩu không đúng."), code="invalid_password")}
        )
    return account_erase(user=actor)
