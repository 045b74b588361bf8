"""Saleor's authentication mutations: ``tokenCreate`` (rate-limited), ``tokenRefresh``,
``tokenVerify``, ``tokensDeactivateAll``, ``requestPasswordReset``, ``setPassword`` and
``passwordChange``. Tokens are stateless JWTs (``marketplace.graphql.auth``); the CSRF
token goes into the refresh token as in Saleor, but refresh tokens only come from the
``refreshToken`` argument (no cookies), so it is never required."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError
from django.utils.crypto import get_random_string
from graphene.types.generic import GenericScalar

from marketplace import ratelimit
from marketplace import services_accounts as accounts
from marketplace.errors import Forbidden

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
    """Access and refresh tokens for ``user``, who becomes the request's user (so the
    payload's ``user { … }`` resolves as theirs)."""
    extra = {"aud": f"custom:{audience}"} if audience else {}
    csrf_token = get_random_string(64)
    request = info.context
    request.user = user
    return {
        "token": auth.create_token(user, auth.ACCESS, request, extra),
        "refresh_token": auth.create_token(
            user, auth.REFRESH, request, {**extra, "csrfToken": csrf_token}
        ),
        "csrf_token": csrf_token,
        "user": user,
    }


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

    class Meta:
        description = "Create JWT token."
        error_type = AccountError
        legacy_errors_field = "account_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = accounts.login_with_password(
            email=data["email"],
            password=data["password"],
            ip=ratelimit.client_ip(info.context.META),
        )
        accounts.last_login_touch(user)
        return issue_tokens(info, user, data.get("audience"))


class RefreshToken(BaseMutation):
    """Refresh JWT token. Mutation tries to take refreshToken from the input. If it
    fails it will try to take `refreshToken` from the http-only cookie `refreshToken`.
    `csrfToken` is required when `refreshToken` is provided as a cookie."""

    token = graphene.String(description="JWT token, required to authenticate.")
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
        refresh_token = data.get("refresh_token")
        if not refresh_token:
            raise ValidationError(
                {
                    "refresh_token": ValidationError(
                        "Thiếu refreshToken. / Missing refreshToken", code="jwt_missing_token"
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
        extra = {"aud": payload["aud"]} if payload.get("aud") else {}
        info.context.user = user
        accounts.last_login_touch(user)
        return {"token": auth.create_token(user, auth.ACCESS, info.context, extra), "user": user}


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
        accounts.user_tokens_revoke(user=info.context.user)
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
