"""JSON Web Tokens as Saleor issues them: HS256 signed with ``SECRET_KEY``; claims
``iss`` (the API URL — Saleor's auth client only sends the header when it matches),
``iat``, ``exp``, ``token`` (the user's random token key, ``User.jwt_token_key``: rotating
it revokes every token; nothing derived from the password is ever in a token),
``email``, ``type`` (access | refresh), ``user_id`` (a global ID) and ``is_staff``.
Refresh tokens also carry ``jti`` and ``family``, recorded server-side
(``marketplace.services_tokens``: rotation with reuse detection).
Access tokens live 5 minutes, refresh tokens 30 days."""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from marketplace.services_tokens import REFRESH_TTL, IssuedRefreshToken

from . import ids

ALGORITHM = "HS256"
ACCESS, REFRESH = "access", "refresh"
ACCESS_TTL = timedelta(minutes=5)
#: Saleor's cookie for the refresh token (``tokenRefresh`` reads it when no argument is
#: given, and then requires ``csrfToken``)
REFRESH_TOKEN_COOKIE = "refreshToken"


class InvalidToken(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def api_url(request: Any) -> str:
    return request.build_absolute_uri("/graphql/")


def create_token(user: Any, kind: str, request: Any, extra: dict[str, Any] | None = None) -> str:
    """A signed token; ``extra`` adds claims (``csrfToken``, ``jti`` and ``family`` on refresh
    tokens, ``aud``). Refresh tokens come from :func:`create_refresh_token`."""
    now = timezone.now()
    ttl = ACCESS_TTL if kind == ACCESS else REFRESH_TTL
    payload = {
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "iss": api_url(request),
        "owner": "ocop",
        "token": user.jwt_token_key,
        "email": user.email,
        "type": kind,
        "user_id": ids.global_id("User", user.pk),
        "is_staff": bool(user.is_staff),
        **(extra or {}),
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def create_refresh_token(
    user: Any, request: Any, issued: IssuedRefreshToken, extra: dict[str, Any] | None = None
) -> str:
    """The JWT of a refresh token recorded by ``services_tokens.refresh_token_issue``."""
    return create_token(
        user, REFRESH, request, {**(extra or {}), "jti": issued.jti, "family": issued.family}
    )


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
    if user is None or not hmac.compare_digest(
        str(user.jwt_token_key), str(payload.get("token") or "")
    ):
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


REFRESH_COOKIE_ATTRIBUTE = "_ocop_refresh_token_cookie"


def refresh_cookie_set(request: Any, token: str) -> None:
    """Asks the GraphQL view to put ``token`` in Saleor's ``refreshToken`` cookie of the
    response (a refresh token that came in the cookie is rotated there)."""
    setattr(request, REFRESH_COOKIE_ATTRIBUTE, token)


def refresh_cookie_write(request: Any, response: Any) -> None:
    """Writes the cookie :func:`refresh_cookie_set` asked for: HTTP-only, ``Secure`` and
    ``SameSite=None`` over HTTPS (Saleor's attributes), ``Lax`` over plain HTTP."""
    token = getattr(request, REFRESH_COOKIE_ATTRIBUTE, None)
    if not token:
        return
    secure = bool(request.is_secure())
    response.set_cookie(
        REFRESH_TOKEN_COOKIE,
        token,
        max_age=int(REFRESH_TTL.total_seconds()),
        httponly=True,
        secure=secure,
        samesite="None" if secure else "Lax",
    )
