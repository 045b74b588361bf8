"""Server-side state of the API's tokens: the per-user token key every JWT carries, and the
refresh tokens, stored hashed in families with rotation and reuse detection.

- **Token key** (``User.jwt_token_key``, a random string — never anything derived from the
  password): every access and refresh token carries it in its ``token`` claim; rotating it
  (``user_tokens_revoke``: sign-out everywhere, a password change or reset, deactivation)
  makes every token issued before stop working at once.
- **Refresh tokens**: each one has a random ``jti``; only its SHA-256 is stored
  (``RefreshTokenRecord``). The tokens of one sign-in form a ``family``. ``refresh_token_use``
  with ``rotate=True`` marks the presented token used and issues its successor. A used
  token presented again works once more within ``JWT_REFRESH_GRACE_SECONDS`` (a second tab
  that refreshed at the same moment); after that — or a second time — it is a reuse: the
  whole family is revoked (the successor stops working too) and the caller gets
  ``refresh_token_reused``. With ``rotate=False`` (a client that cannot receive a new refresh
  token) the token stays valid until it expires, as Saleor's do."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from .errors import CoreErrorCode
from .models import RefreshTokenRecord, User, new_jwt_token_key

#: How long a refresh token lives (Saleor's ``JWT_TTL_REFRESH``).
REFRESH_TTL = timedelta(days=30)


@dataclass(frozen=True)
class IssuedRefreshToken:
    """What the JWT of a new refresh token must carry: its ``jti`` and ``family``."""

    jti: str
    family: str
    expires_at: datetime


def _digest(jti: str) -> str:
    return hashlib.sha256(jti.encode()).hexdigest()


def refresh_token_issue(*, user: User, family: str | None = None) -> IssuedRefreshToken:
    """Records a new refresh token of ``user`` (a new family — a new sign-in — unless
    ``family`` is given) and returns the claims its JWT carries."""
    now = timezone.now()
    jti = get_random_string(43)
    family = family or str(uuid.uuid4())
    expires_at = now + REFRESH_TTL
    RefreshTokenRecord.objects.create(
        user=user,
        family=family,
        token_hash=_digest(jti),
        created_at=now,
        expires_at=expires_at,
    )
    return IssuedRefreshToken(jti=jti, family=family, expires_at=expires_at)


def _invalid() -> ValidationError:
    return ValidationError(
        {
            "refresh_token": ValidationError(
                _("Refresh token không hợp lệ hoặc đã bị thu hồi."),
                code=CoreErrorCode.JWT_INVALID_TOKEN,
            )
        }
    )


def refresh_token_use(
    *, user: User, jti: str, family: str, rotate: bool
) -> IssuedRefreshToken | None:
    """Spends the refresh token ``jti`` of ``user``: its successor when ``rotate`` (``None``
    otherwise). ``jwt_invalid_token`` for an unknown, expired or revoked token;
    ``refresh_token_reused`` (after revoking its family) for a used one outside the grace
    window. The revocation is committed before the error is raised."""
    now = timezone.now()
    grace = timedelta(seconds=settings.JWT_REFRESH_GRACE_SECONDS)
    with transaction.atomic():
        record = (
            RefreshTokenRecord.objects.select_for_update()
            .filter(token_hash=_digest(jti or ""), user=user)
            .first()
        )
        if (
            record is None
            or str(record.family) != family
            or record.revoked_at is not None
            or record.expires_at <= now
        ):
            raise _invalid()
        if record.used_at is None:
            if not rotate:
                return None
            record.used_at = now
            record.save(update_fields=["used_at"])
            return refresh_token_issue(user=user, family=family)
        if not record.grace_used and now - record.used_at <= grace:
            record.grace_used = True
            record.save(update_fields=["grace_used"])
            return refresh_token_issue(user=user, family=family) if rotate else None
        RefreshTokenRecord.objects.filter(family=record.family, revoked_at__isnull=True).update(
            revoked_at=now
        )
    # outside the transaction: the family stays revoked although the caller gets an error
    raise ValidationError(
        {
            "refresh_token": ValidationError(
                _(
                    "Refresh token đã được dùng; phiên đăng nhập này đã bị thu hồi, "
                    "vui lòng đăng nhập lại."
                ),
                code=CoreErrorCode.REFRESH_TOKEN_REUSED,
            )
        }
    )


def refresh_token_active(*, user: User, jti: str, family: str) -> bool:
    """Whether the refresh token ``jti`` of ``user`` is recorded and neither revoked nor
    expired (a spent one still counts until its family is revoked)."""
    record = RefreshTokenRecord.objects.filter(
        token_hash=_digest(jti or ""),
        user=user,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()
    return record is not None and str(record.family) == family


@transaction.atomic
def user_tokens_revoke(*, user: User) -> User:
    """Every JWT issued to ``user`` stops working: the token key is rotated and every
    refresh token family revoked. Called for sign-out everywhere, password changes and
    resets, and deactivation."""
    user.jwt_token_key = new_jwt_token_key()
    User.objects.filter(pk=user.pk).update(jwt_token_key=user.jwt_token_key)
    RefreshTokenRecord.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return user


def refresh_tokens_purge(*, before: datetime) -> int:
    """Deletes the records of refresh tokens that expired before ``before``; their number."""
    deleted, _ = RefreshTokenRecord.objects.filter(expires_at__lt=before).delete()
    return deleted
