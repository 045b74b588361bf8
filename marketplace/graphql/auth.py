"""JSON Web Tokens as Saleor issues them: HS256 signed with ``SECRET_KEY``; claims
``iss`` (the API URL — Saleor's auth client only sends the header when it matches),
``iat``, ``exp``, ``token`` (the user's JWT secret, so "log out everywhere" revokes),
``email``, ``type`` (access | refresh), ``user_id`` (a global ID) and ``is_staff``.
Access tokens live ``JWT_ACCESS_TTL`` (5 min), refresh tokens ``JWT_REFRESH_TTL``
(30 days)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from . import ids

ALGORITHM = "HS256"
ACCESS, REFRESH = "access", "refresh"
ACCESS_TTL = timedelta(minutes=5)
REFRESH_TTL = timedelta(days=30)


class InvalidToken(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def api_url(request: Any) -> str:
    return request.build_absolute_uri("/graphql/")


def _user_secret(user: Any) -> str:
    # the user's JWT key (rotated by ``tokensDeactivateAll``) and a piece of the password
    # hash (changes with every password change): either change revokes all old tokens
    return f"{getattr(user, 'jwt_token_key', '')}{(user.password or '')[-8:]}"


def create_token(user: Any, kind: str, request: Any, extra: dict[str, Any] | None = None) -> str:
    """A signed token; ``extra`` adds claims (``csrfToken`` on refresh tokens, ``aud``)."""
    now = timezone.now()
    ttl = ACCESS_TTL if kind == ACCESS else REFRESH_TTL
    payload = {
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "iss": api_url(request),
        "owner": "ocop",
        "token": _user_secret(user),
        "email": user.email,
        "type": kind,
        "user_id": ids.global_id("User", user.pk),
        "is_staff": bool(user.is_staff),
        **(extra or {}),
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def decode_token(token: str, kind: str | None = None) -> dict[str, Any]:
    try:
        payload = jwt.decode(
            token,
            settings.SECRET_KEY,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "iat", "type", "user_id"], "verify_aud": False},
        )
    except jwt.ExpiredSignatureError:
        raise InvalidToken("JWT_SIGNATURE_EXPIRED", "Signature has expired") from None
    except jwt.InvalidSignatureError:
        raise InvalidToken("JWT_INVALID_TOKEN", "Invalid token signature") from None
    except jwt.PyJWTError:
        raise InvalidToken("JWT_DECODE_ERROR", "Error decoding signature") from None
    if kind is not None and payload.get("type") != kind:
        raise InvalidToken("JWT_INVALID_TOKEN", "Invalid token type")
    return payload


def user_from_payload(payload: dict[str, Any]) -> Any:
    pk = ids.pk_of(payload["user_id"], "User")
    user = (
        get_user_model().objects.filter(pk=pk, is_active=True).first() if pk is not None else None
    )
    if user is None or _user_secret(user) != payload.get("token"):
        raise InvalidToken("JWT_INVALID_TOKEN", "Invalid token")
    return user


def user_from_request(request: Any) -> Any | None:
    """The user of an ``Authorization: Bearer <access token>`` header; ``None`` without
    one; ``InvalidToken`` for a bad or expired token."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith(("bearer ", "jwt ")):
        return None
    token = header.split(" ", 1)[1].strip()
    return user_from_payload(decode_token(token, ACCESS))
