"""Saleor's authentication mutations: ``tokenCreate`` (rate-limited; ``otpCode`` for an
account with two-factor sign-in), ``tokenRefresh``, ``tokenVerify``,
``tokensDeactivateAll``, ``requestPasswordReset``, ``setPassword`` and ``passwordChange``.

Access tokens are stateless JWTs (``marketplace.graphql.auth``); refresh tokens are
recorded server-side in families (``marketplace.services_tokens``). ``tokenRefresh``
rotates the refresh token when the client can receive the new one — it selects the
payload's ``refreshToken`` field, or sent the token in Saleor's ``refreshToken`` cookie (the
new one goes back in the cookie, and ``csrfToken`` is required as in Saleor). A client that
only reads ``token`` (Saleor's auth SDK) keeps its refresh token until it expires
(docs/security.md, "Tokens")."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode

from marketplace import ratelimit
from marketplace import services_accounts as accounts
from marketplace import services_tokens as tokens
from marketplace import services_two_factor as two_factor
from marketplace.errors import CoreErrorCode, Forbidden

from ... import auth
from ...errors import BaseMutation
from ..types import AccountError, User

SIGN_IN_REQUIRED = (
    "Vui lòng đăng nhập. / You need one of the following permissions: AUTHENTICATED_USER"
)


def signed_in_user(info: Any) -> Any:
    user = info.context.user
    if user is None or not user.is_authenticated:
        raise Forbidden(SIGN_IN_REQUIRED)
    return user


def issue_tokens(info: Any, user: Any, audience: str | None = None) -> dict[str, Any]:
    """Access and refresh tokens for ``user`` (a new refresh token family: a new sign-in),
    who becomes the request's user (so the payload's ``user { … }`` resolves as theirs)."""
    extra = {"aud": f"custom:{audience}"} if audience else {}
    csrf_token = get_random_string(64)
    request = info.context
    request.user = user
    issued = tokens.refresh_token_issue(user=user)
    return {
        "token": auth.create_token(user, auth.ACCESS, request, extra),
        "refresh_token": auth.create_refresh_token(
            user, request, issued, {**extra, "csrfToken": csrf_token}
        ),
        "csrf_token": csrf_token,
        "user": user,
    }


def selects(info: Any, field_name: str) -> bool:
    """Whether the client's selection on this mutation's payload includes ``field_name``
    (through fragments too): a client that asks for the rotated refresh token stores it."""
    pending = [node.selection_set for node in info.field_nodes if node.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode) and selection.name.value == field_name:
                return True
            if isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = info.fragments.get(selection.name.value)
                if fragment is not None:
                    pending.append(fragment.selection_set)
    return False


def _token_error(field: str, exc: auth.InvalidToken) -> ValidationError:
    return ValidationError({field: ValidationError(str(exc), code=exc.code.lower())})


class CreateToken(BaseMutation):
    """Create JWT token."""

    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(
        description="JWT refresh token, required to re-generate access token."
    )
    csrf_token = graphene.String(description="CSRF token required to re-generate access token.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        audience = graphene.String(
            description="The audience that will be included to JWT tokens with prefix `custom:`."
        )
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")
        otp_code = graphene.String(
            description="A code of the user's authenticator app (or a recovery code), "
            "required for an account with two-factor sign-in. Without it such an account "
            "gets `REQUIRED` on the `otpCode` field (after the right password only); an "
            "account that must use two-factor sign-in but has not set it up gets "
            "`DISABLED_AUTHENTICATION_METHOD`."
        )

    class Meta:
        description = "Create JWT token."
        error_type = AccountError
        legacy_errors_field = "account_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        ip = ratelimit.client_ip(info.context.META)
        user = accounts.login_with_password(email=data["email"], password=data["password"], ip=ip)
        two_factor.sign_in_check(user=user, code=data.get("otp_code"))
        accounts.last_login_touch(user)
        return issue_tokens(info, user, data.get("audience"))


class RefreshToken(BaseMutation):
    """Refresh JWT token. Mutation tries to take refreshToken from the input. If it
    fails it will try to take `refreshToken` from the http-only cookie `refreshToken`.
    `csrfToken` is required when `refreshToken` is provided as a cookie."""

    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(
        description="The new refresh token when the one sent was rotated: select this field "
        "to receive it, then use it for the next refresh (the one sent is spent; using it "
        "again after a short grace period revokes the sign-in). Null when the refresh token "
        "was not rotated (the field not selected) or it came in the `refreshToken` cookie, "
        "where the new one is set instead."
    )
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        csrf_token = graphene.String(
            description="CSRF token required to refresh token. This argument is required "
            "when `refreshToken` is provided as a cookie."
        )
        refresh_token = graphene.String(description="Refresh token.")

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        request = info.context
        from_cookie = not data.get("refresh_token")
        refresh_token = data.get("refresh_token") or request.COOKIES.get(auth.REFRESH_TOKEN_COOKIE)
        if not refresh_token:
            raise ValidationError(
                {
                    "refresh_token": ValidationError(
                        "Thiếu refreshToken. / Missing refreshToken",
                        code=CoreErrorCode.JWT_MISSING_TOKEN,
                    )
                }
            )
        try:
            payload = auth.decode_token(refresh_token)
            if payload.get("type") != auth.REFRESH:
                raise auth.InvalidToken("JWT_INVALID_TOKEN", "Incorrect refreshToken")
            user = auth.user_from_payload(payload)
        except auth.InvalidToken as exc:
            raise _token_error("refresh_token", exc) from None
        if from_cookie and not constant_time_compare(
            str(data.get("csrf_token") or ""), str(payload.get("csrfToken") or "")
        ):
            raise ValidationError(
                {
                    "csrf_token": ValidationError(
                        _("CSRF token không hợp lệ."),
                        code=CoreErrorCode.JWT_INVALID_CSRF_TOKEN,
                    )
                }
            )
        rotate = from_cookie or selects(info, "refreshToken")
        successor = tokens.refresh_token_use(
            user=user,
            jti=str(payload.get("jti") or ""),
            family=str(payload.get("family") or ""),
            rotate=rotate,
        )
        extra = {"aud": payload["aud"]} if payload.get("aud") else {}
        new_refresh_token = None
        if successor is not None:
            new_refresh_token = auth.create_refresh_token(
                user, request, successor, {**extra, "csrfToken": payload.get("csrfToken")}
            )
            if from_cookie:
                auth.refresh_cookie_set(request, new_refresh_token)
                new_refresh_token = None
        request.user = user
        accounts.last_login_touch(user)
        return {
            "token": auth.create_token(user, auth.ACCESS, request, extra),
            "refresh_token": new_refresh_token,
            "user": user,
        }


class VerifyToken(BaseMutation):
    """Verify JWT token."""

    user = graphene.Field(User, description="User assigned to token.")
    is_valid = graphene.Boolean(required=True, description="Determine if token is valid or not.")
    # not ``payload``: that name is ``BaseMutation.payload``
    jwt_payload = GenericScalar(name="payload", description="JWT payload.")

    class Arguments:
        token = graphene.String(required=True, description="JWT token to validate.")

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    @staticmethod
    def resolve_is_valid(root: Any, info: Any) -> bool:
        return bool(root.is_valid)

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        try:
            payload = auth.decode_token(data["token"])
            user = auth.user_from_payload(payload)
            if payload.get("type") == auth.REFRESH and not tokens.refresh_token_active(
                user=user,
                jti=str(payload.get("jti") or ""),
                family=str(payload.get("family") or ""),
            ):
                raise auth.InvalidToken("JWT_INVALID_TOKEN", "Invalid token")
        except auth.InvalidToken as exc:
            raise _token_error("token", exc) from None
        if not (info.context.user and info.context.user.is_authenticated):
            info.context.user = user  # the token's owner may read their own fields here
        return {"user": user, "is_valid": True, "jwt_payload": payload}


class DeactivateAllUserTokens(BaseMutation):
    """Deactivate all JWT tokens of the currently authenticated user."""

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        tokens.user_tokens_revoke(user=info.context.user)
        return {}


class RequestPasswordReset(BaseMutation):
    """Sends an email with the account password modification link."""

    class Arguments:
        channel = graphene.String(
            description="Slug of a channel which will be used to notify the user."
        )
        email = graphene.String(
            required=True, description="Email of the user that will be used for password recovery."
        )
        redirect_url = graphene.String(
            required=True,
            description="URL of a view where users should be redirected "
            "to reset the password. URL in RFC 1808 format.",
        )

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        accounts.password_reset_request(email=data["email"], redirect_url=data["redirect_url"])
        return {}


class SetPassword(BaseMutation):
    """Sets the user's password from the token sent by email using the
    RequestPasswordReset mutation."""

    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(
        description="JWT refresh token, required to re-generate access token."
    )
    csrf_token = graphene.String(description="CSRF token required to re-generate access token.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")
        token = graphene.String(
            required=True, description="A one-time token required to set the password."
        )

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = accounts.password_set_with_token(
            email=data["email"], token=data["token"], password=data["password"]
        )
        accounts.login_attempts_clear(email=user.email, ip=ratelimit.client_ip(info.context.META))
        accounts.last_login_touch(user)
        return issue_tokens(info, user)


class PasswordChange(BaseMutation):
    """Change the password of the logged in user. Every token issued before stops
    working (this one too): the client signs in again with the new password."""

    user = graphene.Field(User, description="A user instance with a new password.")

    class Arguments:
        new_password = graphene.String(required=True, description="New user password.")
        old_password = graphene.String(description="Current user password.")

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = accounts.password_change(
            user=info.context.user,
            old_password=data.get("old_password"),
            new_password=data["new_password"],
        )
        return {"user": user}
